// SPDX-License-Identifier: GPL-3.0-or-later
// The window's end of the bufferscope Python module's socket (live_protocol.h): each "show"
// becomes a LiveExporter in the tree, reading the object's bytes from the Python process on
// demand; closing it in the window sends "release" so Python gives its export back; when the
// connection ends (the process exited), every exporter it brought is marked gone and kept
// for its descriptors. Qt Core + Network only, so it is tested without a display.
#pragma once

#include "exporters/live/live_exporter.h"

#include <QLocalSocket>
#include <QObject>
#include <QPersistentModelIndex>
#include <QPointer>

#include <functional>
#include <map>

namespace bufferscope {

class BufferTreeModel;

class LiveLink : public QObject
{
    Q_OBJECT

public:
    explicit LiveLink(BufferTreeModel *model, QObject *parent = nullptr);
    ~LiveLink() override;

    // Connects to the module's socket (`bufferscope --live PATH`).
    void connectTo(const QString &path);
    bool isConnected() const { return m_socket->state() == QLocalSocket::ConnectedState; }
    std::int64_t pid() const { return m_pid; }
    // The live exporters this link brought that are still in the tree.
    std::vector<LiveExporter *> exporters() const;
    // The bytes may have changed: drops fetched copies and redraws every view of them.
    void refresh();
    // Whether a debugger's program is running (between "stale" and "refresh").
    bool isStale() const { return m_stale; }

signals:
    void message(const QString &text);
    void shown(const QModelIndex &index); // a new live exporter is in the tree
    void ended();                         // the Python process closed the connection
    void staleChanged(bool stale);        // a debugger's program continued or stopped

private:
    void readLines();
    void handle(const QByteArray &line);
    void show(const nlohmann::json &message);
    void send(const nlohmann::json &message);
    void reply(const nlohmann::json &request, nlohmann::json answer);
    LiveExporter *exporterOf(const nlohmann::json &message) const;
    void closeObject(const nlohmann::json &message);
    void makeView(const nlohmann::json &message);
    // Removes the row (close or release); refusals for exports are retried every kRetryMs
    // for up to `waitMs`, since a render of the row holds an export while it runs.
    void removeWhenFree(const QPersistentModelIndex &index, int waitMs,
                        std::function<void(const Status &)> done);
    static constexpr int kBusyWaitMs = 2000;
    // A "show" with "replaces" (gdb's --follow: the expression points elsewhere at this
    // stop): the old object's views, nested, are made again on the new one, then the old one
    // and its views are closed.
    void replace(std::uint64_t oldId, const QModelIndex &replacement);
    void copyViews(const QModelIndex &from, const QModelIndex &to);
    void removeTree(const QPersistentModelIndex &index);
    static constexpr int kRetryMs = 10;
    void disconnected();
    void markChanged(LiveExporter *exporter);
    // "stale" (the debugged program continues) and "refresh" (it stopped, or Python said the
    // bytes changed): every exporter of the link is refused or re-read, and redrawn.
    void setStale(bool stale);

    BufferTreeModel *m_model;
    QLocalSocket *m_socket;
    QByteArray m_pending;
    std::int64_t m_pid = 0;
    bool m_stale = false;
    std::map<std::uint64_t, LiveExporter *> m_exporters; // id -> exporter (owned by the model)
};

} // namespace bufferscope
