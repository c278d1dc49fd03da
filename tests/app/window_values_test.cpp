// SPDX-License-Identifier: GPL-3.0-or-later
// Editing values on the real main window (offscreen): a cell of a writable memory buffer is
// typed into in the Values table; the bytes become struct.pack's, the heatmap and a view of
// the same memory show the new value; a value struct refuses is refused under the table
// and changes nothing; a read-only .npy file offers no editor.
#include "controllers/create_controller.h"
#include "controllers/open_controller.h"
#include "main_window.h"
#include "models/buffer_tree_model.h"
#include "models/value_table_model.h"
#include "views/render_panel.h"
#include "views/value_table_view.h"
#include "views/view_builder.h"
#include "window_support.h"

#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>

#include <bit>
#include <cstring>

using namespace bufferscope;
using testing::kSamples;

namespace {

// Types `text` into the cell's editor and presses Enter, as a person does after a double-click.
void typeInto(QTableView *table, const QModelIndex &cell, const QString &text)
{
    table->setCurrentIndex(cell);
    table->edit(cell);
    auto *editor = table->viewport()->findChild<QLineEdit *>();
    QVERIFY2(editor, "no editor opened");
    editor->selectAll();
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits on the next turn of the event loop (a queued call).
    QTRY_VERIFY(!table->viewport()->findChild<QLineEdit *>());
}

} // namespace

class WindowValuesTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void editWritableMemory()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *render = window.findChild<RenderPanel *>();
        auto *values = window.findChild<ValueTableView *>();
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("centralTabs"));
        auto memory = window.findChild<CreateController *>()->newMemory(QStringLiteral("<f4"),
                                                                         {3, 4});
        QVERIFY(memory.ok());
        QVERIFY(window.findChild<ViewBuilder *>()->createView(QStringLiteral("[1]")).ok());
        tree->setCurrentIndex(*memory);
        tabs->setCurrentWidget(values);
        QVERIFY(testing::renderIdle(window));

        QTableView *table = values->table();
        const QModelIndex cell = values->model()->index(1, 2);
        QVERIFY(values->model()->flags(cell) & Qt::ItemIsEditable);
        typeInto(table, cell, QStringLiteral("2.5"));
        QCOMPARE(cell.data().toString(), QStringLiteral("2.5"));
        const Descriptor &d = window.model()->source(*memory)->descriptor();
        float stored = 0;
        std::memcpy(&stored, d.buf + 1 * d.strides[0] + 2 * d.strides[1], 4);
        QCOMPARE(stored, 2.5f); // struct.pack('<f', 2.5) on this little-endian machine
        // The heatmap reads the new bytes: its range now ends at 2.5.
        QTRY_COMPARE_WITH_TIMEOUT(render->lastResult().high, 2.5, 10000);

        // Refused: too large for 'f'. Nothing changes, the reason shows under the table.
        const QString before = values->model()->index(0, 0).data().toString();
        typeInto(table, values->model()->index(0, 0), QStringLiteral("1e40"));
        auto *error = values->findChild<QLabel *>(QStringLiteral("valueEditError"));
        QVERIFY(error && error->isVisible());
        QCOMPARE(error->text(), QStringLiteral("value: 1e40 is too large for 'f'"));
        QCOMPARE(values->model()->index(0, 0).data().toString(), before);
        testing::shoot(&window, QStringLiteral("values-edit"));

        // The view [1] of the same memory shows the value.
        tree->setCurrentIndex(window.model()->index(0, 0, *memory));
        QVERIFY(testing::renderIdle(window));
        QCOMPARE(values->model()->index(2, 0).data().toString(), QStringLiteral("2.5")); // 1-D: a row each
    }

    void readOnlyFileHasNoEditor()
    {
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles({kSamples + "volume.npy"}), 1);
        window.findChild<QTreeView *>(QStringLiteral("bufferTree"))
            ->setCurrentIndex(window.model()->index(0, 0));
        auto *values = window.findChild<ValueTableView *>();
        QVERIFY(!(values->model()->flags(values->model()->index(0, 0)) & Qt::ItemIsEditable));
        QVERIFY(!values->model()->setData(values->model()->index(0, 0), QStringLiteral("1")));
    }
};

QTEST_MAIN(WindowValuesTest)
#include "window_values_test.moc"
