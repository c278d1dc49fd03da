// SPDX-License-Identifier: GPL-3.0-or-later
// Planning and running strided N-d copies: dimension sorting and merging, an odometer over
// the outer dimensions, and fixed-size inner kernels (memcpy runs, strided loops, tiles).
#include "buffer/strided_copy.h"

#include "buffer/copy_gather.h"
#include "buffer/copy_kernels.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

namespace bufferscope::detail {

namespace {

// Copies one item. S == 0 means "itemsize known only at run time".
template<std::size_t S> struct ItemCopy
{
    static void copy(std::byte *dst, const std::byte *src, ByteOffset) { std::memcpy(dst, src, S); }
};
template<> struct ItemCopy<0>
{
    static void copy(std::byte *dst, const std::byte *src, ByteOffset itemsize)
    {
        std::memcpy(dst, src, static_cast<std::size_t>(itemsize));
    }
};

ByteOffset magnitude(ByteOffset v)
{
    return v < 0 ? -v : v;
}

// Addresses are formed as base + i * stride, never by stepping a pointer past the end, so a
// negative stride never produces a pointer outside the object.
template<std::size_t S, bool Stream>
void stridedRun(std::byte *dst, ByteOffset ds, const std::byte *src, ByteOffset ss, std::int64_t n,
                ByteOffset itemsize)
{
    if constexpr (S != 0) {
        if (ds == ByteOffset(S) && ss == -ByteOffset(S))
            return reverseRun<S, Stream>(dst, src, n);
    }
    if constexpr (S == 4 || S == 8) {
        if (ds == ByteOffset(S) && ss == 2 * ByteOffset(S))
            return everyOtherRun<S, Stream, 2>(dst, src, n);
        if (ds == ByteOffset(S) && ss == -2 * ByteOffset(S))
            return everyOtherRun<S, Stream, -2>(dst, src, n);
    }
    if constexpr (S == 1 || S == 2 || S == 4 || S == 8) {
        if (pagedGatherPays(ss, n))
            return pagedGather<S>(dst, ds, src, ss, n);
        return gatherRun<S>(dst, ds, src, ss, n);
    }
    for (std::int64_t i = 0; i < n; ++i)
        ItemCopy<S>::copy(dst + i * ds, src + i * ss, itemsize);
}

// A 2-D transpose-like copy: dimension b is the destination's fast one, a the source's.
// Square tiles keep the source and destination lines of a tile in L1 (the inner loop writes
// sequentially); super-blocks of tiles keep the pages of a band of rows in the TLB. When both
// fast strides are the itemsize, 4- and 8-byte items go through a micro-block (Block).
template<std::size_t S>
void tileScalar(std::byte *dst, const std::byte *src, const CopyDim &a, const CopyDim &b,
                std::int64_t a0, std::int64_t a1, std::int64_t b0, std::int64_t b1,
                ByteOffset itemsize)
{
    for (std::int64_t i = a0; i < a1; ++i) {
        std::byte *d = dst + i * a.dst;
        const std::byte *s = src + i * a.src;
        for (std::int64_t j = b0; j < b1; ++j)
            ItemCopy<S>::copy(d + j * b.dst, s + j * b.src, itemsize);
    }
}

struct NoBlock
{
    static constexpr int kBlock = 0;
};

template<std::size_t S, class Block>
[[gnu::always_inline]] inline void tile(std::byte *dst, const std::byte *src, const CopyDim &a,
                                        const CopyDim &b, std::int64_t a0, std::int64_t a1,
                                        std::int64_t b0, std::int64_t b1, ByteOffset itemsize)
{
    if constexpr (Block::kBlock > 0) {
        constexpr std::int64_t m = Block::kBlock;
        const std::int64_t aFull = a0 + (a1 - a0) / m * m;
        const std::int64_t bFull = b0 + (b1 - b0) / m * m;
        for (std::int64_t i = a0; i < aFull; i += m) {
            for (std::int64_t j = b0; j < bFull; j += m)
                Block::run(dst + i * a.dst + j * b.dst, a.dst, src + i * a.src + j * b.src, b.src);
        }
        tileScalar<S>(dst, src, a, b, a0, aFull, bFull, b1, itemsize);
        tileScalar<S>(dst, src, a, b, aFull, a1, b0, b1, itemsize);
    } else {
        tileScalar<S>(dst, src, a, b, a0, a1, b0, b1, itemsize);
    }
}

// Tiles of kTileA x kTileB items (a: destination rows, b: source rows), in super-blocks that
// keep a band of pages in the TLB. The sizes were measured on 4096x4096 float32 and float64
// transposes (tests/bench/README.md): long destination rows per tile matter most, and
// software prefetching of the next tile's source lines made it slower.
template<std::size_t S, class Block>
[[gnu::always_inline]] inline void tileLoop(std::byte *dst, const std::byte *src, const CopyDim &a,
                                            const CopyDim &b, ByteOffset itemsize)
{
    constexpr std::int64_t kTileA = S == 0 ? 16 : 256;
    constexpr std::int64_t kTileB = S == 0 ? 16 : 64;
    constexpr std::int64_t kSuper = 256;
    for (std::int64_t sa = 0; sa < a.n; sa += kSuper) {
        const std::int64_t saEnd = std::min(a.n, sa + kSuper);
        for (std::int64_t sb = 0; sb < b.n; sb += kSuper) {
            const std::int64_t sbEnd = std::min(b.n, sb + kSuper);
            for (std::int64_t a0 = sa; a0 < saEnd; a0 += kTileA) {
                const std::int64_t a1 = std::min(saEnd, a0 + kTileA);
                for (std::int64_t b0 = sb; b0 < sbEnd; b0 += kTileB)
                    tile<S, Block>(dst, src, a, b, a0, a1, b0, std::min(sbEnd, b0 + kTileB),
                                   itemsize);
            }
        }
    }
}

#if defined(BUFFERSCOPE_X86_KERNELS)
template<std::size_t S, bool Stream>
BUFFERSCOPE_TARGET_AVX2 void tileLoopAvx2(std::byte *dst, const std::byte *src, const CopyDim &a,
                                          const CopyDim &b, ByteOffset itemsize)
{
    if constexpr (S == 8)
        tileLoop<S, Avx2Block8x8<Stream>>(dst, src, a, b, itemsize);
    else
        tileLoop<S, Avx2Block<S, Stream>>(dst, src, a, b, itemsize);
}
#endif

// Picks the micro-block: only when both fast strides are the itemsize (a plain transpose), and
// streaming stores only when every destination row of the tile is 16-byte aligned.
template<std::size_t S>
void tiledCopy(std::byte *dst, const std::byte *src, const CopyDim &a, const CopyDim &b,
               ByteOffset itemsize, bool stream)
{
    if constexpr (S == 4 || S == 8) {
        if (a.src == ByteOffset(S) && b.dst == ByteOffset(S)) {
            stream = stream && reinterpret_cast<std::uintptr_t>(dst) % 16 == 0 && a.dst % 16 == 0;
#if defined(BUFFERSCOPE_X86_KERNELS)
            // The 8-row float32 block with streaming stores keeps more partly written lines
            // in flight than the write-combining buffers hold: measured slower, so SSE2 there.
            if (cpuHasAvx2() && !(S == 4 && stream)) {
                if (stream)
                    return tileLoopAvx2<S, true>(dst, src, a, b, itemsize);
                return tileLoopAvx2<S, false>(dst, src, a, b, itemsize);
            }
#endif
            if (stream)
                return tileLoop<S, Sse2Block<S, true>>(dst, src, a, b, itemsize);
            return tileLoop<S, Sse2Block<S, false>>(dst, src, a, b, itemsize);
        }
    }
    tileLoop<S, NoBlock>(dst, src, a, b, itemsize);
}

// Calls f(dstOffset, srcOffset) for every combination of the outer indices, last fastest.
template<class F> void walkOuter(const std::vector<CopyDim> &outer, F &&f)
{
    const int k = static_cast<int>(outer.size());
    std::array<std::int64_t, kMaxNdim> idx{};
    ByteOffset d = 0;
    ByteOffset s = 0;
    for (;;) {
        f(d, s);
        int i = k - 1;
        for (; i >= 0; --i) {
            d += outer[i].dst;
            s += outer[i].src;
            if (++idx[i] < outer[i].n)
                break;
            d -= outer[i].dst * outer[i].n;
            s -= outer[i].src * outer[i].n;
            idx[i] = 0;
        }
        if (i < 0)
            return;
    }
}

template<std::size_t S>
void runKernel(StridedCopy::Kernel kernel, const std::vector<CopyDim> &outer, const CopyDim &inner,
               const CopyDim &tile, ByteOffset itemsize, bool stream, std::byte *dst,
               const std::byte *src)
{
    switch (kernel) {
    case StridedCopy::Kernel::Single:
        ItemCopy<S>::copy(dst, src, itemsize);
        return;
    case StridedCopy::Kernel::Memcpy: {
        const std::size_t bytes = static_cast<std::size_t>(inner.n * itemsize);
        if (stream)
            walkOuter(outer, [&](ByteOffset d, ByteOffset s) { streamCopy(dst + d, src + s, bytes); });
        else
            walkOuter(outer, [&](ByteOffset d, ByteOffset s) { std::memcpy(dst + d, src + s, bytes); });
        return;
    }
    case StridedCopy::Kernel::Strided:
        walkOuter(outer, [&](ByteOffset d, ByteOffset s) {
            if (stream)
                stridedRun<S, true>(dst + d, inner.dst, src + s, inner.src, inner.n, itemsize);
            else
                stridedRun<S, false>(dst + d, inner.dst, src + s, inner.src, inner.n, itemsize);
        });
        return;
    case StridedCopy::Kernel::Tiled:
        walkOuter(outer, [&](ByteOffset d, ByteOffset s) {
            tiledCopy<S>(dst + d, src + s, tile, inner, itemsize, stream);
        });
        return;
    }
}

} // namespace

StridedCopy::StridedCopy(std::vector<CopyDim> dims, ByteOffset itemsize, ByteOffset streamBytes)
    : m_itemsize(itemsize)
{
    std::erase_if(dims, [](const CopyDim &d) { return d.n == 1; });
    // Outermost first: larger destination strides outside, then larger source strides.
    std::stable_sort(dims.begin(), dims.end(), [](const CopyDim &x, const CopyDim &y) {
        if (magnitude(x.dst) != magnitude(y.dst))
            return magnitude(x.dst) > magnitude(y.dst);
        return magnitude(x.src) > magnitude(y.src);
    });
    // Merge an outer dimension into its inner neighbour when both layouts continue evenly.
    std::vector<CopyDim> merged = std::move(dims);
    for (std::size_t i = merged.size(); i-- > 1;) {
        CopyDim &outer = merged[i - 1];
        const CopyDim &inner = merged[i];
        if (outer.dst == inner.dst * inner.n && outer.src == inner.src * inner.n) {
            outer = CopyDim{outer.n * inner.n, inner.dst, inner.src};
            merged.erase(merged.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
    m_dims = merged;
    ByteOffset total = itemsize;
    for (const CopyDim &d : merged)
        total *= d.n;
    // Large outputs would not stay in the caches anyway, and non-temporal stores skip the
    // read-for-ownership of every destination line (a third of a copy's memory traffic).
    m_stream = total >= streamBytes;
    if (merged.empty()) {
        m_kernel = Kernel::Single;
        return;
    }
    m_inner = merged.back();
    merged.pop_back();
    if (m_inner.dst == itemsize && m_inner.src == itemsize) {
        m_kernel = Kernel::Memcpy;
        m_outer = std::move(merged);
        return;
    }
    // A transpose: another dimension walks the source more cheaply than the innermost one.
    auto best = merged.end();
    for (auto it = merged.begin(); it != merged.end(); ++it) {
        if (best == merged.end() || magnitude(it->src) < magnitude(best->src))
            best = it;
    }
    constexpr std::int64_t kMinTiled = 4;
    if (best != merged.end() && magnitude(best->src) < magnitude(m_inner.src) &&
        best->n >= kMinTiled && m_inner.n >= kMinTiled) {
        m_kernel = Kernel::Tiled;
        m_tile = *best;
        merged.erase(best);
    } else {
        m_kernel = Kernel::Strided;
    }
    m_outer = std::move(merged);
}

void StridedCopy::run(std::byte *dst, const std::byte *src, bool fence) const
{
    switch (m_itemsize) {
    case 1:
        runKernel<1>(m_kernel, m_outer, m_inner, m_tile, m_itemsize, m_stream, dst, src);
        break;
    case 2:
        runKernel<2>(m_kernel, m_outer, m_inner, m_tile, m_itemsize, m_stream, dst, src);
        break;
    case 4:
        runKernel<4>(m_kernel, m_outer, m_inner, m_tile, m_itemsize, m_stream, dst, src);
        break;
    case 8:
        runKernel<8>(m_kernel, m_outer, m_inner, m_tile, m_itemsize, m_stream, dst, src);
        break;
    case 16:
        runKernel<16>(m_kernel, m_outer, m_inner, m_tile, m_itemsize, m_stream, dst, src);
        break;
    default:
        runKernel<0>(m_kernel, m_outer, m_inner, m_tile, m_itemsize, m_stream, dst, src);
        break;
    }
    if (m_stream && fence) // order the non-temporal stores before anything the caller does next
        streamFence();
}

void fenceStreams()
{
    streamFence();
}

void copyBytes(std::byte *dst, const std::byte *src, std::size_t n, ByteOffset streamBytes)
{
    if (static_cast<ByteOffset>(n) < streamBytes) {
        std::memcpy(dst, src, n);
        return;
    }
    streamCopy(dst, src, n);
    streamFence();
}

} // namespace bufferscope::detail
