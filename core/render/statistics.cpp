// SPDX-License-Identifier: GPL-3.0-or-later
#include "render/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bufferscope::render {

ValueStatistics computeStatistics(std::span<const float> values)
{
    ValueStatistics statistics;
    float low = std::numeric_limits<float>::infinity();
    float high = -std::numeric_limits<float>::infinity();
    for (const float value : values) {
        if (std::isfinite(value)) {
            low = std::min(low, value);
            high = std::max(high, value);
            ++statistics.finite;
        } else if (std::isnan(value)) {
            ++statistics.nan;
        } else if (value > 0) {
            ++statistics.positiveInfinity;
        } else {
            ++statistics.negativeInfinity;
        }
    }
    if (statistics.finite > 0) {
        statistics.min = low;
        statistics.max = high;
    }
    return statistics;
}

ValueStatistics mergeStatistics(const ValueStatistics &a, const ValueStatistics &b)
{
    if (a.finite == 0 && a.nan == 0 && a.positiveInfinity == 0 && a.negativeInfinity == 0)
        return b;
    ValueStatistics merged;
    merged.finite = a.finite + b.finite;
    merged.nan = a.nan + b.nan;
    merged.positiveInfinity = a.positiveInfinity + b.positiveInfinity;
    merged.negativeInfinity = a.negativeInfinity + b.negativeInfinity;
    if (a.finite > 0 && b.finite > 0) {
        merged.min = std::min(a.min, b.min);
        merged.max = std::max(a.max, b.max);
    } else if (a.finite > 0 || b.finite > 0) {
        merged.min = a.finite > 0 ? a.min : b.min;
        merged.max = a.finite > 0 ? a.max : b.max;
    }
    return merged;
}

static double percentileOf(std::vector<float> &finite, double percent)
{
    // numpy's default 'linear' method: position = p/100 * (n - 1), interpolate neighbours.
    const double position = std::clamp(percent, 0.0, 100.0) / 100.0 * static_cast<double>(finite.size() - 1);
    const auto lower = static_cast<std::size_t>(std::floor(position));
    const std::size_t upper = std::min(lower + 1, finite.size() - 1);
    std::nth_element(finite.begin(), finite.begin() + static_cast<std::ptrdiff_t>(lower), finite.end());
    const double a = finite[lower];
    double b = a;
    if (upper != lower)
        b = *std::min_element(finite.begin() + static_cast<std::ptrdiff_t>(upper), finite.end());
    const double t = position - static_cast<double>(lower);
    return a + (b - a) * t;
}

std::pair<double, double> percentileRange(std::span<const float> values, double lowerPercent,
                                          double upperPercent)
{
    std::vector<float> finite;
    finite.reserve(values.size());
    for (const float value : values) {
        if (std::isfinite(value))
            finite.push_back(value);
    }
    if (finite.empty())
        return {0.0, 0.0};
    const double low = percentileOf(finite, lowerPercent);
    const double high = percentileOf(finite, upperPercent);
    return {low, high};
}

Histogram computeHistogram(std::span<const float> values, double low, double high, int bins)
{
    HistogramCounter counter(low, high, bins);
    counter.add(values);
    return counter.histogram();
}

} // namespace bufferscope::render
