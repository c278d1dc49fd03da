// SPDX-License-Identifier: GPL-3.0-or-later
#include "render/pooling.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace bufferscope::render {

PlaneShape pooledShape(PlaneShape input, PlaneShape limit)
{
    auto reduce = [](Index size, Index most) {
        if (most <= 0 || size <= most)
            return size;
        const Index factor = (size + most - 1) / most;
        return (size + factor - 1) / factor;
    };
    return {reduce(input.rows, limit.rows), reduce(input.columns, limit.columns)};
}

Status poolPlane(std::span<const float> input, PlaneShape inputShape, std::span<float> out,
                 PlaneShape outputShape, PoolMode mode)
{
    if (static_cast<std::int64_t>(input.size()) < inputShape.count() ||
        static_cast<std::int64_t>(out.size()) < outputShape.count() || outputShape.rows <= 0 ||
        outputShape.columns <= 0 || outputShape.rows > inputShape.rows ||
        outputShape.columns > inputShape.columns) {
        return makeError(ErrorCategory::Value,
                         "render: cannot pool " + std::to_string(inputShape.rows) + "x" +
                             std::to_string(inputShape.columns) + " into " +
                             std::to_string(outputShape.rows) + "x" + std::to_string(outputShape.columns));
    }
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (Index r = 0; r < outputShape.rows; ++r) {
        const Index rowBegin = r * inputShape.rows / outputShape.rows;
        const Index rowEnd = (r + 1) * inputShape.rows / outputShape.rows;
        for (Index c = 0; c < outputShape.columns; ++c) {
            const Index columnBegin = c * inputShape.columns / outputShape.columns;
            const Index columnEnd = (c + 1) * inputShape.columns / outputShape.columns;
            double sum = 0.0;
            std::int64_t count = 0;
            float best = nan;
            for (Index row = rowBegin; row < rowEnd; ++row) {
                const float *line = input.data() + row * inputShape.columns;
                for (Index column = columnBegin; column < columnEnd; ++column) {
                    const float value = line[column];
                    if (std::isnan(value))
                        continue;
                    ++count;
                    sum += value;
                    if (std::isnan(best) || (mode == PoolMode::Max ? value > best : value < best))
                        best = value;
                }
            }
            float result = nan;
            if (count > 0)
                result = mode == PoolMode::Mean ? static_cast<float>(sum / static_cast<double>(count)) : best;
            out[static_cast<std::size_t>(r * outputShape.columns + c)] = result;
        }
    }
    return {};
}

} // namespace bufferscope::render
