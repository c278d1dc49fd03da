// SPDX-License-Identifier: GPL-3.0-or-later
// Value statistics of a displayed plane: the finite range (NaN and infinities counted apart,
// never part of the range), percentile ranges for the histogram presets, and the histogram.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace bufferscope::render {

struct ValueStatistics
{
    double min = 0.0; // of finite values; 0 when there are none
    double max = 0.0;
    std::int64_t finite = 0;
    std::int64_t nan = 0;
    std::int64_t positiveInfinity = 0;
    std::int64_t negativeInfinity = 0;
};

ValueStatistics computeStatistics(std::span<const float> values);

// The statistics of two sets of values together (the channels of an image, say).
ValueStatistics mergeStatistics(const ValueStatistics &a, const ValueStatistics &b);

// The finite values at the lower and upper percentiles (0..100), linear interpolation between
// order statistics as numpy.percentile's default; {0, 0} when nothing is finite.
std::pair<double, double> percentileRange(std::span<const float> values, double lowerPercent,
                                          double upperPercent);

struct Histogram
{
    double low = 0.0;
    double high = 0.0;
    std::vector<std::int64_t> counts; // bins of equal width; the last bin includes `high`
};

// Finite values inside [low, high] only, counted exactly as numpy.histogram(values, bins,
// (low, high)) counts float32 data (an empty range is widened to [low - 0.5, high + 0.5]).
Histogram computeHistogram(std::span<const float> values, double low, double high, int bins);

// computeHistogram fed in pieces (rows read straight from a buffer): the same counts.
// histogram_counter.cpp: eight values a step with AVX2 where the processor has it.
class HistogramCounter
{
public:
    HistogramCounter(double low, double high, int bins);
    void add(std::span<const float> values);
    // Adds another counter's counts (same low, high and bins), for passes split in parts.
    void merge(const HistogramCounter &other);
    const Histogram &histogram() const;

private:
    void flush() const;

    mutable Histogram m_histogram;
    std::vector<float> m_edges; // count + 1
    float m_first;
    float m_last;
    float m_norm;
    // Eight interleaved 32-bit count rows, one per vector lane (the last slot of each takes the values outside
    // the range): runs of equal bins then do not wait on one counter's previous increment.
    mutable std::vector<std::uint32_t> m_lanes;
    mutable std::int64_t m_pending = 0; // values counted in m_lanes since the last flush
};

} // namespace bufferscope::render
