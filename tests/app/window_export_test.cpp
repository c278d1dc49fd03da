// SPDX-License-Identifier: GPL-3.0-or-later
// Exports and imports on the real main window (offscreen): Export PNG runs in the background
// with a percentage beside the button (rows read, then PNG rows written) and then says where
// it wrote (status bar and message bar, full path), in a file libpng reads; Import descriptor adds
// the source under its file name with one view named by the view's expression.
#include "controllers/create_controller.h"
#include "controllers/export_controller.h"
#include "controllers/open_controller.h"
#include "main_window.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "views/message_bar.h"
#include "views/render_panel.h"
#include "views/view_builder.h"
#include "window_support.h"

#include <QDir>
#include <QImageReader>
#include <QProgressBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTreeView>

#include <algorithm>
#include <cmath>

using namespace bufferscope;
using testing::kSamples;

class WindowExportTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void pngExportShowsProgressAndWhere()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *render = window.findChild<RenderPanel *>();
        auto *bar = window.findChild<MessageBar *>();
        auto *progress = window.findChild<QProgressBar *>(QStringLiteral("exportProgress"));
        QVERIFY(progress && !progress->isVisible());
        // 3000 rows: enough for many steps of the percentage.
        auto memory =
            window.findChild<CreateController *>()->newMemory(QStringLiteral("<f4"), {3000, 700});
        QVERIFY(memory.ok());
        tree->setCurrentIndex(*memory);
        // A picture with something in it: waves, and a NaN row (its own colour).
        const Descriptor &d = window.model()->source(*memory)->descriptor();
        auto *cells = reinterpret_cast<float *>(d.buf);
        for (int r = 0; r < 3000; ++r)
            for (int c = 0; c < 700; ++c)
                cells[r * 700 + c] =
                    r == 1234 ? NAN : float(std::sin(r * 0.01) * std::cos(c * 0.03));
        window.current()->reportBytesWritten();
        QVERIFY(testing::renderIdle(window));

        QTemporaryDir dir;
        // A relative name: the messages give the full path it became.
        const QString previous = QDir::currentPath();
        QDir::setCurrent(dir.path());
        // Each value the bar shows, with the stage its text names.
        QList<QPair<QString, int>> seen;
        QStringList cut; // texts wider than the bar (they wrapped onto two lines)
        connect(progress, &QProgressBar::valueChanged, this, [&seen, &cut, progress](int value) {
            seen << qMakePair(progress->format().section(' ', 0, 0), value);
            if (progress->fontMetrics().horizontalAdvance(progress->text()) + 8 > progress->width())
                cut << progress->text();
        });
        QVERIFY(render->exportImageTo(QStringLiteral("plane.png")));
        QDir::setCurrent(previous);
        QVERIFY(render->isExporting());
        QVERIFY(progress->isVisible());
        QVERIFY(
            !render->exportImageTo(dir.filePath(QStringLiteral("second.png")))); // one at a time
        QTRY_VERIFY_WITH_TIMEOUT(!render->isExporting(), 60000);
        QVERIFY(!progress->isVisible());

        // Rows read, then rows written as PNG: each stage climbs to 100 %, in order.
        QList<int> reading, writing;
        for (const auto &[stage, value] : seen)
            (stage == QLatin1String("Reading") ? reading : writing) << value;
        QVERIFY2(
            !reading.isEmpty() && writing.size() >= 20,
            qPrintable(
                QStringLiteral("%1 reading, %2 writing").arg(reading.size()).arg(writing.size())));
        QVERIFY(std::is_sorted(reading.begin(), reading.end()));
        QVERIFY(std::is_sorted(writing.begin(), writing.end()));
        QCOMPARE(reading.last(), 100);
        QCOMPARE(writing.last(), 100);
        const int firstWriting =
            int(std::find_if(seen.begin(), seen.end(),
                             [](const auto &s) { return s.first != QLatin1String("Reading"); }) -
                seen.begin());
        QCOMPARE(firstWriting, reading.size()); // no reading value after writing began
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join(", ")));
        qInfo("export progress: %d reading steps, %d writing steps", int(reading.size()),
              int(writing.size()));

        const QString path = QDir(dir.path()).absoluteFilePath(QStringLiteral("plane.png"));
        QImageReader reader(path);
        QCOMPARE(reader.format(), QByteArray("png"));
        QCOMPARE(reader.size(), QSize(700, 3000));
        // The same pixels as Qt's own PNG writer gives for the picture (saveImage).
        const QString reference = dir.filePath(QStringLiteral("reference.png"));
        QVERIFY(render->saveImage(reference));
        QCOMPARE(QImage(path).convertToFormat(QImage::Format_ARGB32),
                 QImage(reference).convertToFormat(QImage::Format_ARGB32));
        const QString said = QStringLiteral("Wrote %1 (700 × 3000 pixels)").arg(path);
        QCOMPARE(window.statusBar()->currentMessage(), said);
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->kind(), MessageBar::Kind::Notice);
        QCOMPARE(bar->text(), said);
        testing::shoot(&window, QStringLiteral("export-png-written"));
    }

    void importNamesTheViewByItsExpression_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::addColumn<QStringList>("chain");
        QTest::addColumn<QString>("viewName");
        QTest::newRow("one step") << "volume.npy" << QStringList{"[::2, 10:500]"}
                                  << "[::2, 10:500]";
        QTest::newRow("a chain") << "volume.npy" << QStringList{"[1]", ".T"} << "[1].T";
        QTest::newRow("record field") << "records.npy" << QStringList{"['id']"} << "['id']";
        QTest::newRow("exporter") << "volume.npy" << QStringList{} << "";
    }

    void importNamesTheViewByItsExpression()
    {
        QFETCH(QString, sample);
        QFETCH(QStringList, chain);
        QFETCH(QString, viewName);
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles({kSamples + sample}), 1);
        BufferTreeModel *model = window.model();
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *builder = window.findChild<ViewBuilder *>();
        QModelIndex at = model->index(0, 0);
        for (const QString &step : chain) {
            tree->setCurrentIndex(at);
            auto view = builder->createView(step);
            QVERIFY2(view.ok(), qPrintable(step));
            at = *view;
        }
        tree->setCurrentIndex(at);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("saved view.json"));
        auto *exports = window.findChild<ExportController *>();
        QVERIFY(exports->saveText(ExportController::TextKind::DescriptorJson, path).ok());
        auto imported = exports->importDescriptor(path);
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
        const QModelIndex root = model->index(model->rowCount() - 1, 0);
        QCOMPARE(root.data().toString(), sample); // the source's file name
        if (viewName.isEmpty()) {
            QCOMPARE(*imported, root);
            QCOMPARE(model->rowCount(root), 0);
            return;
        }
        QCOMPARE(model->rowCount(root), 1);
        const QModelIndex view = model->index(0, 0, root);
        QCOMPARE(*imported, view);
        QCOMPARE(view.data().toString(), viewName);
        QCOMPARE(view.data(BufferTreeModel::FullExpressionRole).toString(), viewName);
        QCOMPARE(tree->currentIndex(), view); // the tree goes to what was imported
        testing::shoot(&window, QStringLiteral("import-descriptor"));
    }
};

QTEST_MAIN(WindowExportTest)
#include "window_export_test.moc"
