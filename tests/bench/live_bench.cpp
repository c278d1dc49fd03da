// SPDX-License-Identifier: GPL-3.0-or-later
// The live-object targets: a (64, 4096, 4096) float32 NumPy array made in a Python process and
// shown with bufferscope.show() (the module waits for a window: BUFFERSCOPE_GUI=-), received
// here by the real LiveLink and drawn by the real render panel, as the window does. Prints the
// first picture's delay after show() returned in Python (both sides read CLOCK_MONOTONIC), the
// slider's latency per slice, and the bytes read from the Python process per drawn slice.
//
// Checked before anything is printed as a result (exit 1 on a difference): the panel's
// statistics of each drawn slice (min, max, finite count) equal NumPy's of that slice.
// --quick (CI): an (8, 1536, 1536) array, the same checks.
#include "exporters/live/live_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "models/live_link.h"
#include "views/heatmap_view.h"
#include "views/render_panel.h"
#include "views/slice_controls.h"

#include <qcustomplot.h>

#include "latency_summary.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

using namespace bufferscope;

namespace {

// Makes the array (a smooth pattern per slice, one NaN in 997), shows it, prints the monotonic
// clock after show() returned and NumPy's statistics per slice, then waits for stdin to close.
const char *kScript = R"(
import json, sys, time, numpy as np, bufferscope
depth, side = int(sys.argv[1]), int(sys.argv[2])
a = np.empty((depth, side, side), dtype='<f4')
x = np.sin(0.01 * np.arange(side + depth, dtype=np.float32))
y = np.cos(0.013 * np.arange(side, dtype=np.float32))
for z in range(depth):
    a[z] = y[:, None] * (100 + z) * x[None, z:z + side]
a.reshape(-1)[::997] = np.nan
stats = [[float(np.nanmin(a[z])), float(np.nanmax(a[z])), int(np.isfinite(a[z]).sum())]
         for z in range(depth)]
shown = bufferscope.show(a, name="volume", report=False)
print(json.dumps({"shown_ns": time.monotonic_ns(), "stats": stats}), flush=True)
sys.stdin.read()
)";

[[noreturn]] void fail(const std::string &what)
{
    std::fprintf(stderr, "live_bench: %s\n", what.c_str());
    std::exit(1);
}

std::int64_t monotonicNs()
{
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return std::int64_t(t.tv_sec) * 1000000000 + t.tv_nsec;
}


} // namespace

int main(int argc, char **argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    bool quick = false;
    for (int i = 1; i < argc; ++i)
        quick = quick || std::strcmp(argv[i], "--quick") == 0;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int depth = quick ? 8 : 64;
    const int side = quick ? 1536 : 4096;

    QProcess python;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONPATH"), QStringLiteral(BUFFERSCOPE_BINARY_DIR "/app/python"));
    env.insert(QStringLiteral("BUFFERSCOPE_GUI"), QStringLiteral("-"));
#ifdef BUFFERSCOPE_PYTHON_PRELOAD
    env.insert(QStringLiteral("LD_PRELOAD"), QStringLiteral(BUFFERSCOPE_PYTHON_PRELOAD));
    env.insert(QStringLiteral("ASAN_OPTIONS"), QStringLiteral("detect_leaks=0:abort_on_error=1"));
#endif
    python.setProcessEnvironment(env);
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"), QString::fromUtf8(kScript), QString::number(depth),
                  QString::number(side)});
    if (!python.waitForStarted())
        fail("cannot start /usr/bin/python3");

    // The module says where it waits on stderr.
    QString socketPath;
    const QRegularExpression waiting(QStringLiteral("bufferscope --live (\\S+)"));
    QByteArray err;
    python.setReadChannel(QProcess::StandardError);
    while (socketPath.isEmpty()) {
        if (!python.waitForReadyRead(120000) && python.state() != QProcess::Running)
            fail("python ended: " + err.toStdString() + python.readAll().toStdString());
        err += python.readAll();
        const auto match = waiting.match(QString::fromUtf8(err));
        if (match.hasMatch())
            socketPath = match.captured(1);
    }

    BufferTreeModel model;
    CurrentBuffer current(&model);
    RenderPanel panel(&current);
    panel.setGradient(QStringLiteral("viridis"));
    panel.setPoolMode(render::PoolMode::Mean);
    panel.resize(1300, 950);
    panel.show();
    QCustomPlot *plot = panel.heatmap()->plot();
    std::uint64_t drawn = 0;
    QObject::connect(plot, &QCustomPlot::afterReplot, [&] { drawn = panel.lastResult().generation; });
    auto waitFor = [&](auto &&done) {
        while (!done())
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    };

    LiveLink link(&model);
    LiveExporter *live = nullptr;
    QObject::connect(&link, &LiveLink::shown, [&](const QModelIndex &index) {
        live = dynamic_cast<LiveExporter *>(model.exporter(index));
        current.setIndex(index); // as the window selects a new row
    });
    link.connectTo(socketPath);
    waitFor([&] { return live != nullptr; });
    waitFor([&] { return panel.lastResult().plane != nullptr && !panel.isRendering(); });
    const std::int64_t firstPicture = monotonicNs();

    // Python's line: when show() returned, and NumPy's statistics per slice.
    python.setReadChannel(QProcess::StandardOutput);
    while (!python.canReadLine())
        if (!python.waitForReadyRead(60000))
            fail("no answer from python");
    const QJsonObject answer = QJsonDocument::fromJson(python.readLine()).object();
    const QJsonArray stats = answer.value(QStringLiteral("stats")).toArray();
    const double firstMs = double(firstPicture - answer.value(QStringLiteral("shown_ns")).toInteger()) / 1e6;
    auto check = [&](int z) {
        const auto &plane = panel.lastResult().plane;
        const QJsonArray expected = stats.at(z).toArray();
        if (!panel.lastResult().error.isEmpty())
            fail("slice " + std::to_string(z) + ": " + panel.lastResult().error.toStdString());
        if (float(plane->statistics.min) != float(expected.at(0).toDouble()) ||
            float(plane->statistics.max) != float(expected.at(1).toDouble()) ||
            plane->statistics.finite != expected.at(2).toInteger())
            fail("slice " + std::to_string(z) + ": statistics differ from NumPy's");
    };
    check(0);
    const double slice = double(side) * side * 4;
    std::printf("live (%d, %d, %d) float32 in python pid %lld, %.0f MiB\n", depth, side, side,
                static_cast<long long>(live->object().pid), double(depth) * slice / 1048576.0);
    std::printf("first picture %.1f ms after show() returned in Python (target < 150 ms)\n", firstMs);
    std::printf("bytes read from Python for slice 0 and its histogram: %.3f x the slice\n",
                double(live->reader()->bytesRead()) / slice);

    std::printf("\n%-58s %8s %8s %8s %8s\n", "ms per slice", "min", "median", "p95", "max");
    std::vector<double> shown, complete, readPerSlice;
    for (int z = 1; z < depth; ++z) {
        const std::uint64_t generation = panel.lastResult().generation;
        const std::uint64_t readBefore = live->reader()->bytesRead();
        QElapsedTimer timer;
        timer.start();
        panel.sliceControls()->setIndex(0, z);
        waitFor([&] { return drawn != generation && drawn == panel.lastResult().generation; });
        shown.push_back(since(timer));
        waitFor([&] { return !panel.isRendering(); });
        complete.push_back(since(timer));
        readPerSlice.push_back(double(live->reader()->bytesRead() - readBefore) / slice);
        if (panel.lastKey()->selection.fixed[0] != z)
            fail("the panel does not show slice " + std::to_string(z));
        check(z);
    }
    print("slider moved -> new slice drawn (replot)", summarise(shown));
    print("slider moved -> histogram shown too", summarise(complete));
    const Summary read = summarise(readPerSlice);
    std::printf("bytes read from Python per drawn slice: max %.3f x the slice (target <= 1.1)\n",
                read.max);
    std::printf("checked: statistics of %d slices equal NumPy's\n", depth);
    python.closeWriteChannel();
    python.waitForFinished(30000);
    return read.max <= 1.1 ? 0 : 1;
}
