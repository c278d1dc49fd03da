// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the assembled main window as a user would (offscreen): open the samples, build a
// view chain three deep through the view builder, watch the counts, read the inspector and
// the rendered colours, try the refused actions, export a descriptor and load it back. Then
// a monkey test: random actions on the real window, the tree's counts checked against the
// core after each.
#include "controllers/buffer_controller.h"
#include "controllers/export_controller.h"
#include "controllers/open_controller.h"
#include "descriptors/descriptor_json.h"
#include "descriptors/load_descriptor.h"
#include "image/image_opener.h"
#include "main_window.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "models/inspector_model.h"
#include "views/inspector_view.h"
#include "views/render_panel.h"
#include "views/view.h"
#include "views/view_builder.h"

#include <QFile>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <random>

using namespace bufferscope;

namespace {

const QString kSamples = QStringLiteral(BUFFERSCOPE_SOURCE_DIR "/resources/samples/");

int exportsShown(const BufferTreeModel &model, const QModelIndex &index)
{
    return model.data(index.siblingAtColumn(BufferTreeModel::ExportsColumn)).toInt();
}

// Every row's Exports cell must equal the core's count and the number of live child views.
void checkCounts(const BufferTreeModel &model, const QModelIndex &parent, int &rows)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        ++rows;
        BufferSource *source = model.source(index);
        QVERIFY(source);
        QCOMPARE(exportsShown(model, index), source->exports());
        QCOMPARE(source->exports(), model.rowCount(index));
        checkCounts(model, index, rows);
        if (QTest::currentTestFailed())
            return;
    }
}

// The render panel holds one export on the shown buffer while a worker reads it (so a close
// during a render is refused, as it must be); the checks below wait for it to finish.
bool renderIdle(const MainWindow &window)
{
    auto *render = window.findChild<RenderPanel *>();
    return QTest::qWaitFor([render] { return !render->isRendering(); }, 20000);
}

} // namespace

class MainWindowTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { registerImageOpener(); }

    void userSessionOnTheSamples()
    {
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles(
                     {kSamples + "volume.npy", kSamples + "records.npy", kSamples + "bigendian.npy",
                      kSamples + "fortran.npy", kSamples + "testcard.png"}),
                 5);
        BufferTreeModel *model = window.model();
        QCOMPARE(model->rowCount(), 5);

        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *builder = window.findChild<ViewBuilder *>();
        auto *buffers = window.findChild<BufferController *>();
        auto *exporter = window.findChild<ExportController *>();
        auto *render = window.findChild<RenderPanel *>();
        auto *inspector = window.findChild<InspectorView *>();
        QVERIFY(tree && builder && buffers && exporter && render && inspector);

        // A chain three deep on the volume, each step typed into the builder.
        const QModelIndex volume = model->index(0, 0);
        tree->setCurrentIndex(volume);
        auto first = builder->createView(QStringLiteral("[::2]"));
        QVERIFY(first.ok());
        tree->setCurrentIndex(*first);
        auto second = builder->createView(QStringLiteral("[5]"));
        QVERIFY(second.ok());
        tree->setCurrentIndex(*second);
        auto third = builder->createView(QStringLiteral("[10:90, ::-1]"));
        QVERIFY(third.ok());
        QCOMPARE(exportsShown(*model, volume), 1);
        QCOMPARE(exportsShown(*model, *first), 1);
        QCOMPARE(exportsShown(*model, *second), 1);
        QCOMPARE(exportsShown(*model, *third), 0);

        // The inspector shows the selected view's layout: volume[::2][5][10:90, ::-1] is
        // (80, 128) with strides (512, -4), as NumPy says for the same chain.
        tree->setCurrentIndex(*third);
        QCOMPARE(window.current()->source(), model->source(*third));
        QCOMPARE(inspector->model()->value(QStringLiteral("Layout"), QStringLiteral("shape")),
                 QStringLiteral("(80, 128)"));
        QCOMPARE(inspector->model()->value(QStringLiteral("Layout"), QStringLiteral("strides")),
                 QStringLiteral("(512, -4)"));

        // The heatmap renders the 2-D slice: not blank, the colour scale spans its values.
        QTRY_VERIFY_WITH_TIMEOUT(!render->isRendering() && !render->lastResult().image.isNull(), 10000);
        const QImage image = render->lastResult().image;
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, "the heatmap is (nearly) one colour");

        // Refused: releasing the middle view, closing the exporter. Nothing changes.
        tree->setCurrentIndex(*second);
        QVERIFY(renderIdle(window));
        const Status refused = buffers->removeCurrent();
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().message, std::string("view has 1 exported buffer"));
        QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("view has 1 exported buffer"));
        tree->setCurrentIndex(volume);
        QVERIFY(renderIdle(window));
        QCOMPARE(buffers->removeCurrent().error().message, std::string("npy file has 1 exported buffer"));
        QCOMPARE(model->rowCount(*second), 1);

        // Export the deepest view's descriptor and load it back, as bufferscope-cli load does.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("view.json"));
        tree->setCurrentIndex(*third);
        QVERIFY(exporter->saveText(ExportController::TextKind::DescriptorJson, path).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        auto json = parseDescriptorText(file.readAll().toStdString());
        QVERIFY(json.ok());
        auto loaded = loadDescriptor(*json);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
        QCOMPARE(loaded->view->descriptor().shape, model->source(*third)->descriptor().shape);
        QCOMPARE(loaded->view->descriptor().strides, model->source(*third)->descriptor().strides);
        QVERIFY(loaded->view->release().ok());

        // Releasing bottom-up brings every count back to zero.
        for (const QModelIndex &index : {*third, *second, *first}) {
            tree->setCurrentIndex(index);
            QVERIFY(renderIdle(window));
            QVERIFY(buffers->removeCurrent().ok());
        }
        QCOMPARE(exportsShown(*model, volume), 0);

        // The image sample renders as an image: pixel (x, y) is the PNG's pixel.
        tree->setCurrentIndex(model->index(4, 0));
        QTRY_VERIFY_WITH_TIMEOUT(!render->isRendering() && !render->lastResult().image.isNull(), 10000);
        const QImage shown = render->lastResult().image.convertToFormat(QImage::Format_RGB32);
        const QImage png = QImage(kSamples + "testcard.png").convertToFormat(QImage::Format_RGB32);
        QCOMPARE(shown.size(), png.size());
        for (const QPoint p : {QPoint(0, 0), QPoint(110, 60), QPoint(159, 119), QPoint(20, 100)})
            QCOMPARE(shown.pixel(p), png.pixel(p));
    }

    // Random actions on the real window; after each one the tree's counts equal the core's
    // and the number of live child views, and a refused action changed nothing.
    void monkey()
    {
        const unsigned seed = 20261125;
        qInfo("monkey seed %u", seed);
        std::mt19937 rng(seed);
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles({kSamples + "volume.npy", kSamples + "records.npy",
                                                     kSamples + "testcard.png"}),
                 3);
        BufferTreeModel *model = window.model();
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *builder = window.findChild<ViewBuilder *>();
        auto *buffers = window.findChild<BufferController *>();
        QVERIFY(tree && builder && buffers);
        const QStringList expressions = {"[::2]", "[1:]", "[0]", ".T", "[..., None]", "[::-1]",
                                         ".reshape(-1)", "['id']", "[5:1:-1]", ".swapaxes(0, -1)",
                                         "[99]", ".cast('B')", "[:, 1]", "[1:3, ::3]"};
        int created = 0, released = 0, refused = 0;
        for (int step = 0; step < 400; ++step) {
            // Pick a random row anywhere in the tree.
            QList<QModelIndex> rows;
            std::function<void(const QModelIndex &)> collect = [&](const QModelIndex &parent) {
                for (int r = 0; r < model->rowCount(parent); ++r) {
                    const QModelIndex child = model->index(r, 0, parent); // a copy: rows grows
                    rows << child;
                    collect(child);
                }
            };
            collect({});
            if (rows.isEmpty())
                break;
            const QModelIndex target = rows[int(rng() % rows.size())];
            tree->setCurrentIndex(target);
            QVERIFY(renderIdle(window));
            const bool isView = model->view(target) != nullptr;
            const int before = model->rowCount(target);
            if (rng() % 3 != 0 || !isView) {
                const QString expression = expressions[int(rng() % expressions.size())];
                if (builder->createView(expression).ok())
                    ++created;
                else
                    QCOMPARE(model->rowCount(target), before); // a refusal adds nothing
            } else {
                const int exports = model->source(target)->exports();
                if (buffers->removeCurrent().ok()) {
                    ++released;
                    QCOMPARE(exports, 0);
                } else {
                    ++refused;
                    QVERIFY(exports > 0);
                    QCOMPARE(model->rowCount(target), before);
                }
            }
            QVERIFY(renderIdle(window));
            int counted = 0;
            checkCounts(*model, {}, counted);
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QStringLiteral("seed %1, step %2").arg(seed).arg(step)));
        }
        qInfo("monkey: %d views created, %d released, %d releases refused", created, released, refused);
        QVERIFY(created > 50 && released > 10 && refused > 5);
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
