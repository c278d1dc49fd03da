// SPDX-License-Identifier: GPL-3.0-or-later
// renderPlane: walks the plane's rows twice (plane_rows.h): statistics, then colours.
#include "render/fused_render.h"

#include "render/fused_kernels.h"
#include "render/plane_rows.h"

#include <string>

namespace bufferscope::render {

Result<RenderedPlane> renderPlane(const Descriptor &descriptor, const NumericSource &source,
                                  const PlaneSelection &selection, const Gradient &gradient,
                                  const ColourScale &scale, RangeMode range,
                                  std::span<std::uint32_t> out)
{
    auto shape = planeShape(descriptor, selection);
    if (!shape)
        return shape.error();
    if (static_cast<std::int64_t>(out.size()) < shape->count())
        return makeError(ErrorCategory::Value,
                         "render: output holds " + std::to_string(out.size()) +
                             " pixels, the plane has " + std::to_string(shape->count()));
    RenderedPlane rendered;
    rendered.shape = *shape;
    rendered.scale = scale;
    if (shape->count() == 0)
        return rendered;
    if (auto status = checkElementType(descriptor, source); !status)
        return status.error();

    PlaneRowReader walker(descriptor, source, selection, {0, 0, shape->rows, shape->columns},
                          PlaneRowReader::Swap::Allowed);
    detail::StatisticsAccumulator accumulator;
    walker.forEachRun([&](const PlaneRun &run) {
        if (run.swapped)
            detail::accumulateStatistics<true>(run.items, run.count, accumulator);
        else
            detail::accumulateStatistics<false>(run.items, run.count, accumulator);
    });
    rendered.statistics = accumulator.result();
    if (range == RangeMode::FiniteMinMax) {
        rendered.scale.low = rendered.statistics.min;
        rendered.scale.high = rendered.statistics.max;
    }
    const detail::MapTable table(gradient, rendered.scale);
    std::uint32_t *pixels = out.data();
    walker.forEachRun([&](const PlaneRun &run) {
        std::uint32_t *first = pixels + run.row * shape->columns + run.column;
        if (run.swapped)
            detail::mapColours<true>(run.items, run.count, table, first);
        else
            detail::mapColours<false>(run.items, run.count, table, first);
    });
    return rendered;
}

} // namespace bufferscope::render
