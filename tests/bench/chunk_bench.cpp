// SPDX-License-Identifier: GPL-3.0-or-later
// The chunked store in-process: slice [5] of a (64, 4096, 4096) float32 Zarr store with
// (1, 512, 512) zstd chunks (written by tests/chunked/bench_vs_zarr.py, which also times
// zarr-python on the same slice and runs this program), drawn as the render panel draws it
// (renderNow: fetch the plane through the ChunkReader, pool to 820 x 1000, colour map).
// Times, median of N:
//   cold   every chunk decoded again (chunk cache and fetch cache cleared; page cache warm);
//   fetch  the same, fetch only (the slice's bytes in memory, no picture);
//   slider planes 4..7 in turn over cached chunks (fetch cache cleared, chunk cache warm),
//          as a slider moving over planes already decoded;
// each as wall time and as the process's CPU time (all threads).
// Checked first (exit 1 on a difference): the picture's statistics equal those of the
// fetched plane's floats, and --dump OUT writes the fetched plane for bench_vs_zarr.py to
// compare with zarr-python's bytes.
// Usage: chunk_bench STORE [--runs N] [--threads N] [--dump OUT]
#include "exporters/chunked/chunked_exporter.h"
#include "exporters/open_source.h"
#include "models/render_request.h"
#include "render/fetched_plane.h"

#include "latency_summary.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>

using namespace bufferscope;

namespace {

[[noreturn]] void fail(const std::string &what)
{
    std::fprintf(stderr, "chunk_bench: %s\n", what.c_str());
    std::exit(1);
}

// CPU time of the whole process (every thread), in ms: on a shared, loaded host the wall
// time depends on what else runs; the CPU time is the work done.
double cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

RenderRequest requestFor(const ChunkedExporter &exporter, Index z)
{
    RenderRequest request;
    request.plane.descriptor = exporter.descriptor();
    request.plane.numeric = {render::NumericType::Float32, false};
    request.plane.selection = render::defaultSelection(exporter.descriptor());
    request.plane.selection.fixed[0] = z;
    request.plane.reader = exporter.reader();
    request.limit = {820, 1000};
    return request;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (argc < 2)
        fail("usage: chunk_bench STORE [--runs N] [--threads N] [--dump OUT]");
    const std::string store = argv[1];
    int runs = 9;
    unsigned threads = 0;
    std::string dump;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--runs")
            runs = std::atoi(argv[i + 1]);
        else if (option == "--threads")
            threads = unsigned(std::atoi(argv[i + 1]));
        else if (option == "--dump")
            dump = argv[i + 1];
        else
            fail("unknown option " + option);
    }
    auto opened = openFile(store, std::nullopt);
    if (!opened)
        fail(opened.error().message);
    auto *exporter = dynamic_cast<ChunkedExporter *>(opened->get());
    if (!exporter)
        fail(store + " is not a chunked array");
    if (threads)
        exporter->chunkReader().setThreads(threads);
    const ChunkReader &reader = exporter->chunkReader();

    // Check: the drawn plane's statistics are those of its floats as fetched.
    const RenderRequest plane5 = requestFor(*exporter, 5);
    const RenderResult drawn = renderNow(plane5, nullptr);
    if (!drawn.error.isEmpty() || drawn.image.isNull())
        fail("renderNow: " + drawn.error.toStdString());
    auto fetched = render::fetchPlane(plane5.plane.descriptor, reader, plane5.plane.selection, {});
    if (!fetched)
        fail(fetched.error().message);
    const auto *values = reinterpret_cast<const float *>(fetched->descriptor.buf);
    const std::size_t count = std::size_t(fetched->descriptor.len / 4);
    double low = INFINITY, high = -INFINITY;
    for (std::size_t i = 0; i < count; ++i)
        if (std::isfinite(values[i])) {
            low = std::min(low, double(values[i]));
            high = std::max(high, double(values[i]));
        }
    if (drawn.plane->statistics.min != low || drawn.plane->statistics.max != high)
        fail("the picture's range differs from the fetched plane's");
    if (!dump.empty()) {
        std::ofstream out(dump, std::ios::binary);
        out.write(reinterpret_cast<const char *>(values), std::streamsize(count * 4));
        if (!out)
            fail("cannot write " + dump);
    }
    std::printf("checked: picture range = fetched plane range (%g .. %g); %u loading threads\n",
                low, high, threads ? threads : std::max(1u, std::thread::hardware_concurrency()));

    std::vector<double> cold, fetchOnly, slider, coldCpu, fetchCpu, sliderCpu;
    for (int i = 0; i < runs; ++i) {
        exporter->chunkReader().invalidate(); // chunk cache and fetch cache: cold
        QElapsedTimer timer;
        timer.start();
        const double cpu = cpuMs();
        const RenderResult result = renderNow(plane5, nullptr);
        cold.push_back(since(timer));
        coldCpu.push_back(cpuMs() - cpu);
        if (!result.error.isEmpty())
            fail(result.error.toStdString());
    }
    for (int i = 0; i < runs; ++i) {
        exporter->chunkReader().invalidate();
        QElapsedTimer timer;
        timer.start();
        const double cpu = cpuMs();
        auto local =
            render::fetchPlane(plane5.plane.descriptor, reader, plane5.plane.selection, {});
        fetchOnly.push_back(since(timer));
        fetchCpu.push_back(cpuMs() - cpu);
        if (!local)
            fail(local.error().message);
    }
    for (Index z = 4; z < 8; ++z) // decode planes 4..7 once
        (void)renderNow(requestFor(*exporter, z), nullptr);
    const std::uint64_t loaded = reader.chunksLoaded();
    for (int i = 0; i < runs * 4; ++i) {
        reader.cache().clear(); // the fetched copies, not the chunks
        QElapsedTimer timer;
        timer.start();
        const double cpu = cpuMs();
        const RenderResult result = renderNow(requestFor(*exporter, 4 + i % 4), nullptr);
        slider.push_back(since(timer));
        sliderCpu.push_back(cpuMs() - cpu);
        if (!result.error.isEmpty())
            fail(result.error.toStdString());
    }
    if (reader.chunksLoaded() != loaded)
        fail("the slider loaded chunks: the cache should hold planes 4..7");
    std::printf("%-58s %8s %8s %8s %8s\n", "ms", "min", "median", "p95", "max");
    print("cold: fetch + render [5] (64 chunks decoded)", summarise(cold));
    print("cold: fetch [5] only", summarise(fetchOnly));
    print("slider over cached chunks, planes 4..7", summarise(slider));
    print("cpu: cold fetch + render [5]", summarise(coldCpu));
    print("cpu: cold fetch [5] only", summarise(fetchCpu));
    print("cpu: slider over cached chunks", summarise(sliderCpu));
    return 0;
}
