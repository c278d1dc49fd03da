// SPDX-License-Identifier: GPL-3.0-or-later
// Strided runs that read about one item per cache line (gathers such as a[:, :, k] of a
// volume), for strided_copy.cpp: an unrolled loop that issues eight loads before their stores,
// and a page-apart visiting order for the two source strides where it was measured to pay.
#pragma once

#include "buffer/copy_tuning.h"
#include "buffer/descriptor.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace bufferscope::detail {

template<std::size_t S> struct GatherItem;
template<> struct GatherItem<1>
{
    using Type = std::uint8_t;
};
template<> struct GatherItem<2>
{
    using Type = std::uint16_t;
};
template<> struct GatherItem<4>
{
    using Type = std::uint32_t;
};
template<> struct GatherItem<8>
{
    using Type = std::uint64_t;
};

// dst[i * ds] = src[i * ss] for i < n, items of S = 1, 2, 4 or 8 bytes. With half the
// instructions per item of a plain loop (NumPy's loop is unrolled the same way), more loads
// fit in the out-of-order window, so more cache misses are in flight at once: measured 7-20%
// faster on 1-byte gathers (tests/bench/PROFILING.md). Addresses are base + i * stride.
template<std::size_t S>
inline void gatherRun(std::byte *dst, ByteOffset ds, const std::byte *src, ByteOffset ss,
                      std::int64_t n)
{
    using Item = typename GatherItem<S>::Type;
    constexpr int kUnroll = 8;
    std::int64_t i = 0;
    for (; i + kUnroll <= n; i += kUnroll) {
        Item v[kUnroll];
        for (int k = 0; k < kUnroll; ++k)
            std::memcpy(&v[k], src + (i + k) * ss, S);
        for (int k = 0; k < kUnroll; ++k)
            std::memcpy(dst + (i + k) * ds, &v[k], S);
    }
    for (; i < n; ++i)
        std::memcpy(dst + i * ds, src + i * ss, S);
}

// A source stride of 512 B or 1 KiB puts the lines of a gather into 1/8 or 1/16 of the cache
// sets, so they come from DRAM on every pass. Visiting the items `passes` apart, so that
// consecutive reads land on different 4 KiB pages, was measured 9-16% faster there (likely:
// the L2 streamer no longer starts a stream in every page that fetches lines between the
// items). At other strides it was neutral or slower (2.4x slower at 1088 B, where the lines
// stay in the caches and the in-order walk is what the stride prefetcher follows). That was
// an Intel host; copyTuning() decides per CPU (off on AMD).
constexpr ByteOffset kGatherPageBytes = 4096;

inline bool pagedGatherPays(ByteOffset ss, std::int64_t n)
{
    const ByteOffset reach = ss < 0 ? -ss : ss;
    return copyTuning().pagedGather && (reach == 512 || reach == 1024) &&
           n >= 2 * kGatherPageBytes / reach;
}

// Blocks of kBlock items keep the destination lines in L1 between the passes.
template<std::size_t S>
inline void pagedGather(std::byte *dst, ByteOffset ds, const std::byte *src, ByteOffset ss,
                        std::int64_t n)
{
    constexpr std::int64_t kBlock = 1024;
    const ByteOffset reach = ss < 0 ? -ss : ss;
    const std::int64_t passes = kGatherPageBytes / reach;
    for (std::int64_t b0 = 0; b0 < n; b0 += kBlock) {
        const std::int64_t b1 = std::min(n, b0 + kBlock);
        for (std::int64_t first = b0; first < b0 + passes; ++first) {
            const std::int64_t count = (b1 - first + passes - 1) / passes;
            gatherRun<S>(dst + first * ds, ds * passes, src + first * ss, ss * passes, count);
        }
    }
}

} // namespace bufferscope::detail
