// SPDX-License-Identifier: GPL-3.0-or-later
// Chunked arrays in the real main window (offscreen): the chunk grid overlay (off by default,
// enabled only for chunked planes, in the View menu) tints an absent chunk grey and the
// chunks a render drew green, checked on the plot's pixels against the blend of the colour
// under it; a slow HTTP store (http_server.py's /gated/: metadata 0.2 s a request, chunks held
// until the test releases them, then 0.4 s each) opens without reading a chunk on the GUI
// thread, then shows load progress and a preview while the event loop keeps running; exporting a view of more than 1000
// chunks asks first, a small view goes straight to the file name.
#include "exporters/chunked/chunk_reader.h"
#include "models/chunk_overlay_model.h"
#include "python_oracle.h"
#include "views/chunk_overlay.h"
#include "views/chunk_overlay_controls.h"
#include "views/heatmap_target.h"
#include "views/heatmap_view.h"
#include "views/histogram_view.h"
#include "views/line_plot_view.h"
#include "window_support.h"

#include "controllers/open_controller.h"
#include "models/buffer_tree_model.h"
#include "models/inspector_model.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>

#include <cstring>

using namespace bufferscope;

namespace {

// A Zarr v2 array of little-endian float32 (or uint8), chunks stored raw (no compressor);
// `present(id)` says which chunks are written (the others are absent; only 2-D arrays may
// have written chunks). Element values are their C-order index.
bool writeZarr(const QString &root, std::vector<int> shape, std::vector<int> chunks, bool floats,
               const std::function<bool(int)> &present)
{
    if (!QDir().mkpath(root))
        return false;
    auto list = [](const std::vector<int> &v) {
        QStringList parts;
        for (int n : v)
            parts << QString::number(n);
        return parts.join(QStringLiteral(", "));
    };
    QFile meta(root + QStringLiteral("/.zarray"));
    if (!meta.open(QIODevice::WriteOnly))
        return false;
    meta.write(QStringLiteral(R"({"zarr_format": 2, "shape": [%1], "chunks": [%2], "dtype": "%3",
        "compressor": null, "filters": null, "fill_value": %4, "order": "C"})")
                   .arg(list(shape), list(chunks), floats ? "<f4" : "|u1", floats ? "-10.0" : "0")
                   .toUtf8());
    meta.close();
    const int rows = shape[0], columns = shape[1];
    const int gridColumns = (columns + chunks[1] - 1) / chunks[1];
    const int gridRows = (rows + chunks[0] - 1) / chunks[0];
    for (int gr = 0; gr < gridRows; ++gr)
        for (int gc = 0; gc < gridColumns; ++gc) {
            if (!present(gr * gridColumns + gc))
                continue;
            QByteArray bytes;
            for (int r = 0; r < chunks[0]; ++r)
                for (int c = 0; c < chunks[1]; ++c) {
                    const int value = (gr * chunks[0] + r) * columns + gc * chunks[1] + c;
                    if (floats) {
                        const float f = float(value);
                        bytes.append(reinterpret_cast<const char *>(&f), 4);
                    } else {
                        bytes.append(char(value & 0xff));
                    }
                }
            QFile chunk(root + QStringLiteral("/%1.%2").arg(gr).arg(gc));
            if (!chunk.open(QIODevice::WriteOnly) || chunk.write(bytes) != bytes.size())
                return false;
        }
    return true;
}

QColor blend(QColor under, QColor over, int alpha)
{
    auto mix = [alpha](int a, int b) { return (b * alpha + a * (255 - alpha) + 127) / 255; };
    return QColor(mix(under.red(), over.red()), mix(under.green(), over.green()),
                  mix(under.blue(), over.blue()));
}

bool near(QColor a, QColor b)
{
    return std::abs(a.red() - b.red()) <= 3 && std::abs(a.green() - b.green()) <= 3 &&
           std::abs(a.blue() - b.blue()) <= 3;
}

QImage plotImage(RenderPanel *render)
{
    QCustomPlot *plot = render->heatmap()->plot();
    plot->replot(QCustomPlot::rpImmediateRefresh);
    return plot->grab().toImage();
}

} // namespace

class WindowChunksTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        // 8 x 12 floats in chunks of 4 x 4: a grid of 2 x 3, chunk 1 (rows 0-3, columns 4-7)
        // absent.
        QVERIFY(writeZarr(m_dir.filePath(QStringLiteral("small.zarr")), {8, 12}, {4, 4}, true,
                          [](int id) { return id != 1; }));
        // 48 x 48 in chunks of 8 x 8: 36 chunks, every one stored, served slowly.
        QVERIFY(writeZarr(m_dir.filePath(QStringLiteral("slow.zarr")), {48, 48}, {8, 8}, true,
                          [](int) { return true; }));
        // 4000 floats in chunks of 500, served slowly: a 1-D array is drawn as a line.
        {
            const QString root = m_dir.filePath(QStringLiteral("line.zarr"));
            QVERIFY(QDir().mkpath(root));
            QFile meta(root + QStringLiteral("/.zarray"));
            QVERIFY(meta.open(QIODevice::WriteOnly));
            meta.write(R"({"zarr_format": 2, "shape": [4000], "chunks": [500], "dtype": "<f4",
                "compressor": null, "filters": null, "fill_value": 0.0, "order": "C"})");
            meta.close();
            for (int c = 0; c < 8; ++c) {
                QFile chunk(root + QLatin1Char('/') + QString::number(c));
                QVERIFY(chunk.open(QIODevice::WriteOnly));
                for (int i = 0; i < 500; ++i) {
                    const float value = float(c * 500 + i);
                    chunk.write(reinterpret_cast<const char *>(&value), 4);
                }
            }
        }
        // 4 x 64 x 64 bytes in chunks of 1 x 2 x 2: 4096 chunks, 1024 a plane (none stored:
        // reading them is cheap, but the count of chunks not cached makes the export ask).
        QVERIFY(writeZarr(m_dir.filePath(QStringLiteral("many.zarr")), {4, 64, 64}, {1, 2, 2},
                          false, [](int) { return false; }));
    }

    void overlayShowsChunkStates()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.openController()->openFiles({m_dir.filePath(QStringLiteral("small.zarr")),
                                                     testing::kSamples + "bigendian.npy"}),
                 2);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *render = window.findChild<RenderPanel *>();
        ChunkOverlayControls *chunks = render->chunkControls();
        QAction *action = testing::menuAction(window, QStringLiteral("Chunk &Grid"));
        QCOMPARE(action, chunks->toggleAction());

        // Not a chunked array: the toggle is there but disabled.
        tree->setCurrentIndex(window.model()->index(1, 0));
        QVERIFY(testing::renderIdle(window));
        QVERIFY(!action->isEnabled());

        tree->setCurrentIndex(window.model()->index(0, 0));
        QVERIFY(testing::renderIdle(window));
        QVERIFY(action->isEnabled());
        QVERIFY(!action->isChecked()); // off by default
        QVERIFY(!chunks->legend()->isVisible());
        ChunkOverlayModel *model = chunks->model();
        QVERIFY(model->grid());
        QCOMPARE(model->grid()->shape.rows, Index(8));
        QCOMPARE(model->grid()->shape.columns, Index(12));
        QCOMPARE(model->chunksInView(), (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5}));
        // The render read the whole plane: every stored chunk is cached now, chunk 1 is absent.
        QTRY_COMPARE(model->state(0), ChunkState::Cached);
        for (std::uint64_t id : {2, 3, 4, 5})
            QCOMPARE(model->state(id), ChunkState::Cached);
        QCOMPARE(model->state(1), ChunkState::Absent);
        QCOMPARE(model->chunksDone(), std::size_t(6));
        // The inspector's Storage section: the grid, codecs, fill value, sizes, and the cache
        // state, which follows the loads (refreshed once a second).
        auto *inspector = window.findChild<InspectorModel *>();
        QVERIFY(inspector);
        QCOMPARE(inspector->value(QStringLiteral("Storage"), QStringLiteral("chunk shape")),
                 QStringLiteral("(4, 4)"));
        QCOMPARE(inspector->value(QStringLiteral("Storage"), QStringLiteral("chunk grid")),
                 QStringLiteral("(2, 3), 6 chunks"));
        QCOMPARE(inspector->value(QStringLiteral("Storage"), QStringLiteral("codecs")),
                 QStringLiteral("none"));
        QCOMPARE(inspector->value(QStringLiteral("Storage"), QStringLiteral("fill value")),
                 QStringLiteral("-10.0 (bytes 000020c1)")); // -10.0f little-endian
        QCOMPARE(inspector->value(QStringLiteral("Storage"), QStringLiteral("decoded bytes")),
                 QStringLiteral("384 bytes (0.00 MiB)")); // 8 * 12 * 4
        QTRY_COMPARE_WITH_TIMEOUT(
            inspector->value(QStringLiteral("Storage"), QStringLiteral("chunks loaded")),
            QStringLiteral("6 (5 stored, the rest fill value)"), 5000);
        QVERIFY(inspector->value(QStringLiteral("Storage"), QStringLiteral("chunk cache"))
                    .contains(QStringLiteral(", 6 chunks")));

        // Pixels: the centre of a cell of chunk 1 (row 1, column 5) and of chunk 0 (1, 1), off
        // and on; on, each is the data's colour under the state's tint.
        const QImage off = plotImage(render);
        action->trigger();
        QVERIFY(action->isChecked());
        QVERIFY(chunks->legend()->isVisible());
        // The legend has a row of its own, inside the panel: beside the readout and the
        // non-finite legend it was cut at the panel's usual width.
        auto *readout = render->findChild<QLabel *>(QStringLiteral("renderReadout"));
        QVERIFY(readout);
        const QRect legendBox(chunks->legend()->mapTo(render, QPoint(0, 0)),
                              chunks->legend()->size());
        QVERIFY(legendBox.bottom() < readout->mapTo(render, QPoint(0, 0)).y());
        QVERIFY2(legendBox.right() < render->width(),
                 qPrintable(QStringLiteral("legend ends at %1 px, the panel at %2")
                                .arg(legendBox.right())
                                .arg(render->width())));
        const QImage on = plotImage(render);
        for (auto [row, column, state] : {std::tuple{Index(1), Index(5), ChunkState::Absent},
                                          std::tuple{Index(1), Index(1), ChunkState::Cached}}) {
            const int alpha = chunkStateAlpha(state);
            const QPointF centre = render->heatmap()->cellCentre({row, column});
            const QPoint at(int(centre.x()), int(centre.y()));
            const QColor expected = blend(off.pixelColor(at), chunkStateColour(state), alpha);
            QVERIFY2(near(on.pixelColor(at), expected),
                     qPrintable(QStringLiteral("cell (%1, %2): %3 on, %4 expected")
                                    .arg(row)
                                    .arg(column)
                                    .arg(on.pixelColor(at).name(), expected.name())));
        }
        // Grid lines: the boundary between columns 3 and 4 is drawn, inside a chunk nothing.
        const QRectF chunk0 = chunks->overlay()->chunkRect(0, 0);
        QCOMPARE(chunk0, chunks->overlay()->chunkRect(3, 3));
        QVERIFY(chunk0 != chunks->overlay()->chunkRect(0, 4));
        testing::shoot(&window, QStringLiteral("chunk-overlay"));
        action->trigger();
        QVERIFY(!chunks->legend()->isVisible());
        QVERIFY(near(
            plotImage(render).pixelColor(QPoint(int(render->heatmap()->cellCentre({1, 5}).x()),
                                                int(render->heatmap()->cellCentre({1, 5}).y()))),
            off.pixelColor(QPoint(int(render->heatmap()->cellCentre({1, 5}).x()),
                                  int(render->heatmap()->cellCentre({1, 5}).y())))));
    }

    // Opens `store` from the gated server. Its chunk requests are held until released, so a
    // chunk read on the GUI thread would keep openFiles waiting for the server's minute; the
    // metadata (two or three requests at 0.2 s) takes about a second even in a sanitizer build.
    static bool opensWithoutReadingChunks(MainWindow &window, int port, const QString &store)
    {
        QElapsedTimer opening;
        opening.start();
        const int opened = window.openController()->openFiles(
            {QStringLiteral("http://127.0.0.1:%1/gated/%2").arg(port).arg(store)});
        qInfo("opening %s (chunks held): %lld ms", qPrintable(store), opening.elapsed());
        return opened == 1 && opening.elapsed() < 30000;
    }

    static void release(QProcess &server, const QString &store)
    {
        server.write(QStringLiteral("release %1\n").arg(store).toUtf8());
        server.waitForBytesWritten(5000);
    }

    void progressWhileAStoreIsSlow()
    {
        QProcess server;
        server.setProgram(QStringLiteral(BUFFERSCOPE_PYTHON));
        server.setArguments(
            {QStringLiteral(BUFFERSCOPE_SOURCE_DIR "/tests/chunked/http_server.py"), m_dir.path()});
        server.start();
        QVERIFY(server.waitForStarted());
        QVERIFY(server.waitForReadyRead(20000));
        const int port = server.readLine().trimmed().toInt();
        QVERIFY(port > 0);

        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // Opening reads the metadata only; selecting the new row inside it starts the panels,
        // which must not read chunks there.
        // Released at the latest when the test leaves, even on a failure: held requests would
        // keep the window's loader threads waiting for the server's minute.
        const auto releaseOnExit =
            qScopeGuard([&server] { release(server, QStringLiteral("slow.zarr")); });
        QVERIFY(opensWithoutReadingChunks(window, port, QStringLiteral("slow.zarr")));
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *render = window.findChild<RenderPanel *>();
        ChunkOverlayControls *chunks = render->chunkControls();
        auto *busy = render->findChild<QProgressBar *>(QStringLiteral("renderBusy"));
        QVERIFY(busy);

        // While every chunk is held, what the panel says: the chunk count (one indicator, not
        // the plain busy bar beside it, and clear of the top row's controls), "Reading the
        // data…" in place of the picture, no range lines on the empty histogram.
        QTRY_VERIFY_WITH_TIMEOUT(chunks->progress()->isVisible(), 5000);
        QCOMPARE(chunks->progress()->value(), 0);
        QVERIFY(!busy->isVisible());
        const auto boxIn = [render](const QWidget *widget) {
            return QRect(widget->mapTo(render, QPoint(0, 0)), widget->size());
        };
        for (const QWidget *control :
             {static_cast<const QWidget *>(chunks->toggle()),
              static_cast<const QWidget *>(
                  render->findChild<QCheckBox *>(QStringLiteral("markNonFiniteCheck")))}) {
            QVERIFY(control);
            QVERIFY2(!boxIn(chunks->progress()).intersects(boxIn(control)),
                     qPrintable(control->objectName()));
        }
        auto *message = render->heatmap()->findChild<QLabel *>(QStringLiteral("heatmapMessage"));
        QVERIFY(message && message->isVisible());
        QCOMPARE(message->text(), QStringLiteral("Reading the data…"));
        const auto rangeLines = render->histogram()->findChildren<QCPItemStraightLine *>();
        QCOMPARE(rangeLines.size(), 2);
        for (const QCPItemStraightLine *line : rangeLines)
            QVERIFY(!line->visible());
        release(server, QStringLiteral("slow.zarr"));

        // The event loop's pulse while the chunks load: a 20 ms timer, its longest gap; what
        // the panel shows meanwhile.
        QElapsedTimer clock;
        qint64 last = 0, longest = 0;
        int ticks = 0, maximum = 0;
        bool progressSeen = false, previewSeen = false, bothBarsSeen = false;
        QTimer pulse;
        pulse.setInterval(20);
        connect(&pulse, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            longest = std::max(longest, now - last);
            last = now;
            ++ticks;
            if (chunks->progress()->isVisible()) {
                progressSeen = true;
                maximum = chunks->progress()->maximum();
                bothBarsSeen = bothBarsSeen || busy->isVisible();
            }
            previewSeen = previewSeen || chunks->overlay()->showsPlaceholders();
        });
        clock.start();
        pulse.start();
        tree->setCurrentIndex(window.model()->index(0, 0));
        QVERIFY(testing::renderIdle(window));
        pulse.stop();
        const qint64 took = clock.elapsed();
        qInfo("36 chunks at 0.4 s a request: %lld ms, %d ticks, longest gap %lld ms", took, ticks,
              longest);
        QVERIFY2(render->lastResult().error.isEmpty(), qPrintable(render->lastResult().error));
        QVERIFY2(took > 1000, "the store was not slow: the test measures nothing");
        QVERIFY(progressSeen);
        QVERIFY(!bothBarsSeen);
        QCOMPARE(maximum, 36);
        QVERIFY(!message->isVisible()); // the picture replaced it
        for (const QCPItemStraightLine *line : rangeLines)
            QVERIFY(line->visible());
        QVERIFY(!chunks->progress()->isVisible());
        // A chunk request takes 400 ms: a read on the GUI thread, even of one chunk, stalls the
        // loop at least that long (the value table's used to stall it for the whole load).
        QVERIFY2(longest < 390,
                 qPrintable(QStringLiteral("the event loop stalled %1 ms").arg(longest)));
        QVERIFY(previewSeen);
        QVERIFY(!chunks->overlay()->showsPlaceholders()); // the final picture replaced the preview
        QCOMPARE(chunks->model()->chunksDone(), std::size_t(36));

        // A 1-D array's line is read on the GUI thread (lineSeries): its 8 chunks load off it
        // first, the one-row heatmap shows meanwhile, then the line with every value.
        const auto releaseLineOnExit =
            qScopeGuard([&server] { release(server, QStringLiteral("line.zarr")); });
        QVERIFY(opensWithoutReadingChunks(window, port, QStringLiteral("line.zarr")));
        release(server, QStringLiteral("line.zarr"));
        clock.restart();
        last = longest = 0;
        pulse.start();
        QVERIFY(QTest::qWaitFor([render] { return render->showsLine(); }, 20000));
        QVERIFY(testing::renderIdle(window));
        pulse.stop();
        qInfo("a line of 8 chunks at 0.4 s a request: %lld ms, longest gap %lld ms",
              clock.elapsed(), longest);
        QVERIFY2(longest < 390,
                 qPrintable(QStringLiteral("the event loop stalled %1 ms").arg(longest)));
        QCPGraph *graph = render->linePlot()->graph();
        QCOMPARE(graph->dataCount(), 4000);
        QCOMPARE((graph->data()->begin() + 3999)->value, 3999.0);
        window.close();
        server.kill();
        server.waitForFinished();
    }

    void costDialogForLargeReads()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.openController()->openFiles({m_dir.filePath(QStringLiteral("many.zarr")),
                                                     m_dir.filePath(QStringLiteral("small.zarr"))}),
                 2);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        QAction *npy = testing::menuAction(window, QStringLiteral("Export Data as .&npy…"));
        QVERIFY(npy);

        // Every modal dialog the action opens is logged and rejected.
        QStringList seen;
        QTimer dialogs;
        connect(&dialogs, &QTimer::timeout, this, [&seen] {
            QWidget *modal = QApplication::activeModalWidget();
            if (auto *box = qobject_cast<QMessageBox *>(modal)) {
                seen << box->objectName() + QLatin1Char('|') + box->text();
                box->reject();
            } else if (auto *file = qobject_cast<QFileDialog *>(modal)) {
                seen << QStringLiteral("file name");
                file->reject();
            }
        });
        dialogs.start(10);

        // 4096 chunks, 3072 of them not cached after plane 0 was drawn: the cost comes
        // first; cancelling it asks for no file name.
        tree->setCurrentIndex(window.model()->index(0, 0));
        QVERIFY(testing::renderIdle(window));
        npy->trigger();
        QCOMPARE(seen.size(), 1);
        QVERIFY2(seen[0].startsWith(
                     QStringLiteral("readCostDialog|Exporting this view as .npy reads %1 chunks")
                         .arg(QLocale().toString(4096))),
                 qPrintable(seen[0]));
        QVERIFY(seen[0].contains(QStringLiteral("Decoded size:")));

        // 6 chunks: straight to the file name.
        seen.clear();
        tree->setCurrentIndex(window.model()->index(1, 0));
        QVERIFY(testing::renderIdle(window));
        npy->trigger();
        QCOMPARE(seen, QStringList{QStringLiteral("file name")});
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(WindowChunksTest)
#include "window_chunks_test.moc"
