// SPDX-License-Identifier: GPL-3.0-or-later
// Splits a pass over a plane's rows into bands run at once on the machine's cores: reading a
// 4096x4096 slice is bound by memory and by the per-value arithmetic, and one core alone
// reaches neither the memory's bandwidth nor the other core's arithmetic.
#pragma once

#include "buffer/descriptor.h"

#include <algorithm>
#include <cstdint>
#include <system_error>
#include <thread>
#include <vector>

namespace bufferscope::render {

// How many bands a pass over `cells` values is worth: one below a million (a thread costs
// tens of microseconds), else one per core, at most eight.
inline int bandsFor(std::int64_t cells)
{
    if (cells < (std::int64_t(1) << 20))
        return 1;
    return static_cast<int>(std::clamp<unsigned>(std::thread::hardware_concurrency(), 1u, 8u));
}

// Runs f(band, begin, end) for `bands` contiguous parts of [0, n): band 0 on the calling
// thread, the others on threads of their own (or on the calling thread when none can be
// started); returns when all are done.
template<class F> void runInBands(Index n, int bands, F &&f)
{
    bands = static_cast<int>(std::clamp<Index>(bands, 1, std::max<Index>(n, 1)));
    auto begin = [&](int band) { return n * band / bands; };
    std::vector<std::jthread> threads;
    for (int band = 1; band < bands; ++band) {
        try {
            threads.emplace_back([&f, band, from = begin(band), to = begin(band + 1)] {
                f(band, from, to);
            });
        } catch (const std::system_error &) {
            f(band, begin(band), begin(band + 1));
        }
    }
    f(0, begin(0), begin(1));
}

} // namespace bufferscope::render
