// SPDX-License-Identifier: GPL-3.0-or-later
// Google Benchmark for huge files: opening a 4 GiB sparse .npy and raw file (a (64, 4096, 4096)
// float32 volume), and rendering one 4096x4096 slice of it. Counters report the resident
// memory (VmRSS) and the minor page faults each step cost. Checked (abort on failure): opening
// keeps VmRSS growth under 50 MiB, and a slice touches only about its own 64 MiB of pages.
#include "bench_common.h"
#include "exporters/npy/npy_exporter.h"
#include "exporters/raw/raw_file_exporter.h"
#include "render/fused_render.h"

#include <benchmark/benchmark.h>

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace bufferscope;

namespace {

constexpr std::int64_t kDepth = 64, kSide = 4096;
constexpr std::int64_t kDataBytes = kDepth * kSide * kSide * 4; // 4 GiB
constexpr double kMiB = 1024.0 * 1024.0;

double residentMiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0; // the kernel prints kB
    }
    return 0.0;
}

long minorFaults()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

// Sparse files: the data is a hole, so creating them writes a header and nothing else.
struct Files
{
    std::filesystem::path dir;
    std::string npy;
    std::string raw;

    Files()
    {
        dir = std::filesystem::temp_directory_path() /
              ("bufferscope-file-bench-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        npy = (dir / "volume.npy").string();
        raw = (dir / "volume.raw").string();
        std::string header =
            "{'descr': '<f4', 'fortran_order': False, 'shape': (64, 4096, 4096), }";
        while ((10 + header.size() + 1) % 64 != 0)
            header += ' ';
        header += '\n';
        std::ofstream out(npy, std::ios::binary);
        out.write("\x93NUMPY\x01\x00", 8);
        const char length[2] = {char(header.size() & 0xff), char(header.size() >> 8)};
        out.write(length, 2);
        out.write(header.data(), static_cast<std::streamsize>(header.size()));
        out.close();
        std::filesystem::resize_file(npy, 10 + header.size() + kDataBytes);
        std::ofstream(raw, std::ios::binary).close();
        std::filesystem::resize_file(raw, kDataBytes);
    }
    ~Files() { std::filesystem::remove_all(dir); }
};

Files &files()
{
    static Files f;
    return f;
}

template<class Open> void openCase(benchmark::State &state, Open open)
{
    const double before = residentMiB();
    double grown = 0.0;
    for (auto _ : state) {
        auto exporter = open();
        if (!exporter)
            bench::fail("opening the 4 GiB file failed", 0);
        benchmark::DoNotOptimize(exporter->get());
        grown = std::max(grown, residentMiB() - before);
    }
    if (grown >= 50.0)
        bench::fail("opening a 4 GiB file grew VmRSS by 50 MiB or more",
                    static_cast<long long>(grown));
    state.counters["rss_growth_MiB"] = grown;
}

void openNpy(benchmark::State &state)
{
    openCase(state, [] { return NpyExporter::open(files().npy); });
}

void openRaw(benchmark::State &state)
{
    RawOptions options;
    options.format = "<f";
    options.shape = {kDepth, kSide, kSide};
    openCase(state, [&] { return RawFileExporter::open(files().raw, options); });
}

// Opens the .npy file, renders slice [k] (a new k each time, so its pages were never mapped
// by this process), closes it; VmRSS and minor faults are measured around the render.
void renderSlice(benchmark::State &state)
{
    std::vector<std::uint32_t> pixels(static_cast<std::size_t>(kSide * kSide), 1); // faulted in
    const render::Gradient &gradient = *render::findGradient("viridis");
    std::int64_t k = 0;
    double worstGrowth = 0.0;
    long faults = 0;
    for (auto _ : state) {
        auto exporter = NpyExporter::open(files().npy);
        if (!exporter)
            bench::fail("opening the .npy file failed", 0);
        const Descriptor &d = (*exporter)->descriptor();
        render::PlaneSelection selection = render::defaultSelection(d);
        selection.fixed[0] = k++ % kDepth;
        const double before = residentMiB();
        const long faultsBefore = minorFaults();
        auto rendered = render::renderPlane(d, {render::NumericType::Float32, false}, selection,
                                            gradient, {}, render::RangeMode::FiniteMinMax, pixels);
        if (!rendered || rendered->statistics.finite != kSide * kSide ||
            pixels[12345] != gradient.colours[0])
            bench::fail("rendering a slice of the sparse file gave a wrong result", 0);
        faults = minorFaults() - faultsBefore;
        worstGrowth = std::max(worstGrowth, residentMiB() - before);
    }
    const double sliceMiB = kSide * kSide * 4 / kMiB;
    if (worstGrowth > sliceMiB + 16.0)
        bench::fail("a 64 MiB slice grew VmRSS by more than 80 MiB",
                    static_cast<long long>(worstGrowth));
    state.counters["rss_growth_MiB"] = worstGrowth;
    state.counters["minor_faults"] = static_cast<double>(faults);
    state.counters["slice_pages"] =
        kSide * kSide * 4 / static_cast<double>(::sysconf(_SC_PAGESIZE));
}

} // namespace

int main(int argc, char **argv)
{
    bench::parseQuick(argc, argv); // the file is sparse: its full size costs nothing
    benchmark::RegisterBenchmark("open_npy_4GiB", openNpy)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("open_raw_4GiB", openRaw)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("render_slice_of_4GiB_npy", renderSlice)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    files();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
