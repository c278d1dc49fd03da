// SPDX-License-Identifier: GPL-3.0-or-later
// Google Benchmark for core/render: a 4096x4096 float32 plane (1% NaN) rendered to ARGB32 by
// the fused renderPlane, native and big-endian, the unfused extractPlane + computeStatistics +
// colourMap chain for comparison, and '>f4' to native conversion. Before timing, renderPlane
// is checked against the unfused chain on small awkward layouts (strides, suboffsets, other
// types, infinities, constant planes) and on the timed planes; any difference aborts.
#include "bench_common.h"
#include "buffer/layout.h"
#include "render/colour_map.h"
#include "render/fused_render.h"
#include "render/plane.h"
#include "render/statistics.h"

#include <benchmark/benchmark.h>

#include <bit>
#include <cmath>
#include <limits>
#include <string>

using namespace bufferscope;
using namespace bufferscope::render;

namespace {

using bench::side;

const Gradient &viridis()
{
    return *findGradient("viridis");
}

// Float32 values in [-1000, 1000) from a fixed LCG, `nanEvery`-th one NaN (0: none).
std::vector<float> values(std::int64_t n, std::int64_t nanEvery, std::uint32_t seed = 1)
{
    std::vector<float> v(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
        seed = seed * 1664525u + 1013904223u;
        v[static_cast<std::size_t>(i)] =
            static_cast<float>(seed >> 8) / 16777216.0f * 2000.0f - 1000.0f;
        if (nanEvery > 0 && i % nanEvery == nanEvery / 2)
            v[static_cast<std::size_t>(i)] = std::numeric_limits<float>::quiet_NaN();
    }
    return v;
}

bench::BigVector<std::byte> bytesOf(const std::vector<float> &v, bool swap)
{
    bench::BigVector<std::byte> bytes(v.size() * 4);
    for (std::size_t i = 0; i < v.size(); ++i) {
        std::uint32_t bits = std::bit_cast<std::uint32_t>(v[i]);
        if (swap)
            bits = __builtin_bswap32(bits);
        std::memcpy(bytes.data() + 4 * i, &bits, 4);
    }
    return bytes;
}

Descriptor square(bench::BigVector<std::byte> &memory, bool bigEndian)
{
    return *makeContiguous(memory.data(), bigEndian ? ">f" : "f", 4, {side(), side()}, Order::C,
                           true);
}

// The unfused chain renderPlane must equal, pixel for pixel and in its statistics.
std::vector<std::uint32_t> reference(const Descriptor &d, const NumericSource &source,
                                     const PlaneSelection &selection, ValueStatistics &statistics)
{
    const PlaneShape shape = *planeShape(d, selection);
    std::vector<float> plane(static_cast<std::size_t>(shape.count()));
    if (!extractPlane(d, source, selection, plane).ok())
        bench::fail("extractPlane refused", 0);
    statistics = computeStatistics(plane);
    ColourScale scale;
    scale.low = statistics.min;
    scale.high = statistics.max;
    std::vector<std::uint32_t> pixels(plane.size());
    colourMap(plane, viridis(), scale, pixels);
    return pixels;
}

void checkFused(const char *what, const Descriptor &d, const NumericSource &source,
                const PlaneSelection &selection)
{
    ValueStatistics want;
    const std::vector<std::uint32_t> expected = reference(d, source, selection, want);
    std::vector<std::uint32_t> pixels(expected.size());
    auto rendered =
        renderPlane(d, source, selection, viridis(), {}, RangeMode::FiniteMinMax, pixels);
    if (!rendered)
        bench::fail(what, -1);
    const ValueStatistics &got = rendered->statistics;
    if (got.min != want.min || got.max != want.max || got.finite != want.finite ||
        got.nan != want.nan || got.positiveInfinity != want.positiveInfinity ||
        got.negativeInfinity != want.negativeInfinity)
        bench::fail(what, -2);
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        if (pixels[i] != expected[i])
            bench::fail(what, static_cast<long long>(i));
    }
}

// Small layouts that leave the direct float32 path: views of a (5, 37, 23) volume.
void checkLayouts()
{
    std::vector<float> v = values(5 * 37 * 23, 7, 3);
    v[11] = std::numeric_limits<float>::infinity();
    v[12] = -std::numeric_limits<float>::infinity();
    v[40] = -0.0f;
    for (const bool swap : {false, true}) {
        bench::BigVector<std::byte> memory = bytesOf(v, swap);
        Descriptor d =
            *makeContiguous(memory.data(), swap ? ">f" : "f", 4, {5, 37, 23}, Order::C, true);
        const NumericSource source{NumericType::Float32, swap};
        PlaneSelection selection = defaultSelection(d);
        selection.fixed[0] = 3;
        checkFused("volume [3]", d, source, selection);
        selection = defaultSelection(d); // rows of axis 2, columns of axis 0: strided columns
        selection.rowAxis = 2;
        selection.columnAxis = 0;
        selection.fixed[1] = 17;
        checkFused("volume [:, 17, :].T", d, source, selection);
        Descriptor reversed = d; // [:, ::-1, ::-1]
        reversed.buf = d.buf + 36 * d.strides[1] + 22 * 4;
        reversed.strides = {d.strides[0], -d.strides[1], -4};
        checkFused("volume [1, ::-1, ::-1]", reversed, source, [&] {
            PlaneSelection s = defaultSelection(reversed);
            s.fixed[0] = 1;
            return s;
        }());
        // PIL-style rows of the first plane, in reverse order: suboffsets before the columns.
        std::vector<std::byte *> rows;
        for (int r = 36; r >= 0; --r)
            rows.push_back(d.buf + r * d.strides[1]);
        Descriptor pil = d; // keeps format and itemsize
        pil.buf = reinterpret_cast<std::byte *>(rows.data());
        pil.shape = {37, 23};
        pil.len = 37 * 23 * 4;
        pil.strides = {ByteOffset(sizeof(std::byte *)), 4};
        pil.suboffsets = {0, -1};
        checkFused("PIL rows", pil, source, defaultSelection(pil));
        PlaneSelection columns = defaultSelection(pil); // suboffsets in the column axis
        columns.rowAxis = 1;
        columns.columnAxis = 0;
        checkFused("PIL rows transposed", pil, source, columns);
    }
    std::vector<std::byte> shorts(64 * 48 * 2);
    bench::fillPattern(shorts);
    Descriptor u16 = *makeContiguous(shorts.data(), ">H", 2, {64, 48}, Order::C, true);
    checkFused("uint16 big-endian", u16, {NumericType::UInt16, true}, defaultSelection(u16));
    std::vector<float> constant(100, 2.5f);
    bench::BigVector<std::byte> constantBytes = bytesOf(constant, false);
    Descriptor flat = *makeContiguous(constantBytes.data(), "f", 4, {10, 10}, Order::C, true);
    checkFused("constant plane", flat, {NumericType::Float32, false}, defaultSelection(flat));
    std::vector<float> nans(30, std::numeric_limits<float>::quiet_NaN());
    bench::BigVector<std::byte> nanBytes = bytesOf(nans, false);
    Descriptor allNan = *makeContiguous(nanBytes.data(), "f", 4, {5, 6}, Order::C, true);
    checkFused("all NaN", allNan, {NumericType::Float32, false}, defaultSelection(allNan));
}

void heatmap(benchmark::State &state, bool bigEndian)
{
    bench::BigVector<std::byte> memory = bytesOf(values(side() * side(), 100), bigEndian);
    const Descriptor d = square(memory, bigEndian);
    const NumericSource source{NumericType::Float32, bigEndian};
    const PlaneSelection selection = defaultSelection(d);
    checkFused("4096x4096 heatmap", d, source, selection);
    bench::BigVector<std::uint32_t> pixels(static_cast<std::size_t>(side() * side()));
    for (auto _ : state) {
        auto rendered =
            renderPlane(d, source, selection, viridis(), {}, RangeMode::FiniteMinMax, pixels);
        benchmark::DoNotOptimize(rendered.ok());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * side() * side());
}

void heatmapUnfused(benchmark::State &state)
{
    bench::BigVector<std::byte> memory = bytesOf(values(side() * side(), 100), false);
    const Descriptor d = square(memory, false);
    const NumericSource source{NumericType::Float32, false};
    const PlaneSelection selection = defaultSelection(d);
    bench::BigVector<float> plane(static_cast<std::size_t>(side() * side()));
    bench::BigVector<std::uint32_t> pixels(plane.size());
    for (auto _ : state) {
        benchmark::DoNotOptimize(extractPlane(d, source, selection, plane).ok());
        const ValueStatistics statistics = computeStatistics(plane);
        ColourScale scale;
        scale.low = statistics.min;
        scale.high = statistics.max;
        colourMap(plane, viridis(), scale, pixels);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * side() * side());
}

void bigEndianToNative(benchmark::State &state)
{
    const std::vector<float> v = values(side() * side(), 0);
    bench::BigVector<std::byte> memory = bytesOf(v, true);
    const Descriptor d = square(memory, true);
    const NumericSource source{NumericType::Float32, true};
    const PlaneSelection selection = defaultSelection(d);
    bench::BigVector<float> out(v.size());
    if (!extractPlane(d, source, selection, out).ok())
        bench::fail("extractPlane refused '>f4'", 0);
    if (std::memcmp(out.data(), v.data(), v.size() * 4) != 0)
        bench::fail("'>f4' to native differs", 0);
    for (auto _ : state) {
        benchmark::DoNotOptimize(extractPlane(d, source, selection, out).ok());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(state.iterations() * side() * side() * 4);
}

} // namespace

int main(int argc, char **argv)
{
    bench::parseQuick(argc, argv);
    checkLayouts();
    benchmark::RegisterBenchmark("heatmap_f32", heatmap, false)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("heatmap_f32_be", heatmap, true)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("heatmap_f32_unfused", heatmapUnfused)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("f32_be_to_native", bigEndianToNative)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
