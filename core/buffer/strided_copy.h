// SPDX-License-Identifier: GPL-3.0-or-later
// The engine behind copy.h: copies the elements of an N-d array from one strided layout to
// another (no suboffsets; copy.cpp resolves those first). Planned once, run many times, so a
// PIL image pays for the plan once, not once per row.
//
// How the plan is made (the same ideas as NumPy's nditer, plus tiling):
//  1. dimensions of length 1 are dropped (their strides never matter);
//  2. dimensions are sorted so the destination is walked with its smallest |stride| innermost;
//  3. neighbours that are contiguous in both layouts are merged into one longer dimension;
//  4. the innermost dimension is copied with one memcpy per run when both strides equal the
//     itemsize; otherwise, if the source is walked more cheaply along another dimension (a
//     transpose), those two dimensions are copied in cache-sized square tiles; otherwise by a
//     strided loop (copy_gather.h for items of 1-8 bytes). Item copies of 1, 2, 4, 8 and 16
//     bytes use fixed-size kernels;
//  5. outputs of kDefaultStreamBytes and more are written with non-temporal stores where a
//     kernel can.
// The layouts must not overlap (like memcpy).
#pragma once

#include "buffer/descriptor.h"

#include <cstdint>
#include <vector>

namespace bufferscope::detail {

struct CopyDim
{
    std::int64_t n = 1;
    ByteOffset dst = 0; // destination stride in bytes
    ByteOffset src = 0; // source stride in bytes
};

class StridedCopy
{
public:
    // Outputs this large bypass the caches. Below it, non-temporal stores lost: the 11 MiB
    // output of a 4096² float32 [::3, ::-2], which stays in the benchmark machine's 480 MiB
    // L3, took 1.85 ms streamed against NumPy's 1.2 ms with plain stores on a quiet machine
    // (tests/bench/PROFILING.md). The 64 MiB transposes gain from streaming (README).
    static constexpr ByteOffset kDefaultStreamBytes = ByteOffset(32) << 20;

    // `dims` in any order; every n must be >= 1 (the caller handles empty arrays).
    // `streamBytes`: the output size from which stores are non-temporal (tests pass 0 to run
    // the streaming kernels on small arrays).
    StridedCopy(std::vector<CopyDim> dims, ByteOffset itemsize,
                ByteOffset streamBytes = kDefaultStreamBytes);

    // `fence` false: the caller runs the plan many times (a PIL image's rows) and fences once
    // at the end with fenceStreams().
    void run(std::byte *dst, const std::byte *src, bool fence = true) const;
    bool streams() const { return m_stream; }

    // For tests and benchmarks: which inner strategy the plan chose.
    enum class Kernel { Single, Memcpy, Strided, Tiled };
    Kernel kernel() const { return m_kernel; }
    int mergedNdim() const { return static_cast<int>(m_dims.size()); }

private:
    std::vector<CopyDim> m_outer; // walked by the odometer, outermost first
    std::vector<CopyDim> m_dims;  // all dimensions after sorting and merging
    CopyDim m_inner;              // innermost (destination-fastest) dimension
    CopyDim m_tile;               // with Kernel::Tiled: the source-fastest dimension
    ByteOffset m_itemsize;
    Kernel m_kernel = Kernel::Single;
    bool m_stream = false; // output large enough for non-temporal stores
};

// Orders non-temporal stores before what follows (after unfenced runs of a streaming plan).
void fenceStreams();

// memcpy, with non-temporal stores from kDefaultStreamBytes on (fenced before returning).
void copyBytes(std::byte *dst, const std::byte *src, std::size_t n,
               ByteOffset streamBytes = StridedCopy::kDefaultStreamBytes);

} // namespace bufferscope::detail
