// SPDX-License-Identifier: GPL-3.0-or-later
// LiveLink: lines in, exporters into the tree, release and acknowledgements out.
#include "models/live_link.h"

#include "descriptors/view_descriptor.h"
#include "exporters/live/live_protocol.h"
#include "exporters/source_bytes.h"
#include "models/buffer_tree_model.h"
#include "views/view.h"

#include <QTimer>

namespace bufferscope {

namespace {

// A message line longer than this is a broken peer, not a descriptor (a 64-dimensional
// descriptor with a report is a few KiB).
constexpr qsizetype kMaxLine = 16 << 20;

} // namespace

LiveLink::LiveLink(BufferTreeModel *model, QObject *parent)
    : QObject(parent), m_model(model), m_socket(new QLocalSocket(this))
{
    connect(m_socket, &QLocalSocket::readyRead, this, &LiveLink::readLines);
    connect(m_socket, &QLocalSocket::disconnected, this, &LiveLink::disconnected);
    connect(m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError) {
        if (m_socket->state() != QLocalSocket::ConnectedState)
            emit message(tr("Live objects: %1").arg(m_socket->errorString()));
    });
}

LiveLink::~LiveLink()
{
    // The exporters may outlive the link (the model owns them): their release hooks must not
    // reach a dead link.
    for (auto &[id, exporter] : m_exporters)
        exporter->setReleaseHook({});
}

void LiveLink::connectTo(const QString &path)
{
    m_socket->connectToServer(path);
}

std::vector<LiveExporter *> LiveLink::exporters() const
{
    std::vector<LiveExporter *> out;
    for (const auto &[id, exporter] : m_exporters)
        out.push_back(exporter);
    return out;
}

void LiveLink::readLines()
{
    m_pending += m_socket->readAll();
    for (;;) {
        const qsizetype end = m_pending.indexOf('\n');
        if (end < 0)
            break;
        const QByteArray line = m_pending.left(end);
        m_pending.remove(0, end + 1);
        handle(line);
    }
    if (m_pending.size() > kMaxLine) {
        emit message(tr("Live objects: a message longer than %1 bytes; connection closed")
                         .arg(kMaxLine));
        m_pending.clear();
        m_socket->abort();
    }
}

void LiveLink::handle(const QByteArray &line)
{
    auto parsed = parseLiveLine(std::string_view(line.constData(), std::size_t(line.size())));
    if (!parsed) {
        emit message(tr("Live objects: %1").arg(QString::fromStdString(parsed.error().message)));
        return;
    }
    const std::string op = (*parsed)["op"].get<std::string>();
    if (op == "hello") {
        const auto pid = parsed->find("pid");
        m_pid = pid != parsed->end() && pid->is_number_integer() ? pid->get<std::int64_t>() : 0;
    } else if (op == "show") {
        show(*parsed);
    } else if (op == "refresh") {
        setStale(false);
    } else if (op == "stale") {
        setStale(true);
    } else if (op == "close") {
        closeObject(*parsed);
    } else if (op == "view") {
        makeView(*parsed);
    }
}

LiveExporter *LiveLink::exporterOf(const nlohmann::json &message) const
{
    const auto id = message.find("id");
    if (id == message.end() || !id->is_number_unsigned())
        return nullptr;
    const auto it = m_exporters.find(id->get<std::uint64_t>());
    return it == m_exporters.end() ? nullptr : it->second;
}

void LiveLink::reply(const nlohmann::json &request, nlohmann::json answer)
{
    const auto number = request.find("request");
    answer["request"] = number != request.end() ? *number : nlohmann::json();
    send(answer);
}

void LiveLink::closeObject(const nlohmann::json &message)
{
    LiveExporter *exporter = exporterOf(message);
    if (!exporter) {
        reply(message, {{"op", "refused"}, {"message", "live: no such object in the window"}});
        return;
    }
    // As the user's Close: refused while views hold exports; on success the release hook
    // has already sent "release".
    removeWhenFree(QPersistentModelIndex(m_model->indexOf(exporter)), kBusyWaitMs,
                   [this, message](const Status &closed) {
                       reply(message, closed ? nlohmann::json{{"op", "closed"}}
                                             : nlohmann::json{{"op", "refused"},
                                                              {"message", closed.error().message}});
                   });
}

void LiveLink::removeWhenFree(const QPersistentModelIndex &index, int waitMs,
                              std::function<void(const Status &)> done)
{
    if (!index.isValid()) {
        done(makeError(ErrorCategory::Value, "live: the object is no longer in the window"));
        return;
    }
    const Status removed = m_model->remove(index);
    // A render of the new row may hold an export for a few milliseconds: a refusal for
    // exports is asked again until the wait runs out, any other answer is final.
    if (removed || removed.error().category != ErrorCategory::Export || waitMs <= 0) {
        done(removed);
        return;
    }
    QTimer::singleShot(kRetryMs, this, [this, index, waitMs, done = std::move(done)]() mutable {
        removeWhenFree(index, waitMs - kRetryMs, std::move(done));
    });
}

void LiveLink::makeView(const nlohmann::json &message)
{
    LiveExporter *exporter = exporterOf(message);
    const auto expression = message.find("expression");
    if (!exporter || expression == message.end() || !expression->is_string()) {
        reply(message, {{"op", "refused"},
                        {"message", exporter ? "live: field 'expression' must be a string"
                                             : "live: no such object in the window"}});
        return;
    }
    auto view = m_model->createView(m_model->indexOf(exporter),
                                    QString::fromStdString(expression->get<std::string>()));
    if (!view) {
        reply(message, {{"op", "refused"}, {"message", view.error().message}});
        return;
    }
    const BufferSource *source = m_model->source(*view);
    nlohmann::json answer{{"op", "viewed"}, {"descriptor", viewDescriptor(*source)}};
    if (message.value("tobytes", false)) {
        auto bytes = sourceBytes(*source, Order::C);
        if (!bytes) {
            reply(message, {{"op", "refused"}, {"message", bytes.error().message}});
            return;
        }
        answer["tobytes"] = QByteArray(reinterpret_cast<const char *>(bytes->data()),
                                       qsizetype(bytes->size()))
                                .toBase64()
                                .toStdString();
    }
    // keep: false asks only for the answer (tests, scripts): the view is released again
    // before the answer goes out, so the object can be closed right after.
    if (!message.value("keep", true)) {
        removeWhenFree(QPersistentModelIndex(*view), kBusyWaitMs,
                       [this, message, answer](const Status &) { reply(message, answer); });
        return;
    }
    reply(message, answer);
}

void LiveLink::show(const nlohmann::json &message)
{
    auto parsed = parseLiveShow(message, m_pid);
    if (!parsed) {
        const auto id = message.find("id");
        send({{"op", "refused"},
              {"id", id != message.end() && id->is_number_unsigned() ? *id : nlohmann::json()},
              {"message", parsed.error().message}});
        emit this->message(tr("Live objects: %1").arg(QString::fromStdString(parsed.error().message)));
        return;
    }
    const std::uint64_t id = parsed->object.id;
    const QString name = QString::fromStdString(
        parsed->object.name.empty() ? parsed->object.pythonType : parsed->object.name);
    // The process whose memory it is: the module's own, or the program a debugger stopped.
    const auto pid = static_cast<pid_t>(parsed->object.pid);
    auto exporter = LiveExporter::create(std::move(parsed->object), std::move(parsed->descriptor),
                                         std::make_shared<ProcessMemoryReader>(pid));
    if (!exporter) {
        send({{"op", "refused"}, {"id", id}, {"message", exporter.error().message}});
        return;
    }
    LiveExporter *live = exporter->get();
    // Closing it in the window (or the window closing) gives the Python export back.
    live->setReleaseHook([link = QPointer<LiveLink>(this), id] {
        if (!link)
            return;
        link->m_exporters.erase(id);
        link->send({{"op", "release"}, {"id", id}});
    });
    m_exporters[id] = live;
    const QModelIndex index = m_model->addExporter(std::move(exporter).value(), name);
    const auto replaces = message.find("replaces");
    if (replaces != message.end() && replaces->is_number_unsigned())
        replace(replaces->get<std::uint64_t>(), index);
    send({{"op", "shown"}, {"id", id}});
    emit shown(index);
}

void LiveLink::copyViews(const QModelIndex &from, const QModelIndex &to)
{
    for (int row = 0; row < m_model->rowCount(from); ++row) {
        const QModelIndex child = m_model->index(row, 0, from);
        const View *view = m_model->view(child);
        if (!view)
            continue;
        auto copy = m_model->createView(to, QString::fromStdString(view->expression()));
        if (copy)
            copyViews(child, *copy);
    }
}

void LiveLink::removeTree(const QPersistentModelIndex &index)
{
    for (int row = m_model->rowCount(index) - 1; row >= 0; --row)
        removeTree(QPersistentModelIndex(m_model->index(row, 0, index)));
    removeWhenFree(index, kBusyWaitMs, [](const Status &) {});
}

void LiveLink::replace(std::uint64_t oldId, const QModelIndex &replacement)
{
    const auto it = m_exporters.find(oldId);
    if (it == m_exporters.end())
        return;
    const QPersistentModelIndex old(m_model->indexOf(it->second));
    const QPersistentModelIndex added(replacement);
    copyViews(old, added);
    // The old address shows nothing current any more: its views go, then it (a view a panel
    // is rendering is retried, as for close).
    removeTree(old);
}

void LiveLink::send(const nlohmann::json &message)
{
    if (m_socket->state() != QLocalSocket::ConnectedState)
        return;
    m_socket->write(QByteArray::fromStdString(message.dump() + "\n"));
    m_socket->flush();
}

void LiveLink::markChanged(LiveExporter *exporter)
{
    m_model->bytesChanged(m_model->indexOf(exporter));
}

void LiveLink::refresh()
{
    for (auto &[id, exporter] : m_exporters) {
        exporter->refresh();
        markChanged(exporter);
    }
}

void LiveLink::setStale(bool stale)
{
    for (auto &[id, exporter] : m_exporters) {
        stale ? exporter->markStale() : exporter->markStopped();
        markChanged(exporter);
    }
    if (stale != m_stale) {
        m_stale = stale;
        emit staleChanged(stale);
    }
}

void LiveLink::disconnected()
{
    bool debugger = false;
    for (auto &[id, exporter] : m_exporters) {
        debugger = debugger || exporter->object().kind == "debugger";
        exporter->markGone();
        markChanged(exporter);
    }
    emit message(debugger ? tr("The gdb session %1 ended: its buffers stay for their "
                               "descriptors; their bytes can no longer be read")
                                .arg(m_pid)
                          : tr("Python process %1 ended: its objects stay for their "
                               "descriptors; their bytes can no longer be read")
                                .arg(m_pid));
    emit ended();
}

} // namespace bufferscope
