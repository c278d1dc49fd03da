// SPDX-License-Identifier: GPL-3.0-or-later
// Fixed-size kernels for strided_copy.cpp: the transpose micro-block inside its tiles (read as
// source rows, written as destination rows), the reversed run (source stride -itemsize) and
// every-other-item runs (source stride +-2 itemsize).
// Baseline x86-64 has SSE2; on CPUs with AVX2 (checked at run time, the build stays baseline)
// wider 8x8 / 4x4 blocks halve the instructions per item. Every kernel only moves bits, so NaN
// payloads and integers survive unchanged. `Stream` selects non-temporal stores for outputs
// much larger than the caches: they skip the read-for-ownership of each destination line,
// a third of the memory traffic of a copy (the caller fences once at the end of the copy).
#pragma once

#include "buffer/descriptor.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BUFFERSCOPE_X86_KERNELS 1
#include <immintrin.h>
#define BUFFERSCOPE_TARGET_AVX2 __attribute__((target("avx2")))
#endif

namespace bufferscope::detail {

#if defined(BUFFERSCOPE_X86_KERNELS)

inline bool cpuHasAvx2()
{
    static const bool has = __builtin_cpu_supports("avx2");
    return has;
}

template<bool Stream> inline void store16(std::byte *p, __m128i v)
{
    if constexpr (Stream)
        _mm_stream_si128(reinterpret_cast<__m128i *>(p), v);
    else
        _mm_storeu_si128(reinterpret_cast<__m128i *>(p), v);
}

inline __m128i load16(const std::byte *p)
{
    return _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
}

// The block is dst[i * dstRow + j * S] = src[j * srcRow + i * S] for i, j < kBlock.
template<std::size_t S, bool Stream> struct Sse2Block
{
    static_assert(S == 4 || S == 8, "micro-kernels exist for 4- and 8-byte items");
    static constexpr int kBlock = S == 4 ? 4 : 2;

    static void run(std::byte *dst, ByteOffset dstRow, const std::byte *src, ByteOffset srcRow)
    {
        if constexpr (S == 4) {
            const __m128i r0 = load16(src);
            const __m128i r1 = load16(src + srcRow);
            const __m128i r2 = load16(src + 2 * srcRow);
            const __m128i r3 = load16(src + 3 * srcRow);
            const __m128i t0 = _mm_unpacklo_epi32(r0, r1);
            const __m128i t1 = _mm_unpacklo_epi32(r2, r3);
            const __m128i t2 = _mm_unpackhi_epi32(r0, r1);
            const __m128i t3 = _mm_unpackhi_epi32(r2, r3);
            store16<Stream>(dst, _mm_unpacklo_epi64(t0, t1));
            store16<Stream>(dst + dstRow, _mm_unpackhi_epi64(t0, t1));
            store16<Stream>(dst + 2 * dstRow, _mm_unpacklo_epi64(t2, t3));
            store16<Stream>(dst + 3 * dstRow, _mm_unpackhi_epi64(t2, t3));
        } else {
            const __m128i r0 = load16(src);
            const __m128i r1 = load16(src + srcRow);
            store16<Stream>(dst, _mm_unpacklo_epi64(r0, r1));
            store16<Stream>(dst + dstRow, _mm_unpackhi_epi64(r0, r1));
        }
    }
};

template<bool Stream> BUFFERSCOPE_TARGET_AVX2 inline void store32(std::byte *p, __m256i v)
{
    if constexpr (Stream) { // 16-byte halves: only 16-byte alignment is guaranteed
        _mm_stream_si128(reinterpret_cast<__m128i *>(p), _mm256_castsi256_si128(v));
        _mm_stream_si128(reinterpret_cast<__m128i *>(p + 16), _mm256_extracti128_si256(v, 1));
    } else {
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(p), v);
    }
}

BUFFERSCOPE_TARGET_AVX2 inline __m256 load32f(const std::byte *p)
{
    return _mm256_loadu_ps(reinterpret_cast<const float *>(p));
}

BUFFERSCOPE_TARGET_AVX2 inline __m256d load32d(const std::byte *p)
{
    return _mm256_loadu_pd(reinterpret_cast<const double *>(p));
}

// 8x8 items of 4 bytes: whole 32-byte source and destination row pieces (8-byte items use
// Avx2Block8x8 below).
template<std::size_t S, bool Stream> struct Avx2Block
{
    static_assert(S == 4, "the 8-byte block is Avx2Block8x8");
    static constexpr int kBlock = 8;

    BUFFERSCOPE_TARGET_AVX2 static void run(std::byte *dst, ByteOffset dstRow, const std::byte *src,
                                            ByteOffset srcRow)
    {
        __m256 r[8];
        for (int k = 0; k < 8; ++k)
            r[k] = load32f(src + k * srcRow);
        __m256 t[8];
        for (int k = 0; k < 8; k += 2) {
            t[k] = _mm256_unpacklo_ps(r[k], r[k + 1]);
            t[k + 1] = _mm256_unpackhi_ps(r[k], r[k + 1]);
        }
        __m256 u[8];
        for (int k = 0; k < 8; k += 4) {
            u[k] = _mm256_shuffle_ps(t[k], t[k + 2], 0x44);
            u[k + 1] = _mm256_shuffle_ps(t[k], t[k + 2], 0xEE);
            u[k + 2] = _mm256_shuffle_ps(t[k + 1], t[k + 3], 0x44);
            u[k + 3] = _mm256_shuffle_ps(t[k + 1], t[k + 3], 0xEE);
        }
        for (int k = 0; k < 4; ++k) {
            store32<Stream>(dst + k * dstRow,
                            _mm256_castps_si256(_mm256_permute2f128_ps(u[k], u[k + 4], 0x20)));
            store32<Stream>(dst + (k + 4) * dstRow,
                            _mm256_castps_si256(_mm256_permute2f128_ps(u[k], u[k + 4], 0x31)));
        }
    }
};

// 8x8 items of 8 bytes as four 4x4 quarters, so every source line (8 items) is read whole
// within one block and every destination row gets one whole 64-byte line at once. The 4x4
// block reads and writes half lines: with 32 KiB row strides the other half of a source line
// was evicted (all rows share one L1 set) before the next block came back for it.
template<bool Stream> struct Avx2Block8x8
{
    static constexpr int kBlock = 8;

    BUFFERSCOPE_TARGET_AVX2 static void quarter(std::byte *dst, ByteOffset dstRow,
                                                const std::byte *src, ByteOffset srcRow)
    {
        const __m256d r0 = load32d(src);
        const __m256d r1 = load32d(src + srcRow);
        const __m256d r2 = load32d(src + 2 * srcRow);
        const __m256d r3 = load32d(src + 3 * srcRow);
        const __m256d t0 = _mm256_unpacklo_pd(r0, r1);
        const __m256d t1 = _mm256_unpackhi_pd(r0, r1);
        const __m256d t2 = _mm256_unpacklo_pd(r2, r3);
        const __m256d t3 = _mm256_unpackhi_pd(r2, r3);
        store32<Stream>(dst, _mm256_castpd_si256(_mm256_permute2f128_pd(t0, t2, 0x20)));
        store32<Stream>(dst + dstRow, _mm256_castpd_si256(_mm256_permute2f128_pd(t1, t3, 0x20)));
        store32<Stream>(dst + 2 * dstRow, _mm256_castpd_si256(_mm256_permute2f128_pd(t0, t2, 0x31)));
        store32<Stream>(dst + 3 * dstRow, _mm256_castpd_si256(_mm256_permute2f128_pd(t1, t3, 0x31)));
    }

    BUFFERSCOPE_TARGET_AVX2 static void run(std::byte *dst, ByteOffset dstRow, const std::byte *src,
                                            ByteOffset srcRow)
    {
        // Destination rows 0-3: source columns 0-3 of rows 0-3, then of rows 4-7.
        quarter(dst, dstRow, src, srcRow);
        quarter(dst + 32, dstRow, src + 4 * srcRow, srcRow);
        // Destination rows 4-7: source columns 4-7.
        quarter(dst + 4 * dstRow, dstRow, src + 32, srcRow);
        quarter(dst + 4 * dstRow + 32, dstRow, src + 4 * srcRow + 32, srcRow);
    }
};

// dst[i] = src[-i] for i < n items of S bytes (src points at the first item read). With
// Stream the destination must be 16-byte aligned at some item (the head runs until it is).
template<std::size_t S, bool Stream>
inline void reverseRun(std::byte *dst, const std::byte *src, std::int64_t n)
{
    std::int64_t i = 0;
    if constexpr (S == 4 || S == 8) {
        constexpr std::int64_t perVector = 16 / S;
        constexpr int order = S == 4 ? 0x1B : 0x4E; // reverse 4 dwords / swap 2 qwords
        if constexpr (Stream) {
            for (; i < n && reinterpret_cast<std::uintptr_t>(dst + i * ByteOffset(S)) % 16 != 0;
                 ++i)
                std::memcpy(dst + i * ByteOffset(S), src - i * ByteOffset(S), S);
        }
        // Two vectors per step: the loads of the next pair start while this pair is stored.
        for (; i + 2 * perVector <= n; i += 2 * perVector) {
            const auto *from = src - (i + 2 * perVector - 1) * ByteOffset(S);
            const __m128i high = load16(from + 16); // items i .. i+perVector-1, reversed
            const __m128i low = load16(from);
            store16<Stream>(dst + i * ByteOffset(S), _mm_shuffle_epi32(high, order));
            store16<Stream>(dst + i * ByteOffset(S) + 16, _mm_shuffle_epi32(low, order));
        }
    }
    for (; i < n; ++i)
        std::memcpy(dst + i * ByteOffset(S), src - i * ByteOffset(S), S);
}

// dst[i] = src[i * Step * S] with Step = 2 or -2 (a[:, ::2], a[:, ::-2]), items of S = 4 or 8
// bytes: two 16-byte loads and one shuffle per vector of results. A vector's loads also
// cover the odd item after its last one, so it runs only while a further item exists (never
// reading outside the view's extent).
template<std::size_t S, bool Stream, int Step>
inline void everyOtherRun(std::byte *dst, const std::byte *src, std::int64_t n)
{
    static_assert(Step == 2 || Step == -2);
    constexpr std::int64_t perVector = 16 / S;
    constexpr ByteOffset stride = Step * ByteOffset(S);
    std::int64_t i = 0;
    if constexpr (Stream) {
        for (; i < n && reinterpret_cast<std::uintptr_t>(dst + i * ByteOffset(S)) % 16 != 0; ++i)
            std::memcpy(dst + i * ByteOffset(S), src + i * stride, S);
    }
    for (; i + perVector < n; i += perVector) {
        const std::byte *first = src + i * stride; // item i
        __m128i v;
        if constexpr (S == 4 && Step > 0) {
            const __m128 a = _mm_castsi128_ps(load16(first));      // i, -, i+1, -
            const __m128 b = _mm_castsi128_ps(load16(first + 16)); // i+2, -, i+3, -
            v = _mm_castps_si128(_mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)));
        } else if constexpr (S == 4) {
            const __m128 a = _mm_castsi128_ps(load16(first - 12)); // -, i+1, -, i
            const __m128 b = _mm_castsi128_ps(load16(first - 28)); // -, i+3, -, i+2
            v = _mm_castps_si128(_mm_shuffle_ps(a, b, _MM_SHUFFLE(1, 3, 1, 3)));
        } else if constexpr (Step > 0) {
            const __m128d a = _mm_castsi128_pd(load16(first));      // i, -
            const __m128d b = _mm_castsi128_pd(load16(first + 16)); // i+1, -
            v = _mm_castpd_si128(_mm_shuffle_pd(a, b, 0));
        } else {
            const __m128d a = _mm_castsi128_pd(load16(first - 8));  // -, i
            const __m128d b = _mm_castsi128_pd(load16(first - 24)); // -, i+1
            v = _mm_castpd_si128(_mm_shuffle_pd(a, b, 3));
        }
        store16<Stream>(dst + i * ByteOffset(S), v);
    }
    for (; i < n; ++i)
        std::memcpy(dst + i * ByteOffset(S), src + i * stride, S);
}

inline void streamFence()
{
    _mm_sfence();
}

// memcpy with non-temporal stores (the caller fences): for outputs far larger than the caches
// it skips the read-for-ownership of every destination line that glibc's memcpy pays below
// its own 190 MiB threshold (64 MiB: 5.0 ms against memcpy's 7.0-9.2 ms measured here).
inline void streamCopy(std::byte *dst, const std::byte *src, std::size_t n)
{
    const std::size_t head = std::min<std::size_t>(n, (16 - reinterpret_cast<std::uintptr_t>(dst) % 16) % 16);
    std::memcpy(dst, src, head);
    std::size_t i = head;
    for (; i + 64 <= n; i += 64) {
        const __m128i a = load16(src + i);
        const __m128i b = load16(src + i + 16);
        const __m128i c = load16(src + i + 32);
        const __m128i d = load16(src + i + 48);
        store16<true>(dst + i, a);
        store16<true>(dst + i + 16, b);
        store16<true>(dst + i + 32, c);
        store16<true>(dst + i + 48, d);
    }
    std::memcpy(dst + i, src + i, n - i);
}

#else // portable fallback: plain loops, no streaming

inline bool cpuHasAvx2()
{
    return false;
}

template<std::size_t S, bool Stream> struct Sse2Block
{
    static constexpr int kBlock = 2;
    static void run(std::byte *dst, ByteOffset dstRow, const std::byte *src, ByteOffset srcRow)
    {
        for (int i = 0; i < kBlock; ++i)
            for (int j = 0; j < kBlock; ++j)
                std::memcpy(dst + i * dstRow + j * ByteOffset(S),
                            src + j * srcRow + i * ByteOffset(S), S);
    }
};

template<std::size_t S, bool Stream> using Avx2Block = Sse2Block<S, Stream>;

template<std::size_t S, bool Stream>
inline void reverseRun(std::byte *dst, const std::byte *src, std::int64_t n)
{
    for (std::int64_t i = 0; i < n; ++i)
        std::memcpy(dst + i * ByteOffset(S), src - i * ByteOffset(S), S);
}

template<std::size_t S, bool Stream, int Step>
inline void everyOtherRun(std::byte *dst, const std::byte *src, std::int64_t n)
{
    for (std::int64_t i = 0; i < n; ++i)
        std::memcpy(dst + i * ByteOffset(S), src + i * Step * ByteOffset(S), S);
}

inline void streamFence() {}

inline void streamCopy(std::byte *dst, const std::byte *src, std::size_t n)
{
    std::memcpy(dst, src, n);
}

#endif

} // namespace bufferscope::detail
