// SPDX-License-Identifier: GPL-3.0-or-later
// Runs renderNow (render_request.h) off the GUI thread. Every request gets a generation
// number; only the newest one is ever delivered, and a worker that sees a newer request
// stops between steps, so dragging a slider never queues up stale renders.
//
// Ownership rules:
//  - the worker reads the buffer's memory, so request() takes one export (FULL_RO) on the
//    source first and gives it back on the GUI thread when the worker is done with it; the
//    exporter therefore cannot be closed, nor the view released, under a running render;
//  - the destructor (and waitForIdle) waits for the worker and gives back every held export;
//    the source must outlive that moment (the window calls waitForIdle at aboutToQuit);
//  - the extracted plane is cached (shared, immutable) and reused while its PlaneKey stays
//    the same: gradient, range and zoom changes only re-colour.
#pragma once

#include "models/render_request.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>

namespace bufferscope {

class BufferSource;

class RenderJob : public QObject
{
    Q_OBJECT

public:
    explicit RenderJob(QObject *parent = nullptr);
    ~RenderJob() override;

    // Starts a render and returns its generation. `source` may be null (the descriptor is
    // then read without holding an export, as tests of in-memory descriptors do).
    std::uint64_t request(const RenderRequest &request, BufferSource *source);
    // Nothing older than this is delivered; a new request() supersedes it at once.
    std::uint64_t generation() const { return m_latest.load(); }
    bool isBusy() const { return m_delivered != m_latest.load(); }
    // Drops whatever is running or queued: nothing is delivered until the next request.
    void cancel();
    // Blocks until the worker is idle and gives back the held exports (at quit, in tests).
    void waitForIdle();
    // Forgets the cached plane (the buffer's bytes may have changed).
    void invalidate();
    // Computes percentileRange of the plane on the worker; answers with percentilesReady.
    void requestPercentiles(std::shared_ptr<const RenderPlane> plane, double lowerPercent,
                            double upperPercent);
    // How many requests were dropped because a newer one came (for tests and diagnostics).
    int discarded() const { return m_discarded.load(); }

signals:
    void finished(const bufferscope::RenderResult &result);
    void busyChanged(bool busy);
    void percentilesReady(const bufferscope::RenderPlane *plane, double low, double high);

private:
    void deliver(std::uint64_t generation, RenderResult result, PlaneKey key);
    void giveBack(std::uint64_t generation);

    QThreadPool m_pool;
    std::atomic<std::uint64_t> m_latest{0};
    std::atomic<int> m_discarded{0};
    std::uint64_t m_delivered = 0;
    std::map<std::uint64_t, BufferSource *> m_held; // generation -> exported source
    std::shared_ptr<const RenderPlane> m_cachedPlane;
    PlaneKey m_cachedKey;
};

} // namespace bufferscope

Q_DECLARE_METATYPE(bufferscope::RenderResult)
