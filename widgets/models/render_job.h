// SPDX-License-Identifier: GPL-3.0-or-later
// Runs renderNow (render_request.h) off the GUI thread. Every request gets a generation
// number; only the newest one is ever delivered, and a worker that sees a newer request
// stops between rows, so dragging a slider never queues up stale renders. A new plane's
// histogram is a second pass the worker runs after delivering the picture (histogramReady);
// a newer request abandons it the same way.
//
// Ownership rules:
//  - the worker reads the buffer's memory, so request() takes one export (FULL_RO) on the
//    source first and gives it back on the GUI thread when the worker is done with it; the
//    exporter therefore cannot be closed, nor the view released, under a running render;
//  - the destructor (and waitForIdle) waits for the worker and gives back every held export;
//    the source must outlive that moment (the window calls waitForIdle at aboutToQuit);
//  - the plane's summary (statistics, histogram) is cached while its PlaneKey stays the same:
//    zooming reads only the cells shown and keeps the whole plane's range.
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
    enum class ImageStage { Reading, Writing };
    Q_ENUM(ImageStage)

    explicit RenderJob(QObject *parent = nullptr);
    ~RenderJob() override;

    // Starts a render and returns its generation. `source` may be null (the descriptor is
    // then read without holding an export, as tests of in-memory descriptors do).
    std::uint64_t request(const RenderRequest &request, BufferSource *source);
    // Nothing older than this is delivered; a new request() supersedes it at once.
    std::uint64_t generation() const { return m_latest.load(); }
    bool isBusy() const { return m_delivered != m_latest.load(); }
    // True while a worker holds an export (a render, its histogram pass, percentiles).
    bool isReading() const { return !m_held.empty(); }
    // Drops whatever is running or queued: nothing is delivered until the next request.
    void cancel();
    // Blocks until the worker is idle and gives back the held exports (at quit, in tests).
    void waitForIdle();
    // Forgets the cached summary (the buffer's bytes may have changed).
    void invalidate();
    // Computes planePercentiles on the worker (holding an export of `source` meanwhile);
    // answers with percentilesReady carrying the returned ticket.
    std::uint64_t requestPercentiles(const PlaneKey &key, BufferSource *source,
                                     double lowerPercent, double upperPercent);
    // Writes fullResolutionImage(request) to `path` as a PNG on the worker (holding an
    // export of `source` meanwhile, atomically through QSaveFile); reports imageProgress and
    // answers with imageWritten, both carrying the returned ticket (0 when `source` refused
    // the export).
    std::uint64_t requestImageFile(const RenderRequest &request, BufferSource *source,
                                   const QString &path);
    // How many requests were dropped because a newer one came (for tests and diagnostics).
    int discarded() const { return m_discarded.load(); }

signals:
    void finished(const bufferscope::RenderResult &result);
    // A chunked array's plane on a slow store (chunk_prefetch.h): chunks loaded so far of
    // those the newest render needs, and a preview drawn from the loaded ones.
    void chunkProgress(qint64 done, qint64 needed);
    void previewReady(const bufferscope::RenderResult &preview);
    // The newest render's plane summary, now with its histogram.
    void histogramReady(std::shared_ptr<const bufferscope::PlaneSummary> summary);
    void busyChanged(bool busy);
    void percentilesReady(std::uint64_t ticket, double low, double high);
    // How far the image file of `ticket` is: the percent of the plane's rows read, then of
    // the picture's rows written as PNG (which takes most of the time).
    void imageProgress(std::uint64_t ticket, bufferscope::RenderJob::ImageStage stage, int percent);
    // error is empty on success; size is the picture's in pixels.
    void imageWritten(std::uint64_t ticket, const QString &path, const QString &error,
                      QSize size);

private:
    // One export of `source` held for the worker; 0 when there is no source.
    Result<std::uint64_t> hold(BufferSource *source);
    void deliver(std::uint64_t generation, RenderResult result, PlaneKey key);
    void deliverHistogram(std::shared_ptr<const PlaneSummary> summary, PlaneKey key);
    void giveBack(std::uint64_t ticket);

    QThreadPool m_pool;
    std::atomic<std::uint64_t> m_latest{0};
    std::atomic<int> m_discarded{0};
    std::uint64_t m_delivered = 0;
    std::uint64_t m_nextTicket = 0;
    std::map<std::uint64_t, BufferSource *> m_held; // ticket -> exported source
    std::shared_ptr<const PlaneSummary> m_cachedPlane;
    PlaneKey m_cachedKey;
};

} // namespace bufferscope

Q_DECLARE_METATYPE(bufferscope::RenderResult)
Q_DECLARE_METATYPE(std::shared_ptr<const bufferscope::PlaneSummary>)
