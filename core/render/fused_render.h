// SPDX-License-Identifier: GPL-3.0-or-later
// The whole heatmap in one call: plane extraction, statistics and colour mapping fused into
// two passes over the buffer (statistics, then mapping), so no float copy of the plane is
// ever written. The pixels equal extractPlane + computeStatistics + colourMap exactly.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"
#include "render/colour_map.h"
#include "render/plane.h"
#include "render/statistics.h"

#include <cstdint>
#include <span>

namespace bufferscope::render {

enum class RangeMode {
    Given,        // map with scale.low and scale.high as they are
    FiniteMinMax, // map from the plane's finite minimum to its maximum (0..0 when none)
};

struct RenderedPlane
{
    PlaneShape shape;
    ValueStatistics statistics; // always computed
    ColourScale scale;          // the scale the pixels were mapped with
};

// Writes shape.count() ARGB32 pixels into out (row-major). Refusals: planeShape's and
// extractPlane's, and "render: output holds 10 pixels, the plane has 12".
Result<RenderedPlane> renderPlane(const Descriptor &descriptor, const NumericSource &source,
                                  const PlaneSelection &selection, const Gradient &gradient,
                                  const ColourScale &scale, RangeMode range,
                                  std::span<std::uint32_t> out);

} // namespace bufferscope::render
