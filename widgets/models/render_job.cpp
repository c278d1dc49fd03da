// SPDX-License-Identifier: GPL-3.0-or-later
// The render worker: one thread of its own, newest request wins.
#include "models/render_job.h"

#include "buffer/read_cancel.h"
#include "exporters/buffer_source.h"
#include "exporters/exporter.h"
#include "models/chunk_prefetch.h"

#include <QSaveFile>

namespace bufferscope {

RenderJob::RenderJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<bufferscope::RenderResult>();
    qRegisterMetaType<std::shared_ptr<const bufferscope::PlaneSummary>>();
    // One worker: renders of one panel are sequential, and a superseded one that has not
    // started yet is skipped when its turn comes.
    m_pool.setMaxThreadCount(1);
}

RenderJob::~RenderJob()
{
    waitForIdle();
}

Result<std::uint64_t> RenderJob::hold(BufferSource *source)
{
    if (!source)
        return std::uint64_t{0};
    auto granted = source->getBuffer(bufferscope::request::FullRO);
    if (!granted)
        return granted.error();
    const std::uint64_t ticket = ++m_nextTicket;
    m_held[ticket] = source;
    return ticket;
}

std::uint64_t RenderJob::request(const RenderRequest &request, BufferSource *source)
{
    const bool wasBusy = isBusy();
    const std::uint64_t generation = m_latest.fetch_add(1) + 1;
    if (!wasBusy)
        emit busyChanged(true);
    const auto ticket = hold(source);
    if (!ticket) {
        RenderResult result;
        result.generation = generation;
        result.error = QString::fromStdString(ticket.error().message);
        QMetaObject::invokeMethod(
            this, [this, generation, result] { deliver(generation, result, {}); },
            Qt::QueuedConnection);
        return generation;
    }
    std::shared_ptr<const PlaneSummary> cached;
    if (m_cachedPlane && m_cachedKey == request.plane)
        cached = m_cachedPlane;
    // The held export keeps the whole chain, and so the exporter, alive while the worker runs.
    const Exporter *root = source ? &source->rootExporter() : nullptr;
    m_pool.start([this, generation, ticket = *ticket, request, cached, root] {
        const KeepGoing current = [this, generation] { return m_latest.load() == generation; };
        // A newer request also stops the chunk loads below fetch (read_cancel.h): a slider
        // dragged over a slow store loads only the planes it stops on.
        const ReadCancelScope cancelReads(current);
        // A mapped file cut short under us reads as zeros (the SIGBUS guard): say so instead
        // of drawing them.
        auto damaged = [root] { return root ? root->checkData() : Status{}; };
        RenderResult result;
        if (current()) {
            ChunkLoadCallbacks loading;
            loading.progress = [this, current](std::size_t done, std::size_t needed) {
                if (current())
                    emit chunkProgress(qint64(done), qint64(needed)); // queued to the GUI
            };
            loading.preview = [this, generation](RenderResult preview) {
                preview.generation = generation;
                QMetaObject::invokeMethod(
                    this,
                    [this, preview] {
                        if (preview.generation == m_latest.load())
                            emit previewReady(preview);
                    },
                    Qt::QueuedConnection);
            };
            loadChunksFirst(request, cached, current, loading);
        }
        if (current())
            result = renderNow(request, cached, current);
        if (result.error.isEmpty()) {
            if (const Status data = damaged(); !data) {
                result.error = QString::fromStdString(data.error().message);
                result.image = QImage();
            }
        }
        if (!current()) {
            ++m_discarded;
        } else {
            result.generation = generation;
            QMetaObject::invokeMethod(
                this,
                [this, generation, result, key = request.plane] { deliver(generation, result, key); },
                Qt::QueuedConnection);
            // The plane's histogram, now that the picture is out, unless it is known already
            // (a newer request abandons this pass; the next render of the plane runs it again).
            if (result.error.isEmpty() && result.plane && !result.plane->hasHistogram()) {
                auto summary = withHistogram(request.plane, *result.plane, current);
                if (summary && damaged()) {
                    QMetaObject::invokeMethod(
                        this,
                        [this, summary = *summary, key = request.plane] {
                            deliverHistogram(summary, key);
                        },
                        Qt::QueuedConnection);
                }
            }
        }
        QMetaObject::invokeMethod(this, [this, ticket] { giveBack(ticket); }, Qt::QueuedConnection);
    });
    return generation;
}

std::uint64_t RenderJob::requestPercentiles(const PlaneKey &key, BufferSource *source,
                                            double lowerPercent, double upperPercent)
{
    const auto ticket = hold(source);
    if (!ticket)
        return 0;
    const std::uint64_t answer = *ticket ? *ticket : ++m_nextTicket;
    m_pool.start([this, key, ticket = *ticket, answer, lowerPercent, upperPercent] {
        const auto range = planePercentiles(key, lowerPercent, upperPercent);
        QMetaObject::invokeMethod(
            this,
            [this, ticket, answer, range] {
                giveBack(ticket);
                if (range)
                    emit percentilesReady(answer, range->first, range->second);
            },
            Qt::QueuedConnection);
    });
    return answer;
}

std::uint64_t RenderJob::requestImageFile(const RenderRequest &request, BufferSource *source,
                                          const QString &path)
{
    const auto ticket = hold(source);
    if (!ticket)
        return 0;
    const std::uint64_t answer = *ticket ? *ticket : ++m_nextTicket;
    m_pool.start([this, request, path, ticket = *ticket, answer] {
        const auto progress = [this, answer](double fraction) {
            const int percent = static_cast<int>(fraction * 100.0);
            QMetaObject::invokeMethod(
                this, [this, answer, percent] { emit imageProgress(answer, percent); },
                Qt::QueuedConnection);
        };
        const QImage image = fullResolutionImage(request, progress);
        QString error;
        if (image.isNull()) {
            error = tr("nothing to export");
        } else {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
                error = tr("cannot write '%1': %2").arg(path, file.errorString());
        }
        const QSize size = image.size();
        QMetaObject::invokeMethod(
            this,
            [this, ticket, answer, path, error, size] {
                giveBack(ticket);
                emit imageWritten(answer, path, error, size);
            },
            Qt::QueuedConnection);
    });
    return answer;
}

void RenderJob::giveBack(std::uint64_t ticket)
{
    auto held = m_held.find(ticket);
    if (held == m_held.end())
        return;
    held->second->releaseBuffer();
    m_held.erase(held);
}

void RenderJob::deliver(std::uint64_t generation, RenderResult result, PlaneKey key)
{
    if (generation != m_latest.load()) { // superseded while the result was on its way
        ++m_discarded;
        return;
    }
    m_delivered = generation;
    if (result.plane && !(m_cachedPlane && m_cachedKey == key && m_cachedPlane->hasHistogram())) {
        m_cachedPlane = result.plane;
        m_cachedKey = std::move(key);
    }
    emit finished(result);
    emit busyChanged(false);
}

void RenderJob::deliverHistogram(std::shared_ptr<const PlaneSummary> summary, PlaneKey key)
{
    // Only for the plane last delivered: a render of another plane has replaced it since.
    if (!(m_cachedKey == key))
        return;
    m_cachedPlane = summary;
    m_cachedKey = std::move(key);
    emit histogramReady(summary);
}

void RenderJob::cancel()
{
    const bool wasBusy = isBusy();
    // Queued workers stay queued: each sees it is stale, skips the work and gives its export
    // back, which clearing the queue would lose.
    m_delivered = m_latest.fetch_add(1) + 1;
    if (wasBusy)
        emit busyChanged(false);
}

void RenderJob::waitForIdle()
{
    m_pool.waitForDone();
    // Results already posted are dropped with this object or delivered later; either way
    // their exports are given back here, once.
    for (auto &[ticket, source] : m_held)
        source->releaseBuffer();
    m_held.clear();
}

void RenderJob::invalidate()
{
    m_cachedPlane.reset();
    m_cachedKey = {};
}

} // namespace bufferscope
