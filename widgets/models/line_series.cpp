// SPDX-License-Identifier: GPL-3.0-or-later
// lineSeries: extractPlane for short views; poolFromBuffer's Min and Max passes (with
// non-finite values marked, so a NaN block is a gap and an infinity is not averaged away)
// for long ones.
#include "models/line_series.h"

#include "render/plane.h"
#include "render/pooled_plane.h"

namespace bufferscope {

Result<LineSeries> lineSeries(const PlaneKey &remoteKey, int maxPoints)
{
    auto local = localKey(remoteKey, {}); // a read-on-demand buffer's line is fetched first
    if (!local)
        return local.error();
    const PlaneKey &key = local->key;
    auto shape = render::planeShape(key.descriptor, key.selection);
    if (!shape)
        return shape.error();
    LineSeries series;
    series.length = shape->count();
    if (series.length <= 2 * static_cast<std::int64_t>(maxPoints)) {
        std::vector<float> values(static_cast<std::size_t>(series.length));
        if (auto status = render::extractPlane(key.descriptor, key.numeric, key.selection, values);
            !status)
            return status.error();
        for (std::int64_t i = 0; i < series.length; ++i) {
            series.index.push_back(static_cast<double>(i));
            series.value.push_back(values[static_cast<std::size_t>(i)]);
        }
        return series;
    }
    series.pooled = true;
    const render::PlaneShape limit{1, maxPoints};
    auto low = render::poolFromBuffer(key.descriptor, key.numeric, key.selection, {}, limit,
                                      render::PoolMode::Min, {}, true);
    if (!low)
        return low.error();
    auto high = render::poolFromBuffer(key.descriptor, key.numeric, key.selection, {}, limit,
                                       render::PoolMode::Max, {}, true);
    if (!high)
        return high.error();
    const auto blocks = static_cast<std::int64_t>(low->values.size());
    for (std::int64_t b = 0; b < blocks; ++b) {
        // Block b covers [b*N/blocks, (b+1)*N/blocks), as the pooler divides it.
        const std::int64_t first = b * series.length / blocks;
        const std::int64_t last = (b + 1) * series.length / blocks - 1;
        series.index.push_back(static_cast<double>(first));
        series.value.push_back(low->values[static_cast<std::size_t>(b)]);
        series.index.push_back(static_cast<double>(last));
        series.value.push_back(high->values[static_cast<std::size_t>(b)]);
    }
    return series;
}

} // namespace bufferscope
