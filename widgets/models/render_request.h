// SPDX-License-Identifier: GPL-3.0-or-later
// What the render panel asks for (a plane of a numeric descriptor, a gradient, a range, a
// pixel budget) and what it gets back (a colour-mapped QImage of the screen's size and the
// plane's statistics). Plain functions, so the async job (render_job.h) and the tests call
// the very same code. Nothing here copies the plane at full resolution: a render reads the
// cells it shows once, pooling as it goes, so its cost follows the data read, and the
// histogram is a second pass run after the picture is on screen.
#pragma once

#include "buffer/byte_reader.h"
#include "buffer/descriptor.h"
#include "common/result.h"
#include "render/colour_map.h"
#include "render/fetched_plane.h"
#include "render/plane.h"
#include "render/pooled_plane.h"
#include "render/pooling.h"
#include "render/statistics.h"

#include <QImage>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bufferscope {

enum class RangeMode { Automatic, Manual };

// A rectangle of plane cells; an empty one (rows or columns 0) means the whole plane.
using RenderRegion = render::PlaneRegion;

// Everything that decides which floats the plane holds; equal keys give equal planes.
struct PlaneKey
{
    std::uint64_t dataVersion = 0; // bumped by the panel whenever the buffer may have changed
    Descriptor descriptor;         // numeric data (a record field already selected)
    render::NumericSource numeric;
    render::PlaneSelection selection;
    bool imageMode = false;
    int channelAxis = -1; // image mode: the axis of 1, 3 or 4 channels
    // Set for read-on-demand exporters (a live object, ...): the descriptor's addresses are
    // theirs, and each pass reads the cells it needs through render::fetchPlane first.
    std::shared_ptr<const ByteReader> reader;
    bool operator==(const PlaneKey &) const;
};

struct RenderRequest
{
    PlaneKey plane;
    RenderRegion region;                // cells to draw; empty: all
    render::PlaneShape limit{512, 512}; // pixel budget: larger regions are pooled down to it
    render::PoolMode poolMode = render::PoolMode::Mean;
    bool markNonFinite = true; // a pooled pixel holding any NaN/±inf shows as such
    std::string gradient = "viridis";
    RangeMode rangeMode = RangeMode::Automatic;
    double low = 0.0; // the manual range
    double high = 1.0;
    render::ColourScale colours; // NaN and infinity colours (its range is set per render)
    // Same picture: lets the panel skip a render that would change nothing.
    bool sameAs(const RenderRequest &other) const;
};

// What is known of the whole plane: its size, and the statistics and histogram of every
// value (all channels in image mode). The histogram comes from a second pass over the buffer,
// after the picture is drawn: its counts stay empty until then.
struct PlaneSummary
{
    render::PlaneShape shape;
    int channels = 1;
    render::ValueStatistics statistics;
    render::Histogram histogram;
    bool hasHistogram() const { return !histogram.counts.empty(); }
};

struct RenderResult
{
    std::uint64_t generation = 0;
    QString error; // non-empty: nothing to show, this says why
    std::shared_ptr<const PlaneSummary> plane;
    QImage image;        // the region, pooled to the limit, ARGB32
    RenderRegion region; // the cells `image` covers
    double low = 0.0;    // the range the colours were mapped with
    double high = 1.0;
};

inline constexpr int kHistogramBins = 128;

// Asked between rows; false abandons the render ("render: cancelled").
using KeepGoing = render::KeepGoing;

// The plane's shape and channel count, or why it cannot be rendered: core's errors ("render:
// index 9 is out of bounds for axis 0 with size 4") or "render: image mode needs a channel
// axis of size 1, 3 or 4, axis 2 has 5".
Result<PlaneSummary> planeLayout(const PlaneKey &key);

// The plane's own selection, or (image mode) the one holding the channel axis at `channel`.
render::PlaneSelection channelSelection(const PlaneKey &key, int channel);

// The range a request maps with: the manual one, or the plane's finite min/max.
std::pair<double, double> renderRange(const RenderRequest &request, const PlaneSummary &plane);

// Renders request.region (empty: the whole plane) pooled to request.limit, reading the buffer
// straight (render/pooled_plane.h). With `summary` (the whole plane's, from an earlier render
// of the same key) the range comes from it; without, the whole plane is read and its summary
// (without histogram) is part of the result.
RenderResult renderNow(const RenderRequest &request, std::shared_ptr<const PlaneSummary> summary,
                       const KeepGoing &keepGoing = {});

// The summary with its histogram (kHistogramBins bins over its finite range) filled in.
Result<std::shared_ptr<const PlaneSummary>> withHistogram(const PlaneKey &key,
                                                          const PlaneSummary &summary,
                                                          const KeepGoing &keepGoing = {});

// percentileRange over every value of the plane (all channels).
Result<std::pair<double, double>> planePercentiles(const PlaneKey &key, double lowerPercent,
                                                   double upperPercent);

// A key over a local copy of a region's cells (all channels in image mode) when the key's
// buffer is read on demand (key.reader), else the key itself: every pass that reads cells
// goes through this first. `fetched` keeps the copy alive while `key` is used.
struct LocalKey
{
    PlaneKey key;
    RenderRegion region; // the region in the local key's plane
    std::optional<render::FetchedPlane> fetched;
};
Result<LocalKey> localKey(const PlaneKey &key, RenderRegion region);

// The float one cell stands for, in `channel` (image mode) or the plane's own selection; read
// through the reader for read-on-demand buffers (a few bytes, on the calling thread).
Result<float> planeCellValue(const PlaneKey &key, int channel, Index row, Index column);

// What the picture is of, for the panel's pooling note: "4096 × 4096 cells in 512 × 1024
// pixels", "128 × 128 cells, a pixel each", or empty when nothing is shown.
QString poolingSummary(const RenderResult &result);

// The whole plane colour-mapped at full resolution (no pooling), or a null image.
// `progress` (may be empty) is told the fraction of the plane's rows read so far, from the
// threads that read them, at most once per percent.
QImage fullResolutionImage(const RenderRequest &request,
                           const std::function<void(double)> &progress = {});

} // namespace bufferscope
