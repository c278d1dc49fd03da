// SPDX-License-Identifier: GPL-3.0-or-later
// Google Benchmark for core/buffer copies: the cases a later issue compares with NumPy
// (4096x4096 float32/float64 transposed to C order, stepped, reversed, plain copies).
// Not yet built by CMake: needs find_package(benchmark) and an executable linking
// benchmark::benchmark_main and bufferscope::core.
#include "buffer/copy.h"
#include "buffer/layout.h"

#include <benchmark/benchmark.h>

#include <vector>

using namespace bufferscope;

namespace {

constexpr std::int64_t kSide = 4096;

enum class Case { Transpose, Copy, EveryOtherColumn, Reversed };

void copyToC(benchmark::State &state, ByteOffset itemsize, Case which)
{
    std::vector<std::byte> memory(std::size_t(kSide * kSide * itemsize), std::byte{1});
    Descriptor d = *makeContiguous(memory.data(), itemsize == 4 ? "f" : "d", itemsize,
                                   {kSide, kSide}, Order::C, true);
    switch (which) {
    case Case::Transpose: // a.T
        std::swap(d.strides[0], d.strides[1]);
        break;
    case Case::Copy:
        break;
    case Case::EveryOtherColumn: // a[:, ::2]
        d.shape[1] /= 2;
        d.strides[1] *= 2;
        d.len /= 2;
        break;
    case Case::Reversed: // a[::-1, ::-1]
        d.buf = memory.data() + memory.size() - itemsize;
        d.strides = {-d.strides[0], -d.strides[1]};
        break;
    }
    std::vector<std::byte> out(std::size_t(d.len));
    for (auto _ : state) {
        benchmark::DoNotOptimize(copyToContiguous(d, out, Order::C).ok());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(state.iterations() * d.len);
}

} // namespace

BENCHMARK_CAPTURE(copyToC, f32_transpose, 4, Case::Transpose)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(copyToC, f64_transpose, 8, Case::Transpose)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(copyToC, f32_copy, 4, Case::Copy)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(copyToC, f64_copy, 8, Case::Copy)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(copyToC, f32_every_other_column, 4, Case::EveryOtherColumn)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(copyToC, f64_every_other_column, 8, Case::EveryOtherColumn)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(copyToC, f32_reversed, 4, Case::Reversed)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(copyToC, f64_reversed, 8, Case::Reversed)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
