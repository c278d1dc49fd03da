// SPDX-License-Identifier: GPL-3.0-or-later
// Google Benchmark for core/buffer copies (copyToContiguous into a reused output buffer), the
// cases compare_numpy.py runs with NumPy too: 4096x4096 transposes, stepped and reversed
// views, fixed-index planes of a (256, 1024, 1024) uint8 volume, a PIL-style image, a plain
// contiguous copy, and memcpy of the same bytes as the bandwidth yardstick. Every case is
// checked once against bench::referenceToC before it is timed.
#include "bench_common.h"
#include "buffer/copy.h"
#include "buffer/layout.h"

#include <benchmark/benchmark.h>

#include <functional>
#include <memory>
#include <string>

using namespace bufferscope;

namespace {

using bench::side;

// A source array filled with the pattern, and a view of it described by `shape`, `strides`
// and the byte offset of its first element.
struct Source
{
    bench::BigVector<std::byte> memory;
    Descriptor view;
};

std::unique_ptr<Source> makeView(ByteOffset itemsize, std::vector<std::int64_t> baseShape,
                                 std::vector<std::int64_t> shape, std::vector<ByteOffset> strides,
                                 ByteOffset first)
{
    auto source = std::make_unique<Source>();
    const ByteOffset bytes = *checkedProduct(baseShape, itemsize);
    source->memory.resize(static_cast<std::size_t>(bytes));
    bench::fillPattern(source->memory);
    Descriptor d;
    d.buf = source->memory.data() + first;
    d.itemsize = itemsize;
    d.format = itemsize == 1 ? "B" : itemsize == 4 ? "f" : "d";
    d.len = *checkedProduct(shape, itemsize);
    d.shape = std::move(shape);
    d.strides = std::move(strides);
    source->view = std::move(d);
    return source;
}

using ViewMaker = std::function<std::unique_ptr<Source>()>;

void copyCase(benchmark::State &state, const ViewMaker &make)
{
    const std::unique_ptr<Source> source = make();
    const Descriptor &d = source->view;
    bench::BigVector<std::byte> out(static_cast<std::size_t>(d.len));
    if (!copyToContiguous(d, out, Order::C).ok())
        bench::fail("copyToContiguous refused", 0);
    bench::expectEqualBytes("copy differs from the reference", out, bench::referenceToC(d));
    for (auto _ : state) {
        benchmark::DoNotOptimize(copyToContiguous(d, out, Order::C).ok());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(state.iterations() * d.len);
}

// H rows of W RGBA pixels, each row its own allocation: strides (8, 4, 1), suboffsets
// (0, -1, -1), as PIL exports images.
void pilCase(benchmark::State &state)
{
    const std::int64_t h = side(), w = side(), c = 4;
    std::vector<std::vector<std::byte>> rows(
        h, std::vector<std::byte>(std::size_t(w * c))); // 16 KiB each

    std::vector<std::byte *> pointers;
    bench::BigVector<std::byte> want;
    for (auto &row : rows) {
        bench::fillPattern(row);
        row[0] = std::byte(pointers.size()); // rows differ, so a row mix-up is seen
        pointers.push_back(row.data());
        want.insert(want.end(), row.begin(), row.end());
    }
    Descriptor d;
    d.buf = reinterpret_cast<std::byte *>(pointers.data());
    d.len = h * w * c;
    d.shape = {h, w, c};
    d.strides = {ByteOffset(sizeof(std::byte *)), c, 1};
    d.suboffsets = {0, -1, -1};
    bench::BigVector<std::byte> out(static_cast<std::size_t>(d.len));
    if (!copyToContiguous(d, out, Order::C).ok())
        bench::fail("copyToContiguous refused the PIL image", 0);
    bench::expectEqualBytes("PIL copy differs from the rows", out, want);
    for (auto _ : state) {
        benchmark::DoNotOptimize(copyToContiguous(d, out, Order::C).ok());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(state.iterations() * d.len);
}

// The yardstick: one memcpy of the same number of bytes into a reused buffer.
void memcpyCase(benchmark::State &state, std::int64_t bytes)
{
    bench::BigVector<std::byte> in(static_cast<std::size_t>(bytes));
    bench::BigVector<std::byte> out(in.size());
    bench::fillPattern(in);
    for (auto _ : state) {
        std::memcpy(out.data(), in.data(), in.size());
        benchmark::ClobberMemory();
    }
    bench::expectEqualBytes("memcpy", out, in);
    state.SetBytesProcessed(state.iterations() * bytes);
}

ViewMaker square(ByteOffset s, bool transpose)
{
    return [=] {
        std::vector<ByteOffset> strides{side() * s, s};
        if (transpose) // a.T
            std::swap(strides[0], strides[1]);
        return makeView(s, {side(), side()}, {side(), side()}, strides, 0);
    };
}

ViewMaker reversed(ByteOffset s) // a[::-1, ::-1]
{
    return [=] {
        return makeView(s, {side(), side()}, {side(), side()}, {-side() * s, -s},
                        (side() * side() - 1) * s);
    };
}

ViewMaker stepped(ByteOffset s) // a[::3, ::-2]
{
    return [=] {
        return makeView(s, {side(), side()}, {(side() + 2) / 3, side() / 2},
                        {3 * side() * s, -2 * s}, (side() - 1) * s);
    };
}

ViewMaker everyOther(ByteOffset s) // a[:, ::2]
{
    return [=] {
        return makeView(s, {side(), side()}, {side(), side() / 2}, {side() * s, 2 * s}, 0);
    };
}

ViewMaker volumePlane(int fixedAxis) // (256, 1024, 1024) uint8: [:, 500, :] or [:, :, 500]
{
    return [=] {
        const std::int64_t depth = bench::quickMode() ? 32 : 256;
        const std::vector<std::int64_t> base{depth, 1024, 1024};
        if (fixedAxis == 1)
            return makeView(1, base, {depth, 1024}, {1024 * 1024, 1}, 500 * 1024);
        return makeView(1, base, {depth, 1024}, {1024 * 1024, 1024}, 500);
    };
}

void add(const std::string &name, const ViewMaker &make)
{
    benchmark::RegisterBenchmark(name.c_str(),
                                 [make](benchmark::State &state) { copyCase(state, make); })
        ->Unit(benchmark::kMillisecond)
        ->MeasureProcessCPUTime() // copies of 32 MiB and more use a second thread
        ->UseRealTime();
}

} // namespace

int main(int argc, char **argv)
{
    bench::parseQuick(argc, argv);
    add("f32_transpose", square(4, true));
    add("f64_transpose", square(8, true));
    add("f32_step3_rev2", stepped(4));
    add("f64_step3_rev2", stepped(8));
    add("f32_every_other_column", everyOther(4));
    add("f64_every_other_column", everyOther(8));
    add("f32_reversed", reversed(4));
    add("f64_reversed", reversed(8));
    add("u8_volume_axis1", volumePlane(1));
    add("u8_volume_axis2", volumePlane(2));
    add("f32_contiguous", square(4, false));
    benchmark::RegisterBenchmark("pil_rgba_rows", pilCase)
        ->Unit(benchmark::kMillisecond)
        ->MeasureProcessCPUTime()
        ->UseRealTime();
    benchmark::RegisterBenchmark("memcpy_64MiB", memcpyCase, side() * side() * 4)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
