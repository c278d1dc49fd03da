// SPDX-License-Identifier: GPL-3.0-or-later
// The render worker: one thread of its own, newest request wins.
#include "models/render_job.h"

#include "buffer/read_cancel.h"
#include "exporters/buffer_source.h"
#include "exporters/exporter.h"
#include "models/chunk_prefetch.h"
#include "render/png_writer.h"

#include <QSaveFile>

#include <vector>

namespace bufferscope {

namespace {

// `image` (ARGB32, as fullResolutionImage makes it) as PNG rows: RGB when every pixel is
// opaque (a heatmap), else RGBA. `progress` hears the fraction of rows written, at most
// once per percent.
Status writePng(const QImage &image, QIODevice &device, const std::function<void(double)> &progress)
{
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    const int width = argb.width(), height = argb.height();
    bool opaque = true;
    for (int y = 0; y < height && opaque; ++y) {
        const auto *row = reinterpret_cast<const QRgb *>(argb.constScanLine(y));
        for (int x = 0; x < width && opaque; ++x)
            opaque = qAlpha(row[x]) == 255;
    }
    const int channels = opaque ? 3 : 4;
    render::PngWriter writer(static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height),
                             channels, [&device](std::span<const std::byte> bytes) {
                                 const auto size = static_cast<qint64>(bytes.size());
                                 return device.write(reinterpret_cast<const char *>(bytes.data()),
                                                     size) == size;
                             });
    std::vector<std::uint8_t> out(static_cast<std::size_t>(width) * channels);
    int told = -1;
    for (int y = 0; y < height; ++y) {
        const auto *row = reinterpret_cast<const QRgb *>(argb.constScanLine(y));
        std::uint8_t *at = out.data();
        for (int x = 0; x < width; ++x) {
            *at++ = static_cast<std::uint8_t>(qRed(row[x]));
            *at++ = static_cast<std::uint8_t>(qGreen(row[x]));
            *at++ = static_cast<std::uint8_t>(qBlue(row[x]));
            if (channels == 4)
                *at++ = static_cast<std::uint8_t>(qAlpha(row[x]));
        }
        if (auto status = writer.writeRow(out); !status)
            return status;
        const int percent = (y + 1) * 100 / height;
        if (percent != told && progress) {
            told = percent;
            progress(static_cast<double>(y + 1) / height);
        }
    }
    return {};
}

} // namespace

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
        const auto progress = [this, answer](ImageStage stage) {
            return [this, answer, stage](double fraction) {
                const int percent = static_cast<int>(fraction * 100.0);
                QMetaObject::invokeMethod(
                    this,
                    [this, answer, stage, percent] { emit imageProgress(answer, stage, percent); },
                    Qt::QueuedConnection);
            };
        };
        const QImage image = fullResolutionImage(request, progress(ImageStage::Reading));
        QString error;
        if (image.isNull()) {
            error = tr("nothing to export");
        } else {
            QSaveFile file(path);
            Status written =
                file.open(QIODevice::WriteOnly)
                    ? writePng(image, file, progress(ImageStage::Writing))
                    : Status(makeError(ErrorCategory::Io, "png: cannot write the file"));
            if (!written || !file.commit())
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
