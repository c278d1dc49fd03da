// SPDX-License-Identifier: GPL-3.0-or-later
// What the render panel asks for (a plane of a numeric descriptor, a gradient, a range, a
// pixel budget) and what it gets back (the plane as floats, its statistics, a colour-mapped
// QImage). The two steps are plain functions so the async job (render_job.h) and the tests
// call the very same code; the expensive step (extractRenderPlane) is cached by the job and
// skipped when only the gradient, the range or the zoom changed.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"
#include "render/colour_map.h"
#include "render/plane.h"
#include "render/pooling.h"
#include "render/statistics.h"

#include <QImage>
#include <QString>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace bufferscope {

enum class RangeMode { Automatic, Manual };

// A rectangle of plane cells; an empty one (rows or columns 0) means the whole plane.
struct RenderRegion
{
    Index row = 0;
    Index column = 0;
    Index rows = 0;
    Index columns = 0;
    bool isEmpty() const { return rows <= 0 || columns <= 0; }
    bool operator==(const RenderRegion &) const = default;
};

// Everything that decides which floats the plane holds; equal keys give equal planes.
struct PlaneKey
{
    std::uint64_t dataVersion = 0; // bumped by the panel whenever the buffer may have changed
    Descriptor descriptor;         // numeric data (a record field already selected)
    render::NumericSource numeric;
    render::PlaneSelection selection;
    bool imageMode = false;
    int channelAxis = -1; // image mode: the axis of 1, 3 or 4 channels
    bool operator==(const PlaneKey &) const;
};

struct RenderRequest
{
    PlaneKey plane;
    RenderRegion region;                // cells to draw; empty: all
    render::PlaneShape limit{512, 512}; // pixel budget: larger regions are pooled down to it
    render::PoolMode poolMode = render::PoolMode::Mean;
    std::string gradient = "viridis";
    RangeMode rangeMode = RangeMode::Automatic;
    double low = 0.0; // the manual range
    double high = 1.0;
    render::ColourScale colours; // NaN and infinity colours (its range is set per render)
    // Same picture: lets the panel skip a render that would change nothing.
    bool sameAs(const RenderRequest &other) const;
};

// The extracted plane: row-major floats, one plane per channel in image mode.
struct RenderPlane
{
    render::PlaneShape shape;
    int channels = 1;
    std::vector<float> values;          // channels * shape.count()
    render::ValueStatistics statistics; // of every value (all channels)
    render::Histogram histogram;        // over [statistics.min, statistics.max]
    std::span<const float> channel(int c) const
    {
        return std::span<const float>(values).subspan(static_cast<std::size_t>(c) *
                                                          static_cast<std::size_t>(shape.count()),
                                                      static_cast<std::size_t>(shape.count()));
    }
};

struct RenderResult
{
    std::uint64_t generation = 0;
    QString error; // non-empty: nothing to show, this says why
    std::shared_ptr<const RenderPlane> plane;
    QImage image;        // the region, pooled to the limit, ARGB32
    RenderRegion region; // the cells `image` covers
    double low = 0.0;    // the range the colours were mapped with
    double high = 1.0;
};

inline constexpr int kHistogramBins = 128;

// Extracts the plane (every channel in image mode) and its statistics. Errors are core's
// ("render: index 9 is out of bounds for axis 0 with size 4") or "render: image mode needs
// a channel axis of size 1, 3 or 4, axis 2 has 5".
Result<std::shared_ptr<RenderPlane>> extractRenderPlane(const PlaneKey &key);

// The range a request maps with: the manual one, or the plane's finite min/max.
std::pair<double, double> renderRange(const RenderRequest &request, const RenderPlane &plane);

// Colours `region` of the plane (pooled to `limit` when larger): the gradient for heatmaps,
// the channels as gray/RGB/RGBA in image mode (pooled by the mean there, whatever poolMode).
QImage colourRegion(const RenderPlane &plane, const RenderRequest &request, RenderRegion region,
                    render::PlaneShape limit);

// Both steps, reusing `cached` when it holds the plane of request.plane.
RenderResult renderNow(const RenderRequest &request, std::shared_ptr<const RenderPlane> cached);

} // namespace bufferscope
