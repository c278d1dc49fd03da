// SPDX-License-Identifier: GPL-3.0-or-later
// Making new exporters from dialogs: "Open Raw…" (a headerless file described by header
// offset, format, shape, order and copy-on-write, previewed live) and "New Memory Buffer…"
// (format and shape). Both add a top-level row to the tree; failures become message().
#pragma once

#include "common/result.h"
#include "exporters/raw/raw_options.h"

#include <QModelIndex>
#include <QObject>

class QMenu;

namespace bufferscope {

class BufferTreeModel;

class CreateController : public QObject
{
    Q_OBJECT

public:
    explicit CreateController(BufferTreeModel *model, QObject *parent = nullptr);

    void addActions(QMenu *menu);

    // The work of the dialogs, without them.
    Result<QModelIndex> openRaw(const QString &path, const RawOptions &options);
    Result<QModelIndex> newMemory(const QString &format, const std::vector<std::int64_t> &shape);

    // Asks for a file, then its options (RawDialog). Empty path: ask for the file too.
    void chooseRaw(const QString &path = QString());
    void chooseMemory();

signals:
    void message(const QString &text);

private:
    Result<QModelIndex> report(Result<QModelIndex> result, const QString &done);

    BufferTreeModel *m_model;
    int m_memoryCount = 0;
};

} // namespace bufferscope
