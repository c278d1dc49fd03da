// SPDX-License-Identifier: GPL-3.0-or-later
// The two steps of rendering a plane: extraction (with statistics) and colouring of a region.
#include "models/render_request.h"

#include "render/gradient.h"

#include <algorithm>
#include <cmath>
#include <cstring>

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
           channelAxis == other.channelAxis;
}

bool RenderRequest::sameAs(const RenderRequest &other) const
{
    return plane == other.plane && region == other.region && limit.rows == other.limit.rows &&
           limit.columns == other.limit.columns && poolMode == other.poolMode &&
           gradient == other.gradient && rangeMode == other.rangeMode &&
           (rangeMode == RangeMode::Automatic || (low == other.low && high == other.high)) &&
           colours.nanColour == other.colours.nanColour &&
           colours.negInfColour == other.colours.negInfColour &&
           colours.posInfColour == other.colours.posInfColour;
}

Result<std::shared_ptr<RenderPlane>> extractRenderPlane(const PlaneKey &key)
{
    const Descriptor &descriptor = key.descriptor;
    auto shape = render::planeShape(descriptor, key.selection);
    if (!shape)
        return shape.error();
    auto plane = std::make_shared<RenderPlane>();
    plane->shape = *shape;
    render::PlaneSelection selection = key.selection;
    if (key.imageMode) {
        const int axis = key.channelAxis;
        if (axis < 0 || axis >= descriptor.ndim() || axis == selection.rowAxis ||
            axis == selection.columnAxis) {
            return makeError(ErrorCategory::Value, "render: image mode needs a channel axis apart "
                                                   "from the displayed axes");
        }
        const auto size = descriptor.shape[static_cast<std::size_t>(axis)];
        if (size != 1 && size != 3 && size != 4) {
            return makeError(ErrorCategory::Value,
                             "render: image mode needs a channel axis of size 1, 3 or 4, axis " +
                                 std::to_string(axis) + " has " + std::to_string(size));
        }
        plane->channels = static_cast<int>(size);
    }
    const auto count = static_cast<std::size_t>(plane->shape.count());
    plane->values.resize(count * static_cast<std::size_t>(plane->channels));
    for (int c = 0; c < plane->channels; ++c) {
        if (key.imageMode)
            selection.fixed[static_cast<std::size_t>(key.channelAxis)] = c;
        std::span<float> out(plane->values.data() + static_cast<std::size_t>(c) * count, count);
        if (auto status = render::extractPlane(descriptor, key.numeric, selection, out); !status)
            return status.error();
    }
    plane->statistics = render::computeStatistics(plane->values);
    plane->histogram = render::computeHistogram(plane->values, plane->statistics.min,
                                                plane->statistics.max, kHistogramBins);
    return plane;
}

std::pair<double, double> renderRange(const RenderRequest &request, const RenderPlane &plane)
{
    if (request.rangeMode == RangeMode::Manual)
        return {request.low, request.high};
    return {plane.statistics.min, plane.statistics.max};
}

// The values of `region` in one channel, row-major; no copy when it is the whole plane.
static std::span<const float> cropChannel(const RenderPlane &plane, int channel,
                                          const RenderRegion &region, std::vector<float> &scratch)
{
    const auto all = plane.channel(channel);
    if (region.row == 0 && region.column == 0 && region.rows == plane.shape.rows &&
        region.columns == plane.shape.columns)
        return all;
    scratch.resize(static_cast<std::size_t>(region.rows * region.columns));
    for (Index r = 0; r < region.rows; ++r) {
        const float *from = all.data() + (region.row + r) * plane.shape.columns + region.column;
        std::copy(from, from + region.columns, scratch.data() + r * region.columns);
    }
    return scratch;
}

static RenderRegion clampRegion(RenderRegion region, render::PlaneShape shape)
{
    if (shape.count() == 0)
        return {};
    if (region.isEmpty())
        return {0, 0, shape.rows, shape.columns};
    region.row = std::clamp<Index>(region.row, 0, shape.rows - 1);
    region.column = std::clamp<Index>(region.column, 0, shape.columns - 1);
    region.rows = std::clamp<Index>(region.rows, 1, shape.rows - region.row);
    region.columns = std::clamp<Index>(region.columns, 1, shape.columns - region.column);
    return region;
}

// Pools one channel of the region down to `limit`; returns the pooled shape.
static render::PlaneShape pooledChannel(const RenderPlane &plane, int channel,
                                        const RenderRegion &region, render::PlaneShape limit,
                                        render::PoolMode mode, std::vector<float> &out)
{
    std::vector<float> scratch;
    const auto values = cropChannel(plane, channel, region, scratch);
    const render::PlaneShape input{region.rows, region.columns};
    const render::PlaneShape output = render::pooledShape(input, limit);
    out.resize(static_cast<std::size_t>(output.count()));
    if (output.rows == input.rows && output.columns == input.columns) {
        std::copy(values.begin(), values.end(), out.begin());
        return output;
    }
    // Cannot fail: the output is never larger than the input and the spans are sized above.
    (void)render::poolPlane(values, input, out, output, mode);
    return output;
}

QImage colourRegion(const RenderPlane &plane, const RenderRequest &request, RenderRegion region,
                    render::PlaneShape limit)
{
    region = clampRegion(region, plane.shape);
    if (plane.shape.count() == 0)
        return {};
    std::vector<float> pooled;
    if (!request.plane.imageMode) {
        const auto shape = pooledChannel(plane, 0, region, limit, request.poolMode, pooled);
        QImage image(static_cast<int>(shape.columns), static_cast<int>(shape.rows),
                     QImage::Format_ARGB32);
        const render::Gradient *gradient = render::findGradient(request.gradient);
        if (!gradient)
            gradient = &render::gradients().front();
        render::ColourScale scale = request.colours;
        std::tie(scale.low, scale.high) = renderRange(request, plane);
        // 32-bit rows are always 4-byte aligned, so the pixels are one contiguous array.
        std::span<std::uint32_t> pixels(reinterpret_cast<std::uint32_t *>(image.bits()),
                                        static_cast<std::size_t>(shape.count()));
        render::colourMap(pooled, *gradient, scale, pixels);
        return image;
    }
    std::vector<std::vector<float>> channels(static_cast<std::size_t>(plane.channels));
    render::PlaneShape shape;
    for (int c = 0; c < plane.channels; ++c)
        shape = pooledChannel(plane, c, region, limit, render::PoolMode::Mean,
                              channels[static_cast<std::size_t>(c)]);
    QImage image(static_cast<int>(shape.columns), static_cast<int>(shape.rows),
                 QImage::Format_ARGB32);
    auto byte = [&](int c, std::size_t i) {
        const float v = channels[static_cast<std::size_t>(c)][i];
        return static_cast<std::uint32_t>(std::clamp(std::lround(v), 0L, 255L));
    };
    auto *pixels = reinterpret_cast<std::uint32_t *>(image.bits());
    for (std::size_t i = 0; i < static_cast<std::size_t>(shape.count()); ++i) {
        std::uint32_t r, g, b, a = 255;
        if (plane.channels == 1) {
            r = g = b = byte(0, i);
        } else {
            r = byte(0, i);
            g = byte(1, i);
            b = byte(2, i);
            if (plane.channels == 4)
                a = byte(3, i);
        }
        pixels[i] = (a << 24) | (r << 16) | (g << 8) | b;
    }
    return image;
}

RenderResult renderNow(const RenderRequest &request, std::shared_ptr<const RenderPlane> cached)
{
    RenderResult result;
    if (!cached) {
        auto plane = extractRenderPlane(request.plane);
        if (!plane) {
            result.error = QString::fromStdString(plane.error().message);
            return result;
        }
        cached = std::move(plane.value());
    }
    result.plane = cached;
    result.region = clampRegion(request.region, cached->shape);
    std::tie(result.low, result.high) = renderRange(request, *cached);
    result.image = colourRegion(*cached, request, result.region, request.limit);
    return result;
}

} // namespace bufferscope
