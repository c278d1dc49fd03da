// SPDX-License-Identifier: GPL-3.0-or-later
// The user's actions on live objects (bufferscope.show from Python): Refresh re-reads their
// bytes (what Python changed shows in every panel), Auto-refresh does it on a timer. The
// objects arrive through the LiveLink the window was started with (--live PATH); gdb's
// bufferscope show uses the same link, and its stops and continues are reported here.
#pragma once

#include <QObject>

class QAction;
class QMenu;
class QTimer;

namespace bufferscope {

class BufferTreeModel;
class LiveLink;

class LiveController : public QObject
{
    Q_OBJECT

public:
    explicit LiveController(BufferTreeModel *model, QObject *parent = nullptr);

    void addActions(QMenu *menu);
    // Starts listening to the module at `socketPath`.
    void connectTo(const QString &socketPath);
    LiveLink *link() const { return m_link; }
    QAction *refreshAction() const { return m_refresh; }
    QAction *autoRefreshAction() const { return m_autoRefresh; }
    static constexpr int kAutoRefreshMs = 500;

signals:
    void message(const QString &text);

private:
    LiveLink *m_link;
    QAction *m_refresh;
    QAction *m_autoRefresh;
    QTimer *m_timer;
};

} // namespace bufferscope
