// SPDX-License-Identifier: GPL-3.0-or-later
// Actions on the selected tree row: Release view / Close exporter (Delete), Resize memory
// buffer…, Reshape exporter…. Each goes through the shared BufferHistory, so it can be
// undone; a refusal from the core ("view has 1 exported buffer", "Existing exports of data:
// object cannot be re-sized") becomes message() and refused() and changes nothing.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <QObject>
#include <QPersistentModelIndex>

#include <vector>

class QAction;
class QMenu;

namespace bufferscope {

class BufferHistory;
class CurrentBuffer;

class BufferController : public QObject
{
    Q_OBJECT

public:
    explicit BufferController(CurrentBuffer *current, QObject *parent = nullptr);

    void addActions(QMenu *menu);
    QAction *removeAction() const { return m_remove; }
    QAction *resizeAction() const { return m_resize; }
    QAction *reshapeAction() const { return m_reshape; }

    // The actions' work on the current row, without dialogs (the dialogs call these).
    Status removeCurrent();
    Status resizeCurrent(ByteOffset nbytes);
    Status reshapeCurrent(std::vector<std::int64_t> shape);

signals:
    void message(const QString &text);
    // A refusal to show in the window: the core's text and the rows holding exports on the
    // refused row (its child views), for the user to go to.
    void refused(const QString &text, const QList<QPersistentModelIndex> &holders);

private:
    void currentChanged();
    void askResize();
    void askReshape();
    Status report(Status status, const QString &done);

    CurrentBuffer *m_current;
    BufferHistory *m_history;
    QAction *m_remove;
    QAction *m_resize;
    QAction *m_reshape;
};

} // namespace bufferscope
