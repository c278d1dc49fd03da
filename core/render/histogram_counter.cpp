// SPDX-License-Identifier: GPL-3.0-or-later
// numpy.histogram's counting rule for float32 data, fast: the bin of eight values at once
// (AVX2, chosen at run time), then plain increments spread over four count rows. The scalar
// loop is the rule itself; both give the same bin for every value.
#include "render/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BUFFERSCOPE_HISTOGRAM_AVX2 1
#include <immintrin.h>
#endif

namespace bufferscope::render {

namespace {

constexpr int kLanes = 8;
// Flush the 32-bit rows long before one slot could overflow.
constexpr std::int64_t kFlushAfter = std::int64_t(1) << 30;

#if defined(BUFFERSCOPE_HISTOGRAM_AVX2)
bool hasAvx2()
{
    static const bool has = __builtin_cpu_supports("avx2");
    return has;
}

// Edge i of the eight bins, as the constructor computes it: float(low + i * step) in double
// arithmetic, and float(high) for i == count. Computed, not looked up: gathers cost more.
__attribute__((target("avx2"))) inline __m256 edgesAt(__m256i i, __m256d low, __m256d step,
                                                     __m256i count, __m256 last)
{
    const __m256d a = _mm256_add_pd(low, _mm256_mul_pd(_mm256_cvtepi32_pd(_mm256_castsi256_si128(i)), step));
    const __m256d b = _mm256_add_pd(low, _mm256_mul_pd(_mm256_cvtepi32_pd(_mm256_extracti128_si256(i, 1)), step));
    const __m256 edge = _mm256_set_m128(_mm256_cvtpd_ps(b), _mm256_cvtpd_ps(a));
    return _mm256_blendv_ps(edge, last, _mm256_castsi256_ps(_mm256_cmpeq_epi32(i, count)));
}

// Bins of values[0 .. n/8*8) into lanes; returns how many values it took.
__attribute__((target("avx2"))) std::size_t binAvx2(const float *values, std::size_t n,
                                                    double low, double step, float first,
                                                    float last, float norm, int count,
                                                    std::uint32_t *lanes)
{
    const __m256d vLow = _mm256_set1_pd(low);
    const __m256d vStep = _mm256_set1_pd(step);
    const __m256 vFirst = _mm256_set1_ps(first);
    const __m256 vLast = _mm256_set1_ps(last);
    const __m256 vNorm = _mm256_set1_ps(norm);
    const __m256 vCount = _mm256_set1_ps(static_cast<float>(count));
    const __m256 zero = _mm256_setzero_ps();
    const __m256i iCount = _mm256_set1_epi32(count);
    const __m256i iLast = _mm256_set1_epi32(count - 1);
    const __m256i one = _mm256_set1_epi32(1);
    const std::size_t stride = static_cast<std::size_t>(count) + 1;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 x = _mm256_loadu_ps(values + i);
        // Finite (x - x is 0) and inside [first, last]; NaN fails every ordered compare.
        __m256 valid = _mm256_and_ps(_mm256_cmp_ps(_mm256_sub_ps(x, x), zero, _CMP_EQ_OQ),
                                     _mm256_and_ps(_mm256_cmp_ps(x, vFirst, _CMP_GE_OQ),
                                                   _mm256_cmp_ps(x, vLast, _CMP_LE_OQ)));
        const __m256 scaled = _mm256_mul_ps(_mm256_sub_ps(x, vFirst), vNorm);
        __m256i bin = _mm256_cvttps_epi32(_mm256_min_ps(scaled, vCount));
        bin = _mm256_add_epi32(bin, _mm256_cmpeq_epi32(bin, iCount)); // count -> count - 1
        bin = _mm256_and_si256(bin, _mm256_castps_si256(valid));      // keep gathers in range
        const __m256 below = edgesAt(bin, vLow, vStep, iCount, vLast);
        const __m256 above = edgesAt(_mm256_add_epi32(bin, one), vLow, vStep, iCount, vLast);
        const __m256i down = _mm256_and_si256(_mm256_cmpgt_epi32(bin, _mm256_setzero_si256()),
                                              _mm256_castps_si256(_mm256_cmp_ps(x, below, _CMP_LT_OQ)));
        const __m256i up = _mm256_andnot_si256(
            down, _mm256_and_si256(_mm256_cmpgt_epi32(iLast, bin),
                                   _mm256_castps_si256(_mm256_cmp_ps(x, above, _CMP_GE_OQ))));
        bin = _mm256_sub_epi32(_mm256_add_epi32(bin, down), up); // masks are -1
        bin = _mm256_blendv_epi8(iCount, bin, _mm256_castps_si256(valid));
        // The bins leave the register as four 64-bit halves: reloading them from a vector
        // store instead stalls on store forwarding on some processors (3x slower measured).
        const __m128i lowHalf = _mm256_castsi256_si128(bin);
        const __m128i highHalf = _mm256_extracti128_si256(bin, 1);
        const std::uint64_t pairs[4] = {
            static_cast<std::uint64_t>(_mm_cvtsi128_si64(lowHalf)),
            static_cast<std::uint64_t>(_mm_extract_epi64(lowHalf, 1)),
            static_cast<std::uint64_t>(_mm_cvtsi128_si64(highHalf)),
            static_cast<std::uint64_t>(_mm_extract_epi64(highHalf, 1))};
        for (std::size_t k = 0; k < 4; ++k) {
            ++lanes[(2 * k) * stride + (pairs[k] & 0xffffffffu)];
            ++lanes[(2 * k + 1) * stride + (pairs[k] >> 32)];
        }
    }
    return i;
}
#endif

} // namespace

HistogramCounter::HistogramCounter(double low, double high, int bins)
{
    if (low == high) { // numpy widens an empty range by half a unit on each side
        low -= 0.5;
        high += 0.5;
    }
    m_histogram.low = low;
    m_histogram.high = high;
    const int count = std::max(bins, 1);
    m_histogram.counts.assign(static_cast<std::size_t>(count), 0);
    // Edges are linspace(low, high) rounded to float32, a first guess from the scaled value,
    // then a correction of one bin where the guess disagrees with the edges.
    m_first = static_cast<float>(low);
    m_last = static_cast<float>(high);
    m_edges.resize(static_cast<std::size_t>(count) + 1);
    const double step = (high - low) / count;
    for (int i = 0; i <= count; ++i)
        m_edges[static_cast<std::size_t>(i)] = static_cast<float>(i == count ? high : low + i * step);
    m_norm = high > low ? static_cast<float>(count / (high - low)) : 0.0f;
    m_lanes.assign(static_cast<std::size_t>(kLanes) * (static_cast<std::size_t>(count) + 1), 0);
}

void HistogramCounter::add(std::span<const float> values)
{
    const auto count = static_cast<std::ptrdiff_t>(m_histogram.counts.size());
    std::size_t done = 0;
#if defined(BUFFERSCOPE_HISTOGRAM_AVX2)
    if (hasAvx2()) {
        while (values.size() - done >= 8) {
            const std::size_t part = std::min<std::size_t>(values.size() - done, kFlushAfter);
            const std::size_t taken = binAvx2(values.data() + done, part, m_histogram.low,
                                              (m_histogram.high - m_histogram.low) /
                                                  static_cast<double>(count),
                                              m_first, m_last, m_norm, static_cast<int>(count),
                                              m_lanes.data());
            done += taken;
            m_pending += static_cast<std::int64_t>(taken);
            if (m_pending >= kFlushAfter)
                flush();
            if (taken < part)
                break; // fewer than eight left: the scalar loop takes them
        }
    }
#endif
    for (const float value : values.subspan(done)) {
        if (!std::isfinite(value) || value < m_first || value > m_last)
            continue;
        const float scaled = (value - m_first) * m_norm;
        auto bin = static_cast<std::ptrdiff_t>(std::min(scaled, static_cast<float>(count)));
        if (bin == count)
            --bin;
        if (bin > 0 && value < m_edges[static_cast<std::size_t>(bin)])
            --bin;
        else if (bin < count - 1 && value >= m_edges[static_cast<std::size_t>(bin) + 1])
            ++bin;
        ++m_histogram.counts[static_cast<std::size_t>(bin)];
    }
}

void HistogramCounter::flush() const
{
    const std::size_t stride = m_histogram.counts.size() + 1;
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
        for (std::size_t b = 0; b + 1 < stride; ++b)
            m_histogram.counts[b] += m_lanes[lane * stride + b];
    }
    std::fill(m_lanes.begin(), m_lanes.end(), 0);
    m_pending = 0;
}

void HistogramCounter::merge(const HistogramCounter &other)
{
    const Histogram &theirs = other.histogram();
    for (std::size_t b = 0; b < m_histogram.counts.size() && b < theirs.counts.size(); ++b)
        m_histogram.counts[b] += theirs.counts[b];
}

const Histogram &HistogramCounter::histogram() const
{
    if (m_pending > 0)
        flush();
    return m_histogram;
}

} // namespace bufferscope::render
