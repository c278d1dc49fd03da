// SPDX-License-Identifier: GPL-3.0-or-later
// Release / close / resize / reshape through BufferController: refusals show the core's exact
// text and change nothing (tree, counts, bytes, undo stack); accepted changes undo and redo.
#include "controllers/buffer_controller.h"
#include "controllers/create_controller.h"
#include "exporters/memory/memory_exporter.h"
#include "exporters/npy/npy_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "models/undo_commands.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include <numeric>

using namespace bufferscope;

namespace {

struct Fixture
{
    BufferTreeModel model;
    CurrentBuffer current{&model};
    BufferController controller{&current};
    CreateController create{&model};
    BufferHistory *history = BufferHistory::of(&model);
    QSignalSpy messages{&controller, &BufferController::message};

    int exports(const QModelIndex &index) const
    {
        return model.data(index, BufferTreeModel::ExportsRole).toInt();
    }
    QString shape(const QModelIndex &index) const
    {
        return model.data(index.siblingAtColumn(BufferTreeModel::ShapeColumn)).toString();
    }
    QString lastMessage() const
    {
        return messages.isEmpty() ? QString() : messages.last().first().toString();
    }
    std::vector<std::byte> bytes(const QModelIndex &index) const
    {
        auto data = model.exporter(index)->data();
        return {data.begin(), data.end()};
    }
};

// Fills a memory buffer with 0, 1, 2, ... so lost or moved bytes show.
void fillPattern(Exporter *exporter)
{
    auto data = exporter->data();
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = std::byte(i & 0xff);
}

} // namespace

class BufferActionsTest : public QObject
{
    Q_OBJECT

private slots:
    void refusalsChangeNothing()
    {
        Fixture f;
        auto root = f.create.newMemory(QStringLiteral("<i"), {4, 6});
        QVERIFY(root.ok());
        fillPattern(f.model.exporter(*root));
        const auto before = f.bytes(*root);
        auto view = f.history->createView(*root, QStringLiteral("[1:3]"));
        QVERIFY(view.ok());
        auto child = f.history->createView(*view, QStringLiteral("[0]"));
        QVERIFY(child.ok());
        const int commands = f.history->undoStack()->count();

        // Close the exporter: it has a view.
        f.current.setIndex(*root);
        QCOMPARE(f.controller.removeAction()->text(), QStringLiteral("&Close Exporter"));
        f.controller.removeAction()->trigger();
        QCOMPARE(f.lastMessage(), QStringLiteral("memory buffer has 1 exported buffer"));
        // Resize: bytearray's own refusal.
        const Status resized = f.controller.resizeCurrent(48);
        QVERIFY(!resized.ok());
        QCOMPARE(f.lastMessage(),
                 QStringLiteral("Existing exports of data: object cannot be re-sized"));
        QCOMPARE(f.shape(*root), QStringLiteral("(4, 6)"));
        // Release the middle view: its child holds an export.
        f.current.setIndex(*view);
        QCOMPARE(f.controller.removeAction()->text(), QStringLiteral("&Release View"));
        QVERIFY(!f.controller.resizeAction()->isEnabled());
        QVERIFY(!f.controller.removeCurrent().ok());
        QCOMPARE(f.lastMessage(), QStringLiteral("view has 1 exported buffer"));
        // Resizing a view or a .npy file is not possible at all.
        QVERIFY(!f.controller.resizeCurrent(8).ok());
        QCOMPARE(f.lastMessage(), QStringLiteral("resize: only a memory buffer can be resized"));

        QCOMPARE(f.messages.count(), 4);
        QCOMPARE(f.model.rowCount(), 1);
        QCOMPARE(f.model.rowCount(*root), 1);
        QCOMPARE(f.model.rowCount(*view), 1);
        QCOMPARE(f.exports(*root), 1);
        QCOMPARE(f.exports(*view), 1);
        QCOMPARE(f.exports(*child), 0);
        QVERIFY(f.bytes(*root) == before);
        QCOMPARE(f.history->undoStack()->count(), commands);
    }

    void resizeAndReshapeUndo()
    {
        Fixture f;
        auto root = f.create.newMemory(QStringLiteral("<h"), {3, 4});
        QVERIFY(root.ok());
        fillPattern(f.model.exporter(*root));
        const auto before = f.bytes(*root);
        f.current.setIndex(*root);
        QVERIFY(f.controller.resizeAction()->isEnabled());

        // Shrink to 10 bytes: 1-D (5,) as the exporter's size rule says; undo brings back the
        // cut-off bytes and the old shape.
        QVERIFY(f.controller.resizeCurrent(10).ok());
        QCOMPARE(f.lastMessage(), QStringLiteral("Resized to 10 bytes"));
        QCOMPARE(f.shape(*root), QStringLiteral("(5,)"));
        QVERIFY(f.history->undo().ok());
        QCOMPARE(f.shape(*root), QStringLiteral("(3, 4)"));
        QVERIFY(f.bytes(*root) == before);
        QVERIFY(f.history->redo().ok());
        QCOMPARE(f.model.exporter(*root)->data().size(), std::size_t(10));
        QVERIFY(f.history->undo().ok());

        // Not a multiple of the itemsize: the core refuses, nothing is pushed.
        const int commands = f.history->undoStack()->count();
        QVERIFY(!f.controller.resizeCurrent(7).ok());
        QCOMPARE(f.history->undoStack()->count(), commands);

        // Reshape is metadata only and allowed while a view holds an export.
        auto view = f.history->createView(*root, QStringLiteral("[0]"));
        QVERIFY(view.ok());
        f.current.setIndex(*root);
        QVERIFY(f.controller.reshapeCurrent({2, 6}).ok());
        QCOMPARE(f.shape(*root), QStringLiteral("(2, 6)"));
        QCOMPARE(f.shape(*view), QStringLiteral("(4,)")); // the view keeps its copy
        QVERIFY(!f.controller.reshapeCurrent({5, 5}).ok());
        QCOMPARE(f.shape(*root), QStringLiteral("(2, 6)"));
        QVERIFY(f.history->undo().ok());
        QCOMPARE(f.shape(*root), QStringLiteral("(3, 4)"));
    }

    // Issue 16: resizing to the current size moves no byte, so it is allowed while a view
    // holds an export (bytearray returns early); the shape becomes 1-D, undo restores it.
    void resizeToCurrentSizeWhileExported()
    {
        Fixture f;
        auto root = f.create.newMemory(QStringLiteral("<h"), {3, 4});
        QVERIFY(root.ok());
        fillPattern(f.model.exporter(*root));
        const auto before = f.bytes(*root);
        const std::byte *const start = f.model.exporter(*root)->data().data();
        auto view = f.history->createView(*root, QStringLiteral("[0]"));
        QVERIFY(view.ok());
        f.current.setIndex(*root);
        QVERIFY(f.controller.resizeAction()->isEnabled());
        const int commands = f.history->undoStack()->count();

        QVERIFY(f.controller.resizeCurrent(24).ok());
        QCOMPARE(f.lastMessage(), QStringLiteral("Resized to 24 bytes"));
        QCOMPARE(f.shape(*root), QStringLiteral("(12,)"));
        QCOMPARE(f.shape(*view), QStringLiteral("(4,)"));
        QCOMPARE(f.exports(*root), 1);
        QVERIFY(f.bytes(*root) == before);
        QCOMPARE(f.model.exporter(*root)->data().data(), start);
        QCOMPARE(f.history->undoStack()->count(), commands + 1);
        QVERIFY(f.history->undo().ok());
        QCOMPARE(f.shape(*root), QStringLiteral("(3, 4)"));
        QVERIFY(f.history->redo().ok());
        QCOMPARE(f.shape(*root), QStringLiteral("(12,)"));

        // A real change of size is still refused, and pushes nothing.
        QVERIFY(!f.controller.resizeCurrent(26).ok());
        QCOMPARE(f.lastMessage(),
                 QStringLiteral("Existing exports of data: object cannot be re-sized"));
        QCOMPARE(f.shape(*root), QStringLiteral("(12,)"));
        QCOMPARE(f.history->undoStack()->count(), commands + 1);
        QVERIFY(f.bytes(*root) == before);
    }

    void closeUndoReopens()
    {
        Fixture f;
        auto npy = NpyExporter::open(BUFFERSCOPE_SOURCE_DIR "/resources/samples/fortran.npy");
        QVERIFY(npy.ok());
        const QModelIndex file =
            f.model.addExporter(std::move(npy).value(), QStringLiteral("fortran.npy"));
        const Descriptor descriptor = f.model.source(file)->descriptor();
        auto memory = f.create.newMemory(QStringLiteral("B"), {16});
        QVERIFY(memory.ok());
        fillPattern(f.model.exporter(*memory));
        const auto before = f.bytes(*memory);

        f.current.setIndex(file);
        QVERIFY(f.controller.removeCurrent().ok());
        QCOMPARE(f.lastMessage(), QStringLiteral("Closed fortran.npy"));
        f.current.setIndex(f.model.index(0, 0));
        QVERIFY(f.controller.removeCurrent().ok());
        QCOMPARE(f.model.rowCount(), 0);

        // Undo twice: the memory buffer comes back with its bytes, the file from its path.
        QVERIFY(f.history->undo().ok());
        QCOMPARE(f.model.rowCount(), 1);
        QVERIFY(f.bytes(f.model.index(0, 0)) == before);
        QVERIFY(f.history->undo().ok());
        QCOMPARE(f.model.rowCount(), 2);
        const QModelIndex reopened = f.model.index(1, 0);
        QCOMPARE(f.model.data(reopened).toString(), QStringLiteral("fortran.npy"));
        const Descriptor again = f.model.source(reopened)->descriptor();
        QCOMPARE(again.shape, descriptor.shape);
        QCOMPARE(again.strides, descriptor.strides);
        QCOMPARE(again.format, descriptor.format);

        // A view created on the reopened file is undone against the new row.
        auto view = f.history->createView(reopened, QStringLiteral("[::3]"));
        QVERIFY(view.ok());
        QCOMPARE(f.exports(reopened), 1);
        QVERIFY(f.history->undo().ok());
        QCOMPARE(f.exports(reopened), 0);
        // Redo both closes after redoing the view: the close is refused while it exists.
        QVERIFY(f.history->redo().ok());
        QVERIFY(f.history->undoStack()->canRedo() == false);
        f.current.setIndex(reopened);
        QVERIFY(!f.controller.removeCurrent().ok());
        QCOMPARE(f.lastMessage(), QStringLiteral("npy file has 1 exported buffer"));
    }
};

QTEST_MAIN(BufferActionsTest)
#include "buffer_actions_test.moc"
