// SPDX-License-Identifier: GPL-3.0-or-later
// The buffer tree model against the core: rows appear and disappear only when the core
// agrees, and the Exports column follows every export at once.
#include "exporters/memory/memory_exporter.h"
#include "exporters/npy/npy_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "views/view.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace bufferscope;

class BufferTreeModelTest : public QObject
{
    Q_OBJECT

private:
    static int exportsOf(const BufferTreeModel &model, const QModelIndex &index)
    {
        return model.data(index.siblingAtColumn(BufferTreeModel::ExportsColumn)).toInt();
    }

private slots:
    void countsFollowViewsThreeDeep()
    {
        BufferTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto volume = NpyExporter::open(BUFFERSCOPE_SOURCE_DIR "/resources/samples/volume.npy");
        QVERIFY(volume.ok());
        const QModelIndex root = model.addExporter(std::move(volume).value(), QStringLiteral("volume.npy"));
        QCOMPARE(model.data(root.siblingAtColumn(BufferTreeModel::ShapeColumn)).toString(),
                 QStringLiteral("(32, 128, 128)"));
        QCOMPARE(exportsOf(model, root), 0);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto first = model.createView(root, QStringLiteral("[::2]"));
        QVERIFY(first.ok());
        QCOMPARE(exportsOf(model, root), 1);
        QVERIFY(!changed.isEmpty()); // the count changed in the view at once
        auto second = model.createView(*first, QStringLiteral("[5].T"));
        QVERIFY(second.ok());
        auto third = model.createView(*second, QStringLiteral("[10:20, ::-1]"));
        QVERIFY(third.ok());
        QCOMPARE(exportsOf(model, *first), 1);
        QCOMPARE(exportsOf(model, *second), 1);
        QCOMPARE(exportsOf(model, *third), 0);
        QCOMPARE(model.data(third->siblingAtColumn(BufferTreeModel::ShapeColumn)).toString(),
                 QStringLiteral("(10, 128)")); // (32,128,128) -> (16,128,128) -> (128,128) -> (10,128)
        QCOMPARE(model.data(*third, BufferTreeModel::FullExpressionRole).toString(),
                 QStringLiteral("[::2][5].T[10:20, ::-1]"));

        // A view with exports cannot be released; the tree keeps the row.
        const Status refused = model.remove(*second);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().message, std::string("view has 1 exported buffer"));
        QCOMPARE(model.rowCount(*first), 1);

        // Releasing bottom-up gives every export back.
        QVERIFY(model.remove(*third).ok());
        QCOMPARE(exportsOf(model, *second), 0);
        QVERIFY(model.remove(*second).ok());
        QVERIFY(model.remove(*first).ok());
        QCOMPARE(exportsOf(model, root), 0);
        QVERIFY(model.remove(root).ok());
        QCOMPARE(model.rowCount(), 0);
    }

    void refusedStepChangesNothing()
    {
        BufferTreeModel model;
        auto memory = MemoryExporter::create("<i", {3, 4});
        QVERIFY(memory.ok());
        const QModelIndex root = model.addExporter(std::move(memory).value(), QStringLiteral("memory"));
        auto bad = model.createView(root, QStringLiteral("[1].reshape(5)"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().message,
                 std::string("expression: step 2 '.reshape(5)' at column 4: cannot reshape array of "
                             "size 4 into shape (5,)"));
        QCOMPARE(model.rowCount(root), 0);
        QCOMPARE(exportsOf(model, root), 0);
    }

    void exporterWithExportsCannotClose()
    {
        BufferTreeModel model;
        auto memory = MemoryExporter::create("B", {16});
        QVERIFY(memory.ok());
        const QModelIndex root = model.addExporter(std::move(memory).value(), QStringLiteral("memory"));
        QVERIFY(model.createView(root, QStringLiteral("[::2]")).ok());
        QVERIFY(model.createView(root, QStringLiteral("[1:]")).ok());
        const Status refused = model.remove(root);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().message, std::string("memory buffer has 2 exported buffers"));
        QCOMPARE(model.rowCount(), 1);
        auto *exporter = dynamic_cast<MemoryExporter *>(model.exporter(root));
        QVERIFY(exporter);
        QCOMPARE(exporter->resize(8).error().message,
                 std::string("Existing exports of data: object cannot be re-sized"));
    }

    void currentBufferClearsWhenItsRowGoes()
    {
        BufferTreeModel model;
        CurrentBuffer current(&model);
        auto memory = MemoryExporter::create("B", {16});
        QVERIFY(memory.ok());
        const QModelIndex root = model.addExporter(std::move(memory).value(), QStringLiteral("memory"));
        auto view = model.createView(root, QStringLiteral("[::4]"));
        QVERIFY(view.ok());
        QSignalSpy changed(&current, &CurrentBuffer::changed);
        current.setIndex(*view);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(current.source()->descriptor().shape, std::vector<std::int64_t>{4});
        QVERIFY(model.remove(*view).ok());
        QCOMPARE(changed.count(), 2);
        QCOMPARE(current.source(), nullptr);
    }
};

QTEST_MAIN(BufferTreeModelTest)
#include "buffer_tree_model_test.moc"
