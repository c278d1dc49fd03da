// SPDX-License-Identifier: GPL-3.0-or-later
// Exporting the current view: its JSON descriptor, NumPy __array_interface__ or a Python
// snippet, to a file or the clipboard; its data as a .npy file; and importing a descriptor
// (.json) back as an exporter row with one child view. Files are written atomically
// (QSaveFile, and writeNpy's temporary file + rename).
#pragma once

#include "common/result.h"

#include <QModelIndex>
#include <QObject>
#include <QPersistentModelIndex>

class QMenu;

namespace bufferscope {

class CurrentBuffer;

class ExportController : public QObject
{
    Q_OBJECT

public:
    enum class TextKind { DescriptorJson, ArrayInterface, PythonSnippet };

    explicit ExportController(CurrentBuffer *current, QObject *parent = nullptr);

    void addActions(QMenu *menu);

    // The work of the actions, without file dialogs.
    Result<QString> text(TextKind kind) const;
    Status saveText(TextKind kind, const QString &path);
    Status copyText(TextKind kind);
    Status saveNpy(const QString &path);
    // loadDescriptor, then the exporter and (unless the expression is empty) one child view
    // made from the descriptor's expression, so the tree counts the export. Returns the view's
    // row (the exporter's when the expression is empty).
    Result<QModelIndex> importDescriptor(const QString &path);

signals:
    void message(const QString &text);
    // An export that cannot be made, said before a file name is asked for.
    void refused(const QString &text, const QList<QPersistentModelIndex> &holders);

private:
    void chooseSaveText(TextKind kind);
    void chooseSaveNpy();
    void chooseImport();
    template<class T> T report(T result, const QString &done);

    CurrentBuffer *m_current;
};

} // namespace bufferscope
