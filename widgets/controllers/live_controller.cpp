// SPDX-License-Identifier: GPL-3.0-or-later
// LiveController: the Live menu over a LiveLink.
#include "controllers/live_controller.h"

#include "models/live_link.h"

#include <QAction>
#include <QMenu>
#include <QTimer>

namespace bufferscope {

LiveController::LiveController(BufferTreeModel *model, QObject *parent)
    : QObject(parent), m_link(new LiveLink(model, this)),
      m_refresh(new QAction(tr("&Refresh Live Objects"), this)),
      m_autoRefresh(new QAction(tr("&Auto-refresh"), this)), m_timer(new QTimer(this))
{
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setStatusTip(tr("Read the live objects' bytes again from the Python process"));
    m_autoRefresh->setCheckable(true);
    m_autoRefresh->setStatusTip(tr("Read the live objects' bytes again twice a second"));
    m_timer->setInterval(kAutoRefreshMs);
    connect(m_refresh, &QAction::triggered, m_link, &LiveLink::refresh);
    connect(m_timer, &QTimer::timeout, m_link, &LiveLink::refresh);
    connect(m_autoRefresh, &QAction::toggled, this,
            [this](bool on) { on ? m_timer->start() : m_timer->stop(); });
    connect(m_link, &LiveLink::message, this, &LiveController::message);
    // A debugged program that runs makes every buffer it shows stale: say so once per change.
    connect(m_link, &LiveLink::staleChanged, this, [this](bool stale) {
        emit message(stale ? tr("Debugger: the program is running; its buffers are read again "
                                "when it stops")
                           : tr("Debugger: the program stopped; its buffers were read again"));
    });
    connect(m_link, &LiveLink::ended, this, [this] {
        m_autoRefresh->setChecked(false);
        m_autoRefresh->setEnabled(false);
        m_refresh->setEnabled(false);
    });
}

void LiveController::addActions(QMenu *menu)
{
    menu->addAction(m_refresh);
    menu->addAction(m_autoRefresh);
}

void LiveController::connectTo(const QString &socketPath)
{
    m_link->connectTo(socketPath);
}

} // namespace bufferscope
