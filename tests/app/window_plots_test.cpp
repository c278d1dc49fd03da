// SPDX-License-Identifier: GPL-3.0-or-later
// What people expect of the plots, on the real main window (offscreen): a 1-D view is a
// line graph (its points are NumPy's values, NaN a gap; a long view is a min/max envelope
// holding NumPy's extremes), with a readout under the pointer and wheel zoom; 2-D stays a
// heatmap; side-by-side panes are labelled with their views.
#include "controllers/open_controller.h"
#include "main_window.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "python_oracle.h"
#include "views/line_plot_view.h"
#include "views/render_panel.h"
#include "views/view_builder.h"
#include "window_support.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeView>

#include <cmath>
#include <qcustomplot.h>

using namespace bufferscope;
using testing::kSamples;

class WindowPlotsTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        const auto made = testing::runPython(
            QStringLiteral("import sys, os, numpy as np\n"
                           "os.chdir(sys.argv[1])\n"
                           "a = np.sin(np.linspace(0, 20, 1000)).astype('<f4')\n"
                           "a[500] = np.nan\n"
                           "np.save('wave.npy', a)\n"
                           "b = np.random.default_rng(7).normal(size=300001).astype('>f8')\n"
                           "b[123457] = 40.0\n"
                           "np.save('long.npy', b)\n"),
            {}, {m_dir.path()});
        QVERIFY2(made.ok, qPrintable(made.error));
    }

    void oneDimensionalIsALine()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.openController()->openFiles(
                     {m_dir.filePath("wave.npy"), m_dir.filePath("long.npy"),
                      kSamples + "bigendian.npy"}),
                 3);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *render = window.findChild<RenderPanel *>();
        tree->setCurrentIndex(window.model()->index(0, 0));
        QVERIFY(testing::renderIdle(window));
        QVERIFY(render->showsLine());
        QCPGraph *graph = render->linePlot()->graph();
        QCOMPARE(graph->dataCount(), 1000);
        const auto run = testing::runPython(
            QStringLiteral("import sys, json, numpy as np\n"
                           "a = np.load(sys.argv[1]).astype(float)\n"
                           "print(json.dumps([None if np.isnan(v) else v for v in a]))\n"),
            {}, {m_dir.filePath("wave.npy")});
        const QJsonArray numpy = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(numpy.size(), 1000);
        for (int i = 0; i < 1000; ++i) {
            const double ours = (graph->data()->begin() + i)->value;
            if (numpy[i].isNull())
                QVERIFY2(std::isnan(ours), qPrintable(QString::number(i)));
            else
                QCOMPARE(ours, numpy[i].toDouble());
        }

        // The readout follows the pointer; the wheel zooms the index axis.
        QCustomPlot *plot = render->linePlot()->plot();
        QTest::qWait(50);
        plot->replot();
        const QPoint at(int(plot->xAxis->coordToPixel(250)), plot->axisRect()->center().y());
        QTest::mouseMove(plot, at);
        // Pixels are coarser than elements here: the readout names the element under the
        // pointer (250 give or take one) and NumPy's value of that element.
        QTRY_VERIFY2(render->readout().startsWith(QStringLiteral("[")), "no readout");
        const QString readout = render->readout();
        const int element = readout.section('[', 1).section(']', 0, 0).toInt();
        QVERIFY2(std::abs(element - 250) <= 1, qPrintable(readout));
        QVERIFY2(std::abs(readout.section("= ", 1).toDouble() - numpy[element].toDouble()) < 1e-6,
                 qPrintable(readout));
        const double before = plot->xAxis->range().size();
        QWheelEvent wheel(QPointF(at), plot->mapToGlobal(QPointF(at)), QPoint(), QPoint(0, 120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(plot, &wheel);
        QVERIFY2(plot->xAxis->range().size() < before, "the wheel did not zoom");
        testing::shoot(&window, QStringLiteral("plots-line"));

        // A long view: a min/max envelope that keeps NumPy's extremes.
        tree->setCurrentIndex(window.model()->index(1, 0));
        QVERIFY(testing::renderIdle(window));
        QVERIFY(render->showsLine());
        QVERIFY(graph->dataCount() <= 2 * 8192 && graph->dataCount() > 1000);
        double high = -INFINITY, low = INFINITY;
        for (auto it = graph->data()->begin(); it != graph->data()->end(); ++it) {
            high = std::max(high, it->value);
            low = std::min(low, it->value);
        }
        const auto extremes = testing::runPython(
            QStringLiteral("import sys, json, numpy as np\n"
                           "b = np.load(sys.argv[1])\n"
                           "print(json.dumps([float(b.min()), float(b.max())]))\n"),
            {}, {m_dir.filePath("long.npy")});
        const QJsonArray range = QJsonDocument::fromJson(extremes.out).array();
        // The render core reads values as float32.
        QCOMPARE(float(high), float(range[1].toDouble()));
        QCOMPARE(float(low), float(range[0].toDouble()));

        // 2-D stays a heatmap.
        tree->setCurrentIndex(window.model()->index(2, 0));
        QVERIFY(testing::renderIdle(window));
        QVERIFY(!render->showsLine());
    }

    // Export PNG runs on the worker: the call returns at once, the window says where it
    // wrote, and the file is the full-resolution picture saveImage makes synchronously.
    void exportPngInBackground()
    {
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles({kSamples + "bigendian.npy"}), 1);
        auto *render = window.findChild<RenderPanel *>();
        window.findChild<QTreeView *>(QStringLiteral("bufferTree"))
            ->setCurrentIndex(window.model()->index(0, 0));
        QVERIFY(testing::renderIdle(window));
        QTRY_VERIFY(!render->lastResult().image.isNull());
        QSignalSpy messages(render, &RenderPanel::message);
        const QString path = m_dir.filePath(QStringLiteral("export.png"));
        QVERIFY(render->exportImageTo(path));
        QVERIFY(render->isExporting());
        QVERIFY(!render->exportImageTo(path)); // one at a time
        QTRY_VERIFY(!render->isExporting());
        QCOMPARE(messages.last().at(0).toString(),
                 QStringLiteral("Wrote %1 (128 × 96 pixels)").arg(path));
        QCOMPARE(window.statusBar()->currentMessage(), messages.last().at(0).toString());
        const QString reference = m_dir.filePath(QStringLiteral("reference.png"));
        QVERIFY(render->saveImage(reference));
        // The same pixels (the export writes an opaque picture as RGB, Qt's writer as RGBA).
        QCOMPARE(QImage(path).convertToFormat(QImage::Format_ARGB32),
                 QImage(reference).convertToFormat(QImage::Format_ARGB32));
        QVERIFY(!render->exportImageTo(m_dir.filePath(QStringLiteral("no/such/dir/x.png"))) ||
                QTest::qWaitFor([&] { return !render->isExporting(); }, 20000));
        QVERIFY(messages.last().at(0).toString().startsWith(QStringLiteral("Could not export: ")));
    }

    void sideBySidePanesAreLabelled()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QCOMPARE(window.openController()->openFiles(
                     {kSamples + "bigendian.npy", kSamples + "fortran.npy"}),
                 2);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *render = window.findChild<RenderPanel *>();
        auto *mainLabel = render->findChild<QLabel *>(QStringLiteral("mainPaneLabel"));
        auto *sideLabel = render->findChild<QLabel *>(QStringLiteral("sidePaneLabel"));
        QVERIFY(mainLabel && sideLabel);
        tree->setCurrentIndex(window.model()->index(0, 0));
        QVERIFY(window.findChild<ViewBuilder *>()->createView(QStringLiteral("[::2, ::2]")).ok());
        QVERIFY(!mainLabel->isVisible());
        render->setSideBySide(true);
        render->setSideIndex(window.model()->index(1, 0));
        QVERIFY(testing::renderIdle(window));
        QVERIFY(mainLabel->isVisible() && sideLabel->isVisible());
        QCOMPARE(mainLabel->text(), QStringLiteral("[::2, ::2]"));
        QCOMPARE(sideLabel->text(), QStringLiteral("fortran.npy"));
        QVERIFY2(mainLabel->toolTip().endsWith(QStringLiteral("[::2, ::2]")), qPrintable(mainLabel->toolTip()));
        QTest::qWait(200); // the plots replot on the next turns of the event loop
        testing::shoot(&window, QStringLiteral("plots-side-by-side"));
    }
};

QTEST_MAIN(WindowPlotsTest)
#include "window_plots_test.moc"
