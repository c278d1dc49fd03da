// SPDX-License-Identifier: GPL-3.0-or-later
// The column accumulation runs eight floats a step with AVX2 when the processor has it
// (chosen at run time; the build stays baseline x86-64), else a scalar loop doing the same
// arithmetic, so both give identical sums.
#include "render/row_pooler.h"

#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BUFFERSCOPE_POOL_AVX2 1
#include <immintrin.h>
#endif

namespace bufferscope::render {

namespace {

constexpr float kInfinity = std::numeric_limits<float>::infinity();

// Scalar steps; `n` values into the accumulators of the same columns.
void addMeanScalar(const float *v, Index n, double *sum, std::int32_t *count)
{
    for (Index j = 0; j < n; ++j) {
        const bool number = v[j] == v[j];
        sum[j] += number ? static_cast<double>(v[j]) : 0.0;
        count[j] += number ? 1 : 0;
    }
}

template<bool Max> void addBestScalar(const float *v, Index n, float *best, std::int32_t *count)
{
    for (Index j = 0; j < n; ++j) {
        const bool number = v[j] == v[j];
        if (number && (Max ? v[j] > best[j] : v[j] < best[j]))
            best[j] = v[j];
        count[j] += number ? 1 : 0;
    }
}

// Marking: the extreme the mode does not keep (Min for Max), NaN leaving it alone.
template<bool Max> void addOtherScalar(const float *v, Index n, float *other)
{
    for (Index j = 0; j < n; ++j)
        if (Max ? v[j] > other[j] : v[j] < other[j])
            other[j] = v[j];
}

#if defined(BUFFERSCOPE_POOL_AVX2)
bool hasAvx2()
{
    static const bool has = __builtin_cpu_supports("avx2");
    return has;
}

// count[0..8) += 1 where `number` (an all-ones lane for each value that is not NaN).
__attribute__((target("avx2"))) inline void countNumbers(std::int32_t *count, __m256 number)
{
    const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(count));
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(count),
                        _mm256_sub_epi32(c, _mm256_castps_si256(number)));
}

__attribute__((target("avx2"))) Index addMeanAvx2(const float *v, Index n, double *sum,
                                                  std::int32_t *count)
{
    Index j = 0;
    for (; j + 8 <= n; j += 8) {
        const __m256 x = _mm256_loadu_ps(v + j);
        const __m256 number = _mm256_cmp_ps(x, x, _CMP_ORD_Q);
        const __m256 kept = _mm256_and_ps(x, number); // NaN lanes become +0.0
        const __m256d low = _mm256_cvtps_pd(_mm256_castps256_ps128(kept));
        const __m256d high = _mm256_cvtps_pd(_mm256_extractf128_ps(kept, 1));
        _mm256_storeu_pd(sum + j, _mm256_add_pd(_mm256_loadu_pd(sum + j), low));
        _mm256_storeu_pd(sum + j + 4, _mm256_add_pd(_mm256_loadu_pd(sum + j + 4), high));
        countNumbers(count + j, number);
    }
    return j;
}

// Marking (`Other`) keeps the other extreme in the same pass: one more load, min/max and
// store per eight values, while they are in registers.
template<bool Max, bool Other>
__attribute__((target("avx2"))) Index addBestAvx2(const float *v, Index n, float *best,
                                                  float *other, std::int32_t *count)
{
    Index j = 0;
    for (; j + 8 <= n; j += 8) {
        const __m256 x = _mm256_loadu_ps(v + j);
        const __m256 number = _mm256_cmp_ps(x, x, _CMP_ORD_Q);
        const __m256 b = _mm256_loadu_ps(best + j);
        // With one NaN operand min/max return the second one: NaN values leave `best` alone.
        _mm256_storeu_ps(best + j, Max ? _mm256_max_ps(x, b) : _mm256_min_ps(x, b));
        if constexpr (Other) {
            const __m256 o = _mm256_loadu_ps(other + j);
            _mm256_storeu_ps(other + j, Max ? _mm256_min_ps(x, o) : _mm256_max_ps(x, o));
        }
        countNumbers(count + j, number);
    }
    return j;
}
#endif

} // namespace

RowPooler::RowPooler(PlaneShape input, PlaneShape output, PoolMode mode, bool markNonFinite,
                     Index firstOutputRow, Index endOutputRow)
    : m_input(input), m_output(output), m_mode(mode), m_markNonFinite(markNonFinite),
      m_outputRow(firstOutputRow),
      m_endOutputRow(endOutputRow < 0 ? output.rows : endOutputRow)
{
    m_blockEnd = m_output.rows > 0 ? firstInputRow(m_input, m_output, m_outputRow + 1) : 0;
    m_columnEnds.resize(static_cast<std::size_t>(std::max<Index>(m_output.columns, 0)));
    for (Index c = 0; c < m_output.columns; ++c)
        m_columnEnds[static_cast<std::size_t>(c)] = (c + 1) * m_input.columns / m_output.columns;
    const auto columns = static_cast<std::size_t>(std::max<Index>(m_input.columns, 0));
    if (m_mode == PoolMode::Mean)
        m_sum.assign(columns, 0.0);
    else
        m_best.assign(columns, m_mode == PoolMode::Max ? -kInfinity : kInfinity);
    if (m_markNonFinite && m_mode != PoolMode::Mean)
        m_other.assign(columns, m_mode == PoolMode::Max ? kInfinity : -kInfinity);
    m_count.assign(columns, 0);
    m_values.reserve(static_cast<std::size_t>(
        std::max<std::int64_t>((m_endOutputRow - m_outputRow) * m_output.columns, 0)));
}

void RowPooler::add(Index row, Index column, const float *values, Index count)
{
    while (row >= m_blockEnd && m_outputRow < m_endOutputRow)
        foldRow();
    double *sum = m_sum.empty() ? nullptr : m_sum.data() + column;
    float *best = m_best.empty() ? nullptr : m_best.data() + column;
    std::int32_t *counts = m_count.data() + column;
    float *other = m_other.empty() ? nullptr : m_other.data() + column;
    Index done = 0;
#if defined(BUFFERSCOPE_POOL_AVX2)
    if (hasAvx2()) {
        if (m_mode == PoolMode::Mean)
            done = addMeanAvx2(values, count, sum, counts);
        else if (m_mode == PoolMode::Max)
            done = other ? addBestAvx2<true, true>(values, count, best, other, counts)
                         : addBestAvx2<true, false>(values, count, best, other, counts);
        else
            done = other ? addBestAvx2<false, true>(values, count, best, other, counts)
                         : addBestAvx2<false, false>(values, count, best, other, counts);
    }
#endif
    const Index rest = count - done;
    if (m_mode == PoolMode::Mean)
        addMeanScalar(values + done, rest, sum + done, counts + done);
    else if (m_mode == PoolMode::Max)
        addBestScalar<true>(values + done, rest, best + done, counts + done);
    else
        addBestScalar<false>(values + done, rest, best + done, counts + done);
    if (!other)
        return;
    // Only when marking in Min/Max: the values the vector loop left, for the other extreme.
    if (m_mode == PoolMode::Max)
        addOtherScalar<false>(values + done, rest, other + done);
    else
        addOtherScalar<true>(values + done, rest, other + done);
}

void RowPooler::foldRow()
{
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const bool max = m_mode == PoolMode::Max;
    // Every cell of this output row covers `rows` input rows: fewer numbers than cells
    // means NaN was there (the counts cost nothing extra in the row loop).
    const Index rows = m_blockEnd - firstInputRow(m_input, m_output, m_outputRow);
    Index begin = 0;
    for (const Index end : m_columnEnds) {
        std::int64_t count = 0;
        double sum = 0.0;
        float best = max ? -kInfinity : kInfinity;
        float other = max ? kInfinity : -kInfinity;
        for (Index j = begin; j < end; ++j) {
            const auto k = static_cast<std::size_t>(j);
            count += m_count[k];
            if (m_mode == PoolMode::Mean)
                sum += m_sum[k];
            else
                best = max ? std::max(best, m_best[k]) : std::min(best, m_best[k]);
            if (!m_other.empty())
                other = max ? std::min(other, m_other[k]) : std::max(other, m_other[k]);
        }
        float value = nan;
        if (count > 0)
            value = m_mode == PoolMode::Mean ? static_cast<float>(sum / static_cast<double>(count))
                                             : best;
        if (m_markNonFinite && count < rows * (end - begin))
            value = nan;
        else if (!m_other.empty() && std::isinf(other) && !std::isinf(value))
            value = other; // -inf under a Max (+inf under a Min) stays in sight
        m_values.push_back(value);
        begin = end;
    }
    std::fill(m_sum.begin(), m_sum.end(), 0.0);
    std::fill(m_best.begin(), m_best.end(), max ? -kInfinity : kInfinity);
    std::fill(m_other.begin(), m_other.end(), max ? kInfinity : -kInfinity);
    std::fill(m_count.begin(), m_count.end(), 0);
    ++m_outputRow;
    m_blockEnd = firstInputRow(m_input, m_output, m_outputRow + 1);
}

std::vector<float> RowPooler::finish()
{
    while (m_outputRow < m_endOutputRow)
        foldRow();
    return std::move(m_values);
}

} // namespace bufferscope::render
