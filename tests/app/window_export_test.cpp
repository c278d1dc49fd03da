// SPDX-License-Identifier: GPL-3.0-or-later
// Exports and imports on the real main window (offscreen): Export PNG runs in the background
// with a percentage beside the button and then says where it wrote (status bar and message
// bar, full path); Import descriptor adds the source under its file name with one view named
// by the view's expression.
#include "controllers/create_controller.h"
#include "controllers/export_controller.h"
#include "controllers/open_controller.h"
#include "main_window.h"
#include "models/buffer_tree_model.h"
#include "views/message_bar.h"
#include "views/render_panel.h"
#include "views/view_builder.h"
#include "window_support.h"

#include <QDir>
#include <QImageReader>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTreeView>

#include <algorithm>

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
        QVERIFY(testing::renderIdle(window));

        QTemporaryDir dir;
        // A relative name: the messages give the full path it became.
        const QString previous = QDir::currentPath();
        QDir::setCurrent(dir.path());
        QSignalSpy values(progress, &QProgressBar::valueChanged);
        QVERIFY(render->exportImageTo(QStringLiteral("plane.png")));
        QDir::setCurrent(previous);
        QVERIFY(render->isExporting());
        QVERIFY(progress->isVisible());
        QVERIFY(
            !render->exportImageTo(dir.filePath(QStringLiteral("second.png")))); // one at a time
        QTRY_VERIFY_WITH_TIMEOUT(!render->isExporting(), 60000);
        QVERIFY(!progress->isVisible());

        QList<int> seen;
        for (const auto &call : values)
            seen << call.at(0).toInt();
        QVERIFY2(seen.size() >= 10, qPrintable(QString::number(seen.size())));
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.last(), 99); // every row read; colouring and encoding follow
        qInfo("export progress: %d steps seen, %d ... %d %%", int(seen.size()), seen.first(),
              seen.last());

        const QString path = QDir(dir.path()).absoluteFilePath(QStringLiteral("plane.png"));
        QImageReader reader(path);
        QCOMPARE(reader.format(), QByteArray("png"));
        QCOMPARE(reader.size(), QSize(700, 3000));
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
