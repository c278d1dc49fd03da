// SPDX-License-Identifier: GPL-3.0-or-later
// Fixed-size kernels for strided_copy.cpp: the transpose micro-block inside its tiles (4x4
// items of 4 bytes or 2x2 of 8 bytes, read as source rows, written as destination rows) and
// the reversed run (source stride -itemsize). SSE2 where the compiler has it (every x86-64),
// plain loops elsewhere; both only move bits, so NaN payloads and integers survive unchanged.
#pragma once

#include "buffer/descriptor.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bufferscope::detail {

// The block is dst[i * dstRow + j * S] = src[j * srcRow + i * S] for i, j < Block<S>.
template<std::size_t S> inline constexpr int kMicroBlock = S == 4 ? 4 : 2;

template<std::size_t S>
inline void transposeBlock(std::byte *dst, ByteOffset dstRow, const std::byte *src,
                           ByteOffset srcRow)
{
    static_assert(S == 4 || S == 8, "micro-kernels exist for 4- and 8-byte items");
#if defined(__SSE2__)
    if constexpr (S == 4) {
        const __m128i r0 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src));
        const __m128i r1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + srcRow));
        const __m128i r2 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + 2 * srcRow));
        const __m128i r3 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + 3 * srcRow));
        const __m128i t0 = _mm_unpacklo_epi32(r0, r1);
        const __m128i t1 = _mm_unpacklo_epi32(r2, r3);
        const __m128i t2 = _mm_unpackhi_epi32(r0, r1);
        const __m128i t3 = _mm_unpackhi_epi32(r2, r3);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(dst), _mm_unpacklo_epi64(t0, t1));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + dstRow), _mm_unpackhi_epi64(t0, t1));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + 2 * dstRow), _mm_unpacklo_epi64(t2, t3));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + 3 * dstRow), _mm_unpackhi_epi64(t2, t3));
    } else {
        const __m128i r0 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src));
        const __m128i r1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + srcRow));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(dst), _mm_unpacklo_epi64(r0, r1));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + dstRow), _mm_unpackhi_epi64(r0, r1));
    }
#else
    constexpr int n = kMicroBlock<S>;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            std::memcpy(dst + i * dstRow + j * ByteOffset(S), src + j * srcRow + i * ByteOffset(S),
                        S);
#endif
}

// dst[i] = src[-i] for i < n items of S bytes (src points at the first item read).
template<std::size_t S> inline void reverseRun(std::byte *dst, const std::byte *src, std::int64_t n)
{
    std::int64_t i = 0;
#if defined(__SSE2__)
    if constexpr (S == 4 || S == 8) {
        constexpr std::int64_t perVector = 16 / S;
        constexpr int order = S == 4 ? 0x1B : 0x4E; // reverse 4 dwords / swap 2 qwords
        for (; i + perVector <= n; i += perVector) {
            const auto *from = src - (i + perVector - 1) * ByteOffset(S);
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(from));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + i * ByteOffset(S)),
                             _mm_shuffle_epi32(v, order));
        }
    }
#endif
    for (; i < n; ++i)
        std::memcpy(dst + i * ByteOffset(S), src - i * ByteOffset(S), S);
}

} // namespace bufferscope::detail
