// SPDX-License-Identifier: GPL-3.0-or-later
// Branch-free inner loops shared by the fused renderer: the statistics of a run of float32
// values and their colour mapping, reading either native floats or byte-swapped ones straight
// from the buffer. Both give exactly what computeStatistics and colourMap give (same float32
// arithmetic, same clamping), four values per SSE2 step; NaN and the infinities are sorted
// out with integer masks on the bit patterns instead of branches.
#pragma once

#include "render/colour_map.h"
#include "render/statistics.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace bufferscope::render::detail {

// Running statistics of one plane; min/max over finite values only.
struct StatisticsAccumulator
{
    float low;
    float high;
    std::int64_t finite = 0;
    std::int64_t nan = 0;
    std::int64_t positiveInfinity = 0;
    std::int64_t negativeInfinity = 0;

    StatisticsAccumulator();
    ValueStatistics result() const;
};

// The gradient plus the three special colours, indexed 0..255, 256 (NaN), 257 (-inf), 258
// (+inf), and the float32 scaling of colour_map.h.
struct MapTable
{
    std::array<std::uint32_t, 260> colours{};
    float low = 0.0f;
    float factor = 0.0f;

    MapTable(const Gradient &gradient, const ColourScale &scale);
};

// `values` points at n float32 items, contiguous; Swapped: their bytes are in the other order.
template<bool Swapped>
void accumulateStatistics(const std::byte *values, std::int64_t n, StatisticsAccumulator &acc);

template<bool Swapped>
void mapColours(const std::byte *values, std::int64_t n, const MapTable &table, std::uint32_t *out);

} // namespace bufferscope::render::detail
