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
    Histogram histogram;
    histogram.low = low;
    histogram.high = high;
    histogram.counts.assign(static_cast<std::size_t>(std::max(bins, 1)), 0);
    const double width = high - low;
    for (const float value : values) {
        if (!std::isfinite(value) || value < low || value > high)
            continue;
        std::size_t bin = 0;
        if (width > 0) {
            const double scaled = (value - low) / width * static_cast<double>(histogram.counts.size());
            bin = std::min(static_cast<std::size_t>(scaled), histogram.counts.size() - 1);
        }
        ++histogram.counts[bin];
    }
    return histogram;
}

} // namespace bufferscope::render
