// SPDX-License-Identifier: GPL-3.0-or-later
// Reduces a plane larger than the widget to the widget's pixel size before colour mapping,
// so the cost of drawing follows the screen, not the data.
#pragma once

#include "common/result.h"
#include "render/plane.h"

#include <span>

namespace bufferscope::render {

enum class PoolMode {
    Mean, // NaN-ignoring mean of each block (NaN only when the whole block is NaN)
    Max,  // NaN-ignoring maximum: keeps narrow bright features visible
    Min,  // NaN-ignoring minimum
};

// The output size: each side divided by the smallest whole factor that makes it fit.
PlaneShape pooledShape(PlaneShape input, PlaneShape limit);

// Refuses an output row covering more input rows than the accumulators can count: "render:
// cannot pool 5000000000 rows into 1".
Status checkPoolableRows(PlaneShape input, PlaneShape output);

// Pools `input` (row-major, inputShape) into `out` (row-major, outputShape): output cell
// (r, c) covers input rows [r*R/outRows, (r+1)*R/outRows) and the same for columns (row_pooler.h does the work).
// markNonFinite: a cell holding any NaN is NaN, and Max/Min keep the other infinity
// (row_pooler.h).
Status poolPlane(std::span<const float> input, PlaneShape inputShape, std::span<float> out,
                 PlaneShape outputShape, PoolMode mode, bool markNonFinite = false);

} // namespace bufferscope::render
