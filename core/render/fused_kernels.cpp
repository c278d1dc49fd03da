// SPDX-License-Identifier: GPL-3.0-or-later
// SSE2 (every x86-64) statistics and colour-mapping runs over float32 items, with a scalar
// version of the same steps for the tails and for other processors.
#include "render/fused_kernels.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BUFFERSCOPE_RENDER_AVX2 1
#include <immintrin.h>
#endif

namespace bufferscope::render::detail {

namespace {

constexpr std::uint32_t kAbsMask = 0x7fffffffu;
constexpr std::uint32_t kInfBits = 0x7f800000u;

template<bool Swapped> inline std::uint32_t loadBits(const std::byte *p)
{
    std::uint32_t bits;
    std::memcpy(&bits, p, 4);
    if constexpr (Swapped)
        bits = __builtin_bswap32(bits);
    return bits;
}

// The table slot of one value: 0..255 for finite values (colour_map.cpp's rule), else 256 NaN,
// 257 -inf, 258 +inf.
inline int slotOf(std::uint32_t bits, const MapTable &table)
{
    const std::uint32_t magnitude = bits & kAbsMask;
    if (magnitude > kInfBits)
        return 256;
    if (magnitude == kInfBits)
        return (bits >> 31) ? 257 : 258;
    const float position = (std::bit_cast<float>(bits) - table.low) * table.factor + 0.5f;
    if (!(position > 0.0f))
        return 0;
    if (position >= 255.0f)
        return 255;
    return static_cast<int>(position);
}

#if defined(__SSE2__)
template<bool Swapped> inline __m128i loadVector(const std::byte *p)
{
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    if constexpr (Swapped) { // swap the 16-bit halves, then the bytes inside each half
        v = _mm_or_si128(_mm_slli_epi32(v, 16), _mm_srli_epi32(v, 16));
        v = _mm_or_si128(_mm_slli_epi16(v, 8), _mm_srli_epi16(v, 8));
    }
    return v;
}
#endif

#if defined(BUFFERSCOPE_RENDER_AVX2)
// AVX2 versions (chosen at run time; the build stays baseline x86-64): eight values a step,
// byte swap by one shuffle, and three-operand instructions. Non-finite lanes get all bits set
// (a NaN), which _mm256_min_ps/_mm256_max_ps never pick over the accumulated value.
bool cpuHasAvx2()
{
    static const bool has = __builtin_cpu_supports("avx2");
    return has;
}

template<bool Swapped>
__attribute__((target("avx2"))) inline __m256i loadVector8(const std::byte *p)
{
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
    if constexpr (Swapped) {
        const __m256i reverse =
            _mm256_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12, 3, 2, 1, 0, 7, 6,
                             5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
        v = _mm256_shuffle_epi8(v, reverse);
    }
    return v;
}

template<bool Swapped>
__attribute__((target("avx2"))) std::int64_t statisticsAvx2(const std::byte *values, std::int64_t n,
                                                            StatisticsAccumulator &acc)
{
    const __m256i absMask = _mm256_set1_epi32(static_cast<int>(kAbsMask));
    const __m256i infBits = _mm256_set1_epi32(static_cast<int>(kInfBits));
    __m256 low = _mm256_set1_ps(std::numeric_limits<float>::infinity());
    __m256 high = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
    std::int64_t i = 0;
    constexpr std::int64_t kFlush = std::int64_t(1) << 28;
    while (i + 8 <= n) {
        __m256i nanCount = _mm256_setzero_si256();
        __m256i infCount = _mm256_setzero_si256();
        __m256i negInfCount = _mm256_setzero_si256();
        const std::int64_t end = i + std::min<std::int64_t>((n - i) / 8 * 8, kFlush);
        const std::int64_t start = i;
        for (; i < end; i += 8) {
            const __m256i bits = loadVector8<Swapped>(values + i * 4);
            const __m256i magnitude = _mm256_and_si256(bits, absMask);
            const __m256i isNan = _mm256_cmpgt_epi32(magnitude, infBits);
            const __m256i isInf = _mm256_cmpeq_epi32(magnitude, infBits);
            nanCount = _mm256_sub_epi32(nanCount, isNan);
            infCount = _mm256_sub_epi32(infCount, isInf);
            negInfCount =
                _mm256_sub_epi32(negInfCount, _mm256_and_si256(isInf, _mm256_srai_epi32(bits, 31)));
            const __m256 value =
                _mm256_castsi256_ps(_mm256_or_si256(bits, _mm256_or_si256(isNan, isInf)));
            low = _mm256_min_ps(value, low);
            high = _mm256_max_ps(value, high);
        }
        alignas(32) std::int32_t lanes[3][8];
        _mm256_store_si256(reinterpret_cast<__m256i *>(lanes[0]), nanCount);
        _mm256_store_si256(reinterpret_cast<__m256i *>(lanes[1]), infCount);
        _mm256_store_si256(reinterpret_cast<__m256i *>(lanes[2]), negInfCount);
        std::int64_t nans = 0, infs = 0, negInfs = 0;
        for (int k = 0; k < 8; ++k) {
            nans += lanes[0][k];
            infs += lanes[1][k];
            negInfs += lanes[2][k];
        }
        acc.nan += nans;
        acc.negativeInfinity += negInfs;
        acc.positiveInfinity += infs - negInfs;
        acc.finite += (end - start) - nans - infs;
    }
    alignas(32) float lows[8];
    alignas(32) float highs[8];
    _mm256_store_ps(lows, low);
    _mm256_store_ps(highs, high);
    for (int k = 0; k < 8; ++k) {
        acc.low = std::min(acc.low, lows[k]);
        acc.high = std::max(acc.high, highs[k]);
    }
    return i;
}

template<bool Swapped>
__attribute__((target("avx2"))) std::int64_t mapAvx2(const std::byte *values, std::int64_t n,
                                                     const MapTable &table, std::uint32_t *out)
{
    const __m256i absMask = _mm256_set1_epi32(static_cast<int>(kAbsMask));
    const __m256i infBits = _mm256_set1_epi32(static_cast<int>(kInfBits));
    const __m256i slot256 = _mm256_set1_epi32(256);
    const __m256i slot258 = _mm256_set1_epi32(258);
    const __m256 low = _mm256_set1_ps(table.low);
    const __m256 factor = _mm256_set1_ps(table.factor);
    const __m256 half = _mm256_set1_ps(0.5f);
    const __m256 top = _mm256_set1_ps(255.0f);
    const auto *colours = reinterpret_cast<const int *>(table.colours.data());
    std::int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256i bits = loadVector8<Swapped>(values + i * 4);
        const __m256i magnitude = _mm256_and_si256(bits, absMask);
        const __m256i finite = _mm256_cmpgt_epi32(infBits, magnitude);
        const __m256i isNan = _mm256_cmpgt_epi32(magnitude, infBits);
        // Separate multiply and add (no FMA), as the scalar rule computes it.
        __m256 position = _mm256_sub_ps(_mm256_castsi256_ps(bits), low);
        position = _mm256_add_ps(_mm256_mul_ps(position, factor), half);
        position = _mm256_min_ps(_mm256_max_ps(position, _mm256_setzero_ps()), top);
        const __m256i index = _mm256_cvttps_epi32(position);
        const __m256i special = _mm256_blendv_epi8(
            _mm256_sub_epi32(slot258, _mm256_srli_epi32(bits, 31)), slot256, isNan);
        const __m256i slot = _mm256_blendv_epi8(special, index, finite);
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + i),
                            _mm256_i32gather_epi32(colours, slot, 4));
    }
    return i;
}
#endif

} // namespace

StatisticsAccumulator::StatisticsAccumulator()
    : low(std::numeric_limits<float>::infinity()), high(-std::numeric_limits<float>::infinity())
{
}

ValueStatistics StatisticsAccumulator::result() const
{
    ValueStatistics statistics;
    statistics.finite = finite;
    statistics.nan = nan;
    statistics.positiveInfinity = positiveInfinity;
    statistics.negativeInfinity = negativeInfinity;
    if (finite > 0) {
        statistics.min = low;
        statistics.max = high;
    }
    return statistics;
}

MapTable::MapTable(const Gradient &gradient, const ColourScale &scale)
{
    for (int i = 0; i < 256; ++i)
        colours[static_cast<std::size_t>(i)] = gradient.colours[static_cast<std::size_t>(i)];
    colours[256] = scale.nanColour;
    colours[257] = scale.negInfColour;
    colours[258] = scale.posInfColour;
    // The same float32 scaling as colour_map.cpp's scalingOf.
    low = static_cast<float>(scale.low);
    const float span = static_cast<float>(scale.high) - low;
    factor = span > 0.0f && std::isfinite(span) ? 255.0f / span : 0.0f;
}

template<bool Swapped>
void accumulateStatistics(const std::byte *values, std::int64_t n, StatisticsAccumulator &acc)
{
    std::int64_t i = 0;
#if defined(BUFFERSCOPE_RENDER_AVX2)
    if (cpuHasAvx2())
        i = statisticsAvx2<Swapped>(values, n, acc);
#endif
#if defined(__SSE2__)
    const __m128i absMask = _mm_set1_epi32(static_cast<int>(kAbsMask));
    const __m128i infBits = _mm_set1_epi32(static_cast<int>(kInfBits));
    const __m128 plusInf = _mm_set1_ps(std::numeric_limits<float>::infinity());
    const __m128 minusInf = _mm_set1_ps(-std::numeric_limits<float>::infinity());
    __m128 low = plusInf;
    __m128 high = minusInf;
    // Per-lane counts in int32 (each mask lane is -1 or 0), flushed before they can overflow.
    constexpr std::int64_t kFlush = std::int64_t(1) << 28;
    while (i + 4 <= n) {
        __m128i finiteCount = _mm_setzero_si128();
        __m128i nanCount = _mm_setzero_si128();
        __m128i posInfCount = _mm_setzero_si128();
        __m128i negInfCount = _mm_setzero_si128();
        const std::int64_t end = i + std::min<std::int64_t>((n - i) / 4 * 4, kFlush);
        for (; i < end; i += 4) {
            const __m128i bits = loadVector<Swapped>(values + i * 4);
            const __m128i magnitude = _mm_and_si128(bits, absMask);
            const __m128i finite = _mm_cmplt_epi32(magnitude, infBits);
            const __m128i isNan = _mm_cmpgt_epi32(magnitude, infBits);
            const __m128i isInf = _mm_cmpeq_epi32(magnitude, infBits);
            const __m128i negative = _mm_srai_epi32(bits, 31);
            finiteCount = _mm_sub_epi32(finiteCount, finite);
            nanCount = _mm_sub_epi32(nanCount, isNan);
            negInfCount = _mm_sub_epi32(negInfCount, _mm_and_si128(isInf, negative));
            posInfCount = _mm_sub_epi32(posInfCount, _mm_andnot_si128(negative, isInf));
            const __m128 value = _mm_castsi128_ps(bits);
            const __m128 finiteMask = _mm_castsi128_ps(finite);
            // Non-finite lanes become +inf for the minimum and -inf for the maximum. The new
            // value is the first operand, so ties keep the earlier value as std::min does.
            low = _mm_min_ps(
                _mm_or_ps(_mm_and_ps(finiteMask, value), _mm_andnot_ps(finiteMask, plusInf)), low);
            high = _mm_max_ps(
                _mm_or_ps(_mm_and_ps(finiteMask, value), _mm_andnot_ps(finiteMask, minusInf)),
                high);
        }
        alignas(16) std::int32_t lanes[4][4];
        _mm_store_si128(reinterpret_cast<__m128i *>(lanes[0]), finiteCount);
        _mm_store_si128(reinterpret_cast<__m128i *>(lanes[1]), nanCount);
        _mm_store_si128(reinterpret_cast<__m128i *>(lanes[2]), posInfCount);
        _mm_store_si128(reinterpret_cast<__m128i *>(lanes[3]), negInfCount);
        for (int k = 0; k < 4; ++k) {
            acc.finite += lanes[0][k];
            acc.nan += lanes[1][k];
            acc.positiveInfinity += lanes[2][k];
            acc.negativeInfinity += lanes[3][k];
        }
    }
    alignas(16) float lows[4];
    alignas(16) float highs[4];
    _mm_store_ps(lows, low);
    _mm_store_ps(highs, high);
    for (int k = 0; k < 4; ++k) {
        acc.low = std::min(acc.low, lows[k]);
        acc.high = std::max(acc.high, highs[k]);
    }
#endif
    for (; i < n; ++i) {
        const std::uint32_t bits = loadBits<Swapped>(values + i * 4);
        const std::uint32_t magnitude = bits & kAbsMask;
        if (magnitude < kInfBits) {
            const float value = std::bit_cast<float>(bits);
            acc.low = std::min(acc.low, value);
            acc.high = std::max(acc.high, value);
            ++acc.finite;
        } else if (magnitude > kInfBits) {
            ++acc.nan;
        } else if (bits >> 31) {
            ++acc.negativeInfinity;
        } else {
            ++acc.positiveInfinity;
        }
    }
}

template<bool Swapped>
void mapColours(const std::byte *values, std::int64_t n, const MapTable &table, std::uint32_t *out)
{
    std::int64_t i = 0;
#if defined(BUFFERSCOPE_RENDER_AVX2)
    if (cpuHasAvx2())
        i = mapAvx2<Swapped>(values, n, table, out);
#endif
#if defined(__SSE2__)
    const __m128i absMask = _mm_set1_epi32(static_cast<int>(kAbsMask));
    const __m128i infBits = _mm_set1_epi32(static_cast<int>(kInfBits));
    const __m128i slot256 = _mm_set1_epi32(256);
    const __m128i slot258 = _mm_set1_epi32(258);
    const __m128 low = _mm_set1_ps(table.low);
    const __m128 factor = _mm_set1_ps(table.factor);
    const __m128 half = _mm_set1_ps(0.5f);
    const __m128 top = _mm_set1_ps(255.0f);
    const std::uint32_t *colours = table.colours.data();
    for (; i + 4 <= n; i += 4) {
        const __m128i bits = loadVector<Swapped>(values + i * 4);
        const __m128i magnitude = _mm_and_si128(bits, absMask);
        const __m128i finite = _mm_cmplt_epi32(magnitude, infBits);
        const __m128i isNan = _mm_cmpgt_epi32(magnitude, infBits);
        // Separate multiply and add (no FMA), as the scalar rule computes it.
        __m128 position = _mm_sub_ps(_mm_castsi128_ps(bits), low);
        position = _mm_add_ps(_mm_mul_ps(position, factor), half);
        // max(p, 0) gives 0 for p <= 0 and for NaN (the second operand wins), min caps at 255;
        // then truncation is the scalar rule's int conversion.
        position = _mm_min_ps(_mm_max_ps(position, _mm_setzero_ps()), top);
        const __m128i index = _mm_cvttps_epi32(position);
        // NaN: 256; infinities: 258 - sign bit (257 for -inf, 258 for +inf).
        const __m128i special =
            _mm_or_si128(_mm_and_si128(isNan, slot256),
                         _mm_andnot_si128(isNan, _mm_sub_epi32(slot258, _mm_srli_epi32(bits, 31))));
        const __m128i slot =
            _mm_or_si128(_mm_and_si128(finite, index), _mm_andnot_si128(finite, special));
        alignas(16) std::int32_t slots[4];
        _mm_store_si128(reinterpret_cast<__m128i *>(slots), slot);
        const __m128i pixels =
            _mm_set_epi32(static_cast<int>(colours[slots[3]]), static_cast<int>(colours[slots[2]]),
                          static_cast<int>(colours[slots[1]]), static_cast<int>(colours[slots[0]]));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i), pixels);
    }
#endif
    for (; i < n; ++i)
        out[i] = table.colours[static_cast<std::size_t>(
            slotOf(loadBits<Swapped>(values + i * 4), table))];
}

template void accumulateStatistics<false>(const std::byte *, std::int64_t, StatisticsAccumulator &);
template void accumulateStatistics<true>(const std::byte *, std::int64_t, StatisticsAccumulator &);
template void mapColours<false>(const std::byte *, std::int64_t, const MapTable &, std::uint32_t *);
template void mapColours<true>(const std::byte *, std::int64_t, const MapTable &, std::uint32_t *);

} // namespace bufferscope::render::detail
