// SPDX-License-Identifier: GPL-3.0-or-later
// The display targets of the speed issue, measured end to end: a (64, 4096, 4096) float32 .npy
// (4 GiB, written here, then mapped) shown in the real render panel, and the slider moved
// over it. Prints, per slice: the core render (renderNow: read the slice once, pool to the
// screen, colour) and the panel's latency from moving the slider to the replot that shows the
// new slice (request coalescing, worker thread, delivery, QCustomPlot drawing), then the
// histogram pass that follows. Also start-up: opening the file, and the first drawn picture.
//
// Checked before anything is timed (exit 1 on a difference): renderNow's picture equals the
// reference chain extractPlane + poolPlane + colourMap on two slices, every pooling mode.
// --quick (CI): an (8, 1536, 1536) volume, the same checks, times only printed.
// --busy: a child process spins on one core while the figures are taken (another program
// busy on the machine), and is killed at the end.
//
// The volume is removed however the program ends: at exit (also after a failed check) and on
// SIGINT/SIGTERM/SIGHUP. (Not earlier: the panel checks the mapped file by its name, and an
// unlinked file reads as changed on disk.) Only SIGKILL leaves it behind.
#include "exporters/npy/npy_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "models/render_request.h"
#include "render/colour_map.h"
#include "render/gradient.h"
#include "render/plane.h"
#include "render/pooling.h"
#include "views/heatmap_view.h"
#include "views/render_panel.h"
#include "views/slice_controls.h"

#include <qcustomplot.h>

#include "latency_summary.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

using namespace bufferscope;

namespace {

// What cleanup() removes: fixed-size buffers, so the signal handler only calls unlink/rmdir.
char g_volumePath[4096];
char g_volumeDir[4096];
volatile pid_t g_spinner = 0;

void cleanup()
{
    if (g_spinner > 0) {
        ::kill(g_spinner, SIGKILL);
        ::waitpid(g_spinner, nullptr, 0);
        g_spinner = 0;
    }
    if (g_volumePath[0])
        ::unlink(g_volumePath);
    if (g_volumeDir[0])
        ::rmdir(g_volumeDir);
}

void cleanupAndDie(int signal)
{
    cleanup();
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

void watchForCleanup(const std::string &path, const std::string &dir)
{
    std::snprintf(g_volumePath, sizeof g_volumePath, "%s", path.c_str());
    std::snprintf(g_volumeDir, sizeof g_volumeDir, "%s", dir.c_str());
    std::atexit(cleanup);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP})
        ::signal(signal, cleanupAndDie);
}

// A child that keeps one core busy until killed (or until this process dies).
void startSpinner()
{
    const pid_t child = ::fork();
    if (child == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        volatile unsigned long long spin = 0;
        for (;;)
            spin = spin + 1;
    }
    if (child < 0)
        std::fprintf(stderr, "slider_bench: cannot start the busy process\n");
    g_spinner = child;
}

struct Volume
{
    Index depth, side;
};

double rssMiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    }
    return 0.0;
}

// Resident KiB of this process's mappings of `path` (/proc/self/smaps): the file's pages
// this process has touched, whatever else the page cache holds.
double mappedResidentMiB(const std::string &path)
{
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inFile = false;
    double kib = 0;
    while (std::getline(smaps, line)) {
        if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
            line.find('-') < line.find(' '))
            inFile = line.size() >= path.size() && line.compare(line.size() - path.size(), path.size(), path) == 0;
        else if (inFile && line.rfind("Rss:", 0) == 0)
            kib += std::stod(line.substr(4));
    }
    return kib / 1024.0;
}

[[noreturn]] void fail(const std::string &what)
{
    std::fprintf(stderr, "slider_bench: %s\n", what.c_str());
    std::exit(1);
}

// A .npy v1.0 file of float32 values: a smooth pattern that differs per slice, 1 NaN in 997.
void writeVolume(const std::string &path, Volume volume)
{
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                         std::to_string(volume.depth) + ", " + std::to_string(volume.side) +
                         ", " + std::to_string(volume.side) + "), }";
    const std::size_t total = ((10 + header.size() + 1 + 63) / 64) * 64;
    header.append(total - 10 - header.size() - 1, ' ');
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    const std::uint16_t length = static_cast<std::uint16_t>(header.size());
    out.write("\x93NUMPY\x01\x00", 8);
    out.write(reinterpret_cast<const char *>(&length), 2);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    std::vector<float> row(static_cast<std::size_t>(volume.side));
    std::vector<float> wave(static_cast<std::size_t>(volume.side + volume.depth));
    for (std::size_t i = 0; i < wave.size(); ++i)
        wave[i] = std::sin(0.01f * float(i));
    std::uint64_t n = 0;
    for (Index z = 0; z < volume.depth; ++z) {
        for (Index y = 0; y < volume.side; ++y) {
            const float across = std::cos(0.013f * float(y)) * float(100 + z);
            for (Index x = 0; x < volume.side; ++x, ++n) {
                row[static_cast<std::size_t>(x)] = n % 997 == 0
                                                       ? std::numeric_limits<float>::quiet_NaN()
                                                       : wave[static_cast<std::size_t>(x + z)] * across;
            }
            out.write(reinterpret_cast<const char *>(row.data()),
                      static_cast<std::streamsize>(row.size() * sizeof(float)));
        }
    }
    if (!out.flush())
        fail("cannot write " + path);
}

RenderRequest requestFor(const Descriptor &descriptor, Index z, render::PlaneShape limit,
                         render::PoolMode mode)
{
    RenderRequest request;
    request.plane.descriptor = descriptor;
    request.plane.numeric = {render::NumericType::Float32, false};
    request.plane.selection = render::defaultSelection(descriptor);
    request.plane.selection.fixed[0] = z;
    request.limit = limit;
    request.poolMode = mode;
    return request;
}

// The picture the display must show, by the plain chain: the whole plane as floats, pooled,
// statistics of the whole plane, colours.
QImage referencePicture(const RenderRequest &request)
{
    const PlaneKey &key = request.plane;
    const auto shape = render::planeShape(key.descriptor, key.selection).value();
    std::vector<float> plane(static_cast<std::size_t>(shape.count()));
    if (!render::extractPlane(key.descriptor, key.numeric, key.selection, plane))
        fail("extractPlane failed");
    const auto pooledShape = render::pooledShape(shape, request.limit);
    std::vector<float> pooled(static_cast<std::size_t>(pooledShape.count()));
    if (!render::poolPlane(plane, shape, pooled, pooledShape, request.poolMode,
                           request.markNonFinite))
        fail("poolPlane failed");
    const auto statistics = render::computeStatistics(plane);
    render::ColourScale scale = request.colours;
    scale.low = statistics.min;
    scale.high = statistics.max;
    QImage image(int(pooledShape.columns), int(pooledShape.rows), QImage::Format_ARGB32);
    render::colourMap(pooled, *render::findGradient(request.gradient), scale,
                      {reinterpret_cast<std::uint32_t *>(image.bits()), pooled.size()});
    return image;
}


} // namespace

int main(int argc, char **argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    bool quick = false;
    bool busy = false;
    for (int i = 1; i < argc; ++i) {
        quick = quick || std::strcmp(argv[i], "--quick") == 0;
        busy = busy || std::strcmp(argv[i], "--busy") == 0;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Volume volume = quick ? Volume{8, 1536} : Volume{64, 4096};
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/slider_bench-XXXXXX"));
    const std::string path = dir.filePath(QStringLiteral("volume.npy")).toStdString();
    watchForCleanup(path, dir.path().toStdString());
    QElapsedTimer timer;
    timer.start();
    writeVolume(path, volume);
    std::printf("volume (%lld, %lld, %lld) float32, %.0f MiB, written in %.0f ms (page cache)\n",
                static_cast<long long>(volume.depth), static_cast<long long>(volume.side),
                static_cast<long long>(volume.side),
                double(volume.depth * volume.side * volume.side * 4) / 1048576.0, since(timer));

    const double rssBefore = rssMiB();
    timer.restart();
    auto opened = NpyExporter::open(path);
    const double openMs = since(timer);
    if (!opened)
        fail(opened.error().message);
    std::printf("open: %.3f ms, VmRSS +%.1f MiB\n", openMs, rssMiB() - rssBefore);
    const Descriptor descriptor = (*opened)->descriptor();

    // Correctness first: every pooling mode on two slices, a budget that does not divide.
    for (const Index z : {Index(0), volume.depth - 1}) {
        for (auto mode : {render::PoolMode::Mean, render::PoolMode::Max, render::PoolMode::Min}) {
            const RenderRequest request = requestFor(descriptor, z, {700, 900}, mode);
            const RenderResult result = renderNow(request, nullptr);
            if (!result.error.isEmpty())
                fail(result.error.toStdString());
            if (result.image != referencePicture(request))
                fail("renderNow differs from extractPlane + poolPlane + colourMap at z = " +
                     std::to_string(z));
        }
    }
    std::printf("checked: renderNow = extractPlane + poolPlane + colourMap (2 slices x 3 modes)\n\n");
    if (busy) {
        startSpinner();
        std::printf("--busy: process %d spins on one core during the figures\n\n", int(g_spinner));
    }

    std::printf("%-58s %8s %8s %8s %8s\n", "ms per slice (every slice once)", "min", "median",
                "p95", "max");
    for (auto [mode, name] : {std::pair{render::PoolMode::Mean, "mean"},
                              std::pair{render::PoolMode::Max, "max"}}) {
        std::vector<double> render, histogram;
        for (Index z = 0; z < volume.depth; ++z) {
            const RenderRequest request = requestFor(descriptor, z, {820, 1000}, mode);
            timer.restart();
            const RenderResult result = renderNow(request, nullptr);
            render.push_back(since(timer));
            timer.restart();
            if (!withHistogram(request.plane, *result.plane))
                fail("histogram failed");
            histogram.push_back(since(timer));
        }
        print(qPrintable(QStringLiteral("core renderNow, %1 pooling to 820x1000").arg(name)),
              summarise(render));
        print(qPrintable(QStringLiteral("core histogram pass (%1)").arg(name)), summarise(histogram));
    }

    // The real panel, on a fresh mapping of the file: slider moved to each slice in turn,
    // timed to the replot showing it.
    opened.value().reset();
    if (mappedResidentMiB(path) != 0)
        fail("the core part's mapping is still there");
    auto fresh = NpyExporter::open(path);
    if (!fresh)
        fail(fresh.error().message);
    BufferTreeModel model;
    CurrentBuffer current(&model);
    RenderPanel panel(&current);
    panel.setGradient(QStringLiteral("viridis"));
    panel.setPoolMode(render::PoolMode::Mean);
    panel.resize(1300, 950);
    panel.show();
    QCustomPlot *plot = panel.heatmap()->plot();
    // The generation of the result on screen: noted at each replot of the heatmap.
    std::uint64_t drawn = 0;
    QObject::connect(plot, &QCustomPlot::afterReplot,
                     [&] { drawn = panel.lastResult().generation; });
    // Sleeps in the event loop until something happens, as the app's GUI thread does (a
    // polling loop here would take a core from the render threads).
    auto waitFor = [&](auto &&done) {
        while (!done())
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    };
    timer.restart();
    current.setIndex(model.addExporter(std::move(fresh.value()), dir.filePath("volume.npy")));
    waitFor([&] { return panel.lastResult().plane != nullptr && !panel.isRendering(); });
    std::printf("\nfirst picture in the panel after adding the file: %.1f ms\n", since(timer));
    const double slice = double(volume.side * volume.side * 4) / 1048576.0;
    const double touched = mappedResidentMiB(path);
    std::printf("file pages touched to draw slice 0 (and its histogram): %.1f MiB; the slice is "
                "%.1f MiB of %.0f MiB\n",
                touched, slice, double(volume.depth) * slice);
    if (touched > slice + 1.0)
        fail("drawing one slice touched pages outside it");
    std::printf("panel pixel budget %lld x %lld\n",
                static_cast<long long>(panel.heatmap()->pixelBudget().rows),
                static_cast<long long>(panel.heatmap()->pixelBudget().columns));
    std::vector<double> shown, complete;
    for (Index z = 1; z < volume.depth; ++z) {
        const std::uint64_t generation = panel.lastResult().generation;
        timer.restart();
        panel.sliceControls()->setIndex(0, z);
        waitFor([&] { return drawn != generation && drawn == panel.lastResult().generation; });
        shown.push_back(since(timer));
        waitFor([&] { return !panel.isRendering(); });
        complete.push_back(since(timer));
        if (panel.lastKey()->selection.fixed[0] != z || !panel.lastResult().error.isEmpty())
            fail("the panel does not show slice " + std::to_string(z));
    }
    print("panel: slider moved -> new slice drawn (replot)", summarise(shown));
    print("panel: slider moved -> histogram shown too", summarise(complete));
    std::printf("VmRSS at the end: %.0f MiB\n", rssMiB());
    cleanup();
    return 0;
}
