// SPDX-License-Identifier: GPL-3.0-or-later
// The two steps of rendering a plane: extraction (with statistics) and colouring of a region.
#include "models/render_request.h"

#include "render/fetched_plane.h"
#include "render/gradient.h"
#include "render/pooled_plane.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <optional>

namespace bufferscope {

bool PlaneKey::operator==(const PlaneKey &other) const
{
    const Descriptor &a = descriptor;
    const Descriptor &b = other.descriptor;
    return dataVersion == other.dataVersion && a.buf == b.buf && a.itemsize == b.itemsize &&
           a.format == b.format && a.shape == b.shape && a.strides == b.strides &&
           a.suboffsets == b.suboffsets && numeric.type == other.numeric.type &&
           numeric.byteSwapped == other.numeric.byteSwapped &&
           selection.rowAxis == other.selection.rowAxis &&
           selection.columnAxis == other.selection.columnAxis &&
           selection.fixed == other.selection.fixed &&
           selection.complexPart == other.selection.complexPart && imageMode == other.imageMode &&
           channelAxis == other.channelAxis && reader == other.reader &&
           (!reader || reader->generation() == other.reader->generation());
}

bool RenderRequest::sameAs(const RenderRequest &other) const
{
    return plane == other.plane && region == other.region && limit.rows == other.limit.rows &&
           limit.columns == other.limit.columns && poolMode == other.poolMode &&
           markNonFinite == other.markNonFinite &&
           gradient == other.gradient && rangeMode == other.rangeMode &&
           (rangeMode == RangeMode::Automatic || (low == other.low && high == other.high)) &&
           colours.nanColour == other.colours.nanColour &&
           colours.negInfColour == other.colours.negInfColour &&
           colours.posInfColour == other.colours.posInfColour;
}

Result<PlaneSummary> planeLayout(const PlaneKey &key)
{
    const Descriptor &descriptor = key.descriptor;
    auto shape = render::planeShape(descriptor, key.selection);
    if (!shape)
        return shape.error();
    PlaneSummary summary;
    summary.shape = *shape;
    if (!key.imageMode)
        return summary;
    const int axis = key.channelAxis;
    if (axis < 0 || axis >= descriptor.ndim() || axis == key.selection.rowAxis ||
        axis == key.selection.columnAxis) {
        return makeError(ErrorCategory::Value, "render: image mode needs a channel axis apart "
                                               "from the displayed axes");
    }
    const auto size = descriptor.shape[static_cast<std::size_t>(axis)];
    if (size != 1 && size != 3 && size != 4) {
        return makeError(ErrorCategory::Value,
                         "render: image mode needs a channel axis of size 1, 3 or 4, axis " +
                             std::to_string(axis) + " has " + std::to_string(size));
    }
    summary.channels = static_cast<int>(size);
    return summary;
}

std::pair<double, double> renderRange(const RenderRequest &request, const PlaneSummary &plane)
{
    if (request.rangeMode == RangeMode::Manual)
        return {request.low, request.high};
    return {plane.statistics.min, plane.statistics.max};
}

render::PlaneSelection channelSelection(const PlaneKey &key, int channel)
{
    render::PlaneSelection selection = key.selection;
    if (key.imageMode)
        selection.fixed[static_cast<std::size_t>(key.channelAxis)] = channel;
    return selection;
}

Result<LocalKey> localKey(const PlaneKey &key, RenderRegion region)
{
    if (!key.reader)
        return LocalKey{key, region, std::nullopt};
    auto plane = render::fetchPlane(key.descriptor, *key.reader, key.selection, region,
                                    key.imageMode ? key.channelAxis : -1);
    if (!plane)
        return plane.error();
    LocalKey local{key, plane->region, std::nullopt};
    local.key.reader = nullptr;
    local.key.descriptor = plane->descriptor;
    local.key.selection = plane->selection;
    local.fetched = std::move(*plane);
    return local;
}

namespace {


struct PooledChannels
{
    std::vector<render::PooledPlane> channels;
    render::ValueStatistics statistics; // of every cell read, all channels
};

Result<PooledChannels> poolChannels(const PlaneKey &remoteKey, int channels, RenderRegion region,
                                    render::PlaneShape limit, render::PoolMode mode,
                                    const KeepGoing &keepGoing, bool markNonFinite = false)
{
    auto local = localKey(remoteKey, region);
    if (!local)
        return local.error();
    const PlaneKey &key = local->key;
    region = local->region;
    PooledChannels pooled;
    for (int c = 0; c < channels; ++c) {
        auto plane = render::poolFromBuffer(key.descriptor, key.numeric, channelSelection(key, c),
                                            region, limit, mode, keepGoing, markNonFinite);
        if (!plane)
            return plane.error();
        pooled.statistics = render::mergeStatistics(pooled.statistics, plane->statistics);
        pooled.channels.push_back(std::move(plane.value()));
    }
    return pooled;
}

QImage newImage(render::PlaneShape shape)
{
    return QImage(static_cast<int>(shape.columns), static_cast<int>(shape.rows),
                  QImage::Format_ARGB32);
}

// 32-bit rows are always 4-byte aligned, so the pixels are one contiguous array.
std::span<std::uint32_t> pixelsOf(QImage &image)
{
    return {reinterpret_cast<std::uint32_t *>(image.bits()),
            static_cast<std::size_t>(image.width()) * static_cast<std::size_t>(image.height())};
}

QImage colourHeatmap(const render::PooledPlane &plane, const RenderRequest &request, double low,
                     double high)
{
    QImage image = newImage(plane.shape);
    const render::Gradient *gradient = render::findGradient(request.gradient);
    if (!gradient)
        gradient = &render::gradients().front();
    render::ColourScale scale = request.colours;
    scale.low = low;
    scale.high = high;
    render::colourMap(plane.values, *gradient, scale, pixelsOf(image));
    return image;
}

// Gray, RGB or RGBA from 1, 3 or 4 channels of 0..255 values.
QImage colourChannels(const std::vector<render::PooledPlane> &channels)
{
    QImage image = newImage(channels.front().shape);
    auto byte = [&](std::size_t c, std::size_t i) {
        return static_cast<std::uint32_t>(std::clamp(std::lround(channels[c].values[i]), 0L, 255L));
    };
    const auto pixels = pixelsOf(image);
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        std::uint32_t r, g, b, a = 255;
        if (channels.size() == 1) {
            r = g = b = byte(0, i);
        } else {
            r = byte(0, i);
            g = byte(1, i);
            b = byte(2, i);
            if (channels.size() == 4)
                a = byte(3, i);
        }
        pixels[i] = (a << 24) | (r << 16) | (g << 8) | b;
    }
    return image;
}

QImage colourPooled(const PooledChannels &pooled, const RenderRequest &request, double low,
                    double high)
{
    if (pooled.channels.empty() || pooled.channels.front().shape.count() == 0)
        return {};
    if (!request.plane.imageMode)
        return colourHeatmap(pooled.channels.front(), request, low, high);
    return colourChannels(pooled.channels);
}

bool isWhole(const RenderRegion &region, render::PlaneShape shape)
{
    return region.row == 0 && region.column == 0 && region.rows == shape.rows &&
           region.columns == shape.columns;
}

} // namespace

RenderResult renderNow(const RenderRequest &request, std::shared_ptr<const PlaneSummary> summary,
                       const KeepGoing &keepGoing)
{
    RenderResult result;
    auto layout = planeLayout(request.plane);
    if (!layout) {
        result.error = QString::fromStdString(layout.error().message);
        return result;
    }
    const RenderRegion region = render::clampRegion(request.region, layout->shape);
    const int channels = layout->channels;
    if (!summary && !isWhole(region, layout->shape) && layout->shape.count() > 0) {
        // A part of a plane never seen whole: its automatic range still comes from all of it.
        auto all = poolChannels(request.plane, channels, {}, {1, 1}, render::PoolMode::Mean,
                                keepGoing);
        if (!all) {
            result.error = QString::fromStdString(all.error().message);
            return result;
        }
        layout->statistics = all->statistics;
        summary = std::make_shared<const PlaneSummary>(*layout);
    }
    // Image channels are pooled by the mean whatever the heatmap's mode: a colour's average.
    const render::PoolMode mode = request.plane.imageMode ? render::PoolMode::Mean : request.poolMode;
    auto pooled = poolChannels(request.plane, channels, region, request.limit, mode, keepGoing,
                               request.markNonFinite && !request.plane.imageMode);
    if (!pooled) {
        result.error = QString::fromStdString(pooled.error().message);
        return result;
    }
    if (!summary) {
        layout->statistics = pooled->statistics;
        summary = std::make_shared<const PlaneSummary>(*layout);
    }
    result.plane = summary;
    result.region = region;
    std::tie(result.low, result.high) = renderRange(request, *summary);
    result.image = colourPooled(*pooled, request, result.low, result.high);
    return result;
}

Result<std::shared_ptr<const PlaneSummary>> withHistogram(const PlaneKey &remoteKey,
                                                          const PlaneSummary &summary,
                                                          const KeepGoing &keepGoing)
{
    auto local = localKey(remoteKey, {});
    if (!local)
        return local.error();
    const PlaneKey &key = local->key;
    const RenderRegion region = local->region;
    auto complete = std::make_shared<PlaneSummary>(summary);
    render::HistogramCounter counter(summary.statistics.min, summary.statistics.max, kHistogramBins);
    complete->histogram = counter.histogram();
    for (int c = 0; c < summary.channels; ++c) {
        auto part = render::histogramFromBuffer(key.descriptor, key.numeric, channelSelection(key, c),
                                                region, summary.statistics.min,
                                                summary.statistics.max, kHistogramBins, keepGoing);
        if (!part)
            return part.error();
        for (std::size_t b = 0; b < part->counts.size(); ++b)
            complete->histogram.counts[b] += part->counts[b];
    }
    return std::shared_ptr<const PlaneSummary>(std::move(complete));
}

Result<std::pair<double, double>> planePercentiles(const PlaneKey &remoteKey, double lowerPercent,
                                                   double upperPercent)
{
    auto local = localKey(remoteKey, {});
    if (!local)
        return local.error();
    const PlaneKey &key = local->key;
    auto layout = planeLayout(key);
    if (!layout)
        return layout.error();
    const auto count = static_cast<std::size_t>(layout->shape.count());
    std::vector<float> values(count * static_cast<std::size_t>(layout->channels));
    for (int c = 0; c < layout->channels; ++c) {
        std::span<float> out(values.data() + static_cast<std::size_t>(c) * count, count);
        if (auto status = render::extractPlane(key.descriptor, key.numeric, channelSelection(key, c), out);
            !status)
            return status.error();
    }
    return render::percentileRange(values, lowerPercent, upperPercent);
}

Result<float> planeCellValue(const PlaneKey &remoteKey, int channel, Index row, Index column)
{
    auto local = localKey(remoteKey, RenderRegion{row, column, 1, 1});
    if (!local)
        return local.error();
    const PlaneKey &key = local->key;
    return render::planeValue(key.descriptor, key.numeric, channelSelection(key, channel),
                              local->region.row, local->region.column);
}

QString poolingSummary(const RenderResult &result)
{
    if (!result.error.isEmpty() || result.image.isNull() || result.region.isEmpty())
        return {};
    const QString cells = QStringLiteral("%1 × %2 cells").arg(result.region.rows).arg(result.region.columns);
    if (result.image.height() == result.region.rows && result.image.width() == result.region.columns)
        return cells + QStringLiteral(", a pixel each");
    return cells + QStringLiteral(" in %1 × %2 pixels").arg(result.image.height()).arg(result.image.width());
}

QImage fullResolutionImage(const RenderRequest &request,
                           const std::function<void(double)> &progress)
{
    auto layout = planeLayout(request.plane);
    if (!layout || layout->shape.count() == 0)
        return {};
    const render::PoolMode mode = request.plane.imageMode ? render::PoolMode::Mean : request.poolMode;
    // The row reader asks keepGoing once per row of each channel: counting the calls counts
    // the rows read, whichever band's thread read them.
    const Index rows = layout->shape.rows * std::max(layout->channels, 1);
    std::atomic<Index> read = 0;
    std::atomic<int> told = -1;
    const KeepGoing counting = [&] {
        const Index done = read.fetch_add(1) + 1;
        const int percent = static_cast<int>(done * 100 / std::max<Index>(rows, 1));
        int last = told.load();
        while (percent > last && !told.compare_exchange_weak(last, percent)) {
        }
        if (percent > last && progress)
            progress(static_cast<double>(done) / static_cast<double>(rows));
        return true;
    };
    auto pooled = poolChannels(request.plane, layout->channels, {}, layout->shape, mode,
                               progress ? counting : KeepGoing{});
    if (!pooled)
        return {};
    layout->statistics = pooled->statistics;
    const auto [low, high] = renderRange(request, *layout);
    return colourPooled(*pooled, request, low, high);
}

} // namespace bufferscope
