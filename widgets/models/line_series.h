// SPDX-License-Identifier: GPL-3.0-or-later
// The points of a 1-D view drawn as a line: every element when there are few, else each
// block of elements as its minimum and its maximum (an envelope that never hides a spike),
// read from the buffer with the render core's pooling (no full copy of a long view).
#pragma once

#include "common/result.h"
#include "models/render_request.h"

#include <vector>

namespace bufferscope {

struct LineSeries
{
    std::vector<double> index; // element index of each point (a block's first and last)
    std::vector<double> value; // NaN where the element is NaN: the line has a gap there
    std::int64_t length = 0;   // elements in the view
    bool pooled = false;       // true: min/max per block
};

// At most 2 * maxPoints points. Refusals: the render core's (planeShape's, extractPlane's).
Result<LineSeries> lineSeries(const PlaneKey &key, int maxPoints = 8192);

} // namespace bufferscope
