// SPDX-License-Identifier: GPL-3.0-or-later
// Shared pieces of the benchmark programs: source patterns whose bytes encode their position,
// a naive reference copy to check results against (abort on mismatch, so CTest's short run
// fails loudly), and a registration helper that gives every case the name compare_numpy.py
// looks up.
#pragma once

#include "buffer/descriptor.h"

#include <benchmark/benchmark.h>

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>
#include <vector>

namespace bufferscope::bench {

// Big buffers are allocated as NumPy 1.24 allocates its arrays on Linux: 4 MiB and more get
// madvise(MADV_HUGEPAGE), so both sides of the comparison run with the same page size (and
// TLB reach). Alignment is 2 MiB for those, 64 bytes otherwise.
// Short mode for CI (--quick): smaller arrays (1536 is no multiple of the tile sizes, so the
// tails run too; 1536² float32 is 9 MiB, below the 32 MiB streaming-store threshold, whose
// kernels test_copy runs on small arrays instead). Times are printed but mean nothing here.
inline bool &quickMode()
{
    static bool quick = false;
    return quick;
}

inline std::int64_t side()
{
    return quickMode() ? 1536 : 4096;
}

// Removes --quick from argv (Google Benchmark refuses flags it does not know).
inline void parseQuick(int &argc, char **argv)
{
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            quickMode() = true;
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
}

template<class T> struct HugePageAllocator
{
    using value_type = T;
    HugePageAllocator() = default;
    template<class U> HugePageAllocator(const HugePageAllocator<U> &) {}

    T *allocate(std::size_t n)
    {
        const std::size_t bytes = n * sizeof(T);
        const std::size_t align = bytes >= (std::size_t(4) << 20) ? std::size_t(2) << 20 : 64;
        void *p = std::aligned_alloc(align, (bytes + align - 1) / align * align);
        if (!p)
            throw std::bad_alloc();
        if (align > 64)
            ::madvise(p, bytes, MADV_HUGEPAGE);
        return static_cast<T *>(p);
    }
    void deallocate(T *p, std::size_t) { std::free(p); }
    template<class U> bool operator==(const HugePageAllocator<U> &) const { return true; }
};

template<class T> using BigVector = std::vector<T, HugePageAllocator<T>>;

[[noreturn]] inline void fail(const char *what, long long where)
{
    std::fprintf(stderr, "benchmark check failed: %s (at %lld)\n", what, where);
    std::abort();
}

// The pattern: xorshift64 words, so a misplaced item of any size shows as a mismatch. Eight
// bytes a step keeps the setup of the 256 MiB volume short in Debug+ASan builds.
inline void fillPattern(std::span<std::byte> bytes)
{
    std::uint64_t x = 0x9e3779b97f4a7c15u;
    std::size_t i = 0;
    for (; i < bytes.size(); i += 8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        std::memcpy(bytes.data() + i, &x, std::min<std::size_t>(8, bytes.size() - i));
    }
}

// The elements of a direct descriptor (no suboffsets) in C order, one item at a time: the
// obviously correct copy the optimised engine is checked against.
inline BigVector<std::byte> referenceToC(const Descriptor &d)
{
    BigVector<std::byte> out(static_cast<std::size_t>(d.len));
    if (d.len == 0)
        return out;
    const int ndim = d.ndim();
    std::array<std::int64_t, kMaxNdim> index{};
    std::size_t k = 0;
    const auto item = static_cast<std::size_t>(d.itemsize);
    for (;;) {
        ByteOffset offset = 0;
        for (int i = 0; i < ndim; ++i)
            offset += index[i] * d.strides[i];
        std::memcpy(out.data() + k, d.buf + offset, item);
        k += item;
        int i = ndim - 1;
        for (; i >= 0; --i) {
            if (++index[i] < d.shape[i])
                break;
            index[i] = 0;
        }
        if (i < 0)
            return out;
    }
}

inline void expectEqualBytes(const char *what, std::span<const std::byte> got,
                             std::span<const std::byte> want)
{
    if (got.size() != want.size())
        fail(what, static_cast<long long>(got.size()));
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (got[i] != want[i])
            fail(what, static_cast<long long>(i));
    }
}

} // namespace bufferscope::bench
