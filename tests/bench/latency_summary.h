// SPDX-License-Identifier: GPL-3.0-or-later
// The latency tables of the display benchmarks (slider_bench, live_bench): min, median, p95
// and max of a list of milliseconds, printed as one row.
#pragma once

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

struct Summary
{
    double min, median, p95, max;
};

inline Summary summarise(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, std::size_t(q * double(ms.size())))]; };
    return {ms.front(), at(0.5), at(0.95), ms.back()};
}

inline void print(const char *what, const Summary &s)
{
    std::printf("%-58s %8.2f %8.2f %8.2f %8.2f\n", what, s.min, s.median, s.p95, s.max);
}

inline double since(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}
