// SPDX-License-Identifier: GPL-3.0-or-later
#include "render/pooling.h"

#include "render/row_pooler.h"

#include <algorithm>
#include <cstdint>
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

Status checkPoolableRows(PlaneShape input, PlaneShape output)
{
    // The per-column counts are 32-bit: an output row may cover at most 2^31 - 1 input rows.
    if (output.rows > 0 &&
        (input.rows + output.rows - 1) / output.rows <= std::numeric_limits<std::int32_t>::max())
        return {};
    return makeError(ErrorCategory::Limit, "render: cannot pool " + std::to_string(input.rows) +
                                               " rows into " + std::to_string(output.rows));
}

Status poolPlane(std::span<const float> input, PlaneShape inputShape, std::span<float> out,
                 PlaneShape outputShape, PoolMode mode, bool markNonFinite)
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
    if (auto status = checkPoolableRows(inputShape, outputShape); !status)
        return status;
    RowPooler pooler(inputShape, outputShape, mode, markNonFinite);
    for (Index row = 0; row < inputShape.rows; ++row)
        pooler.add(row, 0, input.data() + row * inputShape.columns, inputShape.columns);
    const std::vector<float> pooled = pooler.finish();
    std::copy(pooled.begin(), pooled.end(), out.begin());
    return {};
}

} // namespace bufferscope::render
