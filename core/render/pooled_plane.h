// SPDX-License-Identifier: GPL-3.0-or-later
// What the display needs of a plane, read straight from the buffer in one pass and never
// copied whole: the region pooled down to the screen's size with the exact statistics of
// every cell in it, then (a second pass, when the screen is already drawn) its histogram.
// The cost follows the cells read, not a full-resolution float copy of the plane, which is
// what makes a slider over a (64, 4096, 4096) volume keep up.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"
#include "render/numeric_type.h"
#include "render/plane.h"
#include "render/plane_rows.h"
#include "render/pooling.h"
#include "render/statistics.h"

#include <functional>
#include <vector>

namespace bufferscope::render {

struct PooledPlane
{
    PlaneRegion region;         // the cells read (clamped to the plane)
    PlaneShape shape;           // the pooled grid: pooledShape(region, limit)
    std::vector<float> values;  // shape.count() floats, row-major
    ValueStatistics statistics; // of every cell of the region, at full resolution
};

// Asked once per row, from every thread of a pass split in bands (parallel_bands.h), so it
// must be safe to call concurrently; returning false abandons the pass with "render: cancelled".
using KeepGoing = std::function<bool()>;

// Pools `region` (empty: the whole plane) of the selected plane to fit `limit`. Equals
// poolPlane(extractPlane(...)) cropped to the region, value for value (markNonFinite as
// poolPlane's). Refusals: planeShape's, extractPlane's, "render: cancelled".
Result<PooledPlane> poolFromBuffer(const Descriptor &descriptor, const NumericSource &source,
                                   const PlaneSelection &selection, PlaneRegion region,
                                   PlaneShape limit, PoolMode mode, const KeepGoing &keepGoing = {},
                                   bool markNonFinite = false);

// computeHistogram over the region's cells, read from the buffer.
Result<Histogram> histogramFromBuffer(const Descriptor &descriptor, const NumericSource &source,
                                      const PlaneSelection &selection, PlaneRegion region,
                                      double low, double high, int bins,
                                      const KeepGoing &keepGoing = {});

// The float one cell stands for (extractPlane's value at that cell).
Result<float> planeValue(const Descriptor &descriptor, const NumericSource &source,
                         const PlaneSelection &selection, Index row, Index column);

} // namespace bufferscope::render
