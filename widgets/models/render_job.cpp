// SPDX-License-Identifier: GPL-3.0-or-later
// The render worker: one thread of its own, newest request wins.
#include "models/render_job.h"

#include "exporters/exporter.h"

#include "exporters/buffer_source.h"

namespace bufferscope {

RenderJob::RenderJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<bufferscope::RenderResult>();
    // One worker: renders of one panel are sequential, and a superseded one that has not
    // started yet is skipped when its turn comes.
    m_pool.setMaxThreadCount(1);
}

RenderJob::~RenderJob()
{
    waitForIdle();
}

std::uint64_t RenderJob::request(const RenderRequest &request, BufferSource *source)
{
    const bool wasBusy = isBusy();
    const std::uint64_t generation = m_latest.fetch_add(1) + 1;
    if (source) {
        auto granted = source->getBuffer(bufferscope::request::FullRO);
        if (!granted) {
            RenderResult result;
            result.generation = generation;
            result.error = QString::fromStdString(granted.error().message);
            QMetaObject::invokeMethod(
                this, [this, generation, result] { deliver(generation, result, {}); },
                Qt::QueuedConnection);
            if (!wasBusy)
                emit busyChanged(true);
            return generation;
        }
        m_held[generation] = source;
    }
    std::shared_ptr<const RenderPlane> cached;
    if (m_cachedPlane && m_cachedKey == request.plane)
        cached = m_cachedPlane;
    // The held export keeps the whole chain, and so the exporter, alive while the worker runs.
    const Exporter *root = source ? &source->rootExporter() : nullptr;
    m_pool.start([this, generation, request, cached, root] {
        auto stale = [this, generation] { return m_latest.load() != generation; };
        RenderResult result;
        if (!stale())
            result = renderNow(request, cached);
        // A mapped file cut short under us reads as zeros (the SIGBUS guard); say so instead
        // of drawing them.
        if (root && result.error.isEmpty()) {
            if (const Status data = root->checkData(); !data) {
                result.error = QString::fromStdString(data.error().message);
                result.image = QImage();
            }
        }
        if (stale()) {
            ++m_discarded;
            QMetaObject::invokeMethod(
                this, [this, generation] { giveBack(generation); }, Qt::QueuedConnection);
            return;
        }
        result.generation = generation;
        QMetaObject::invokeMethod(
            this,
            [this, generation, result, key = request.plane] { deliver(generation, result, key); },
            Qt::QueuedConnection);
    });
    if (!wasBusy)
        emit busyChanged(true);
    return generation;
}

void RenderJob::requestPercentiles(std::shared_ptr<const RenderPlane> plane, double lowerPercent,
                                   double upperPercent)
{
    if (!plane)
        return;
    m_pool.start([this, plane, lowerPercent, upperPercent] {
        const auto range = render::percentileRange(plane->values, lowerPercent, upperPercent);
        QMetaObject::invokeMethod(
            this,
            [this, plane, range] { emit percentilesReady(plane.get(), range.first, range.second); },
            Qt::QueuedConnection);
    });
}

void RenderJob::giveBack(std::uint64_t generation)
{
    auto held = m_held.find(generation);
    if (held == m_held.end())
        return;
    held->second->releaseBuffer();
    m_held.erase(held);
}

void RenderJob::deliver(std::uint64_t generation, RenderResult result, PlaneKey key)
{
    giveBack(generation);
    if (generation != m_latest.load()) { // superseded while the result was on its way
        ++m_discarded;
        return;
    }
    m_delivered = generation;
    if (result.plane) {
        m_cachedPlane = result.plane;
        m_cachedKey = std::move(key);
    }
    emit finished(result);
    emit busyChanged(false);
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
    for (auto &[generation, source] : m_held)
        source->releaseBuffer();
    m_held.clear();
}

void RenderJob::invalidate()
{
    m_cachedPlane.reset();
    m_cachedKey = {};
}

} // namespace bufferscope
