// SPDX-License-Identifier: GPL-3.0-or-later
// Editing values on the real main window (offscreen): a cell of a writable memory buffer is
// typed into in the Values table; the bytes become struct.pack's, the heatmap and a view of
// the same memory show the new value; a value struct refuses is refused under the table
// and changes nothing; a read-only .npy file offers no editor and says why when a person
// tries. Every numeric type (all integer sizes, half, float, double, complex, bool, both byte
// orders, fields of records) is typed into through the editor and read back by NumPy from
// the buffer's bytes through its PEP 3118 format; the hex view shows the same bytes.
#include "controllers/create_controller.h"
#include "controllers/open_controller.h"
#include "main_window.h"
#include "models/buffer_tree_model.h"
#include "models/value_table_model.h"
#include "python_oracle.h"
#include "views/hex_area.h"
#include "views/hex_view.h"
#include "views/render_panel.h"
#include "views/value_table_view.h"
#include "views/view_builder.h"
#include "window_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

// One typed value: the type as a person types it, the leaf (column) name ("" for a plain
// scalar), the text, and the Python literal NumPy must then read.
struct TypedValue
{
    QString type, leaf, text, python;
};

const QList<TypedValue> &typedValues()
{
    static const QList<TypedValue> values = {
        {"i1", "", "-128", "-128"},
        {"u1", "", "255", "255"},
        {"<i2", "", "-300", "-300"},
        {">i2", "", "-300", "-300"},
        {"<u2", "", "65535", "65535"},
        {">u2", "", "513", "513"},
        {"b", "", "-5", "-5"},
        {"B", "", "200", "200"},
        {"h", "", "-32768", "-32768"},
        {"H", "", "40000", "40000"},
        {"i", "", "-2147483648", "-2147483648"},
        {"I", "", "4294967295", "4294967295"},
        {"l", "", "-9223372036854775808", "-9223372036854775808"},
        {"L", "", "18446744073709551615", "18446744073709551615"},
        {"q", "", "123456789012", "123456789012"},
        {"Q", "", "9", "9"},
        {"n", "", "-7", "-7"},
        {"N", "", "7", "7"},
        {">q", "", "-2", "-2"},
        {"e", "", "0.1", "0.1"},
        {">e", "", "-65504", "-65504.0"},
        {"f4", "", "3.25", "3.25"},
        {">f4", "", "-1e-3", "-1e-3"},
        {"d", "", "1e300", "1e300"},
        {">f8", "", "nan", "float('nan')"},
        {"c8", "", "(1-2.5j)", "1-2.5j"},
        {">c8", "", "3j", "3j"},
        {"c16", "", "1e200+1e-200j", "1e200+1e-200j"},
        {">c16", "", "-inf+nanj", "complex(float('-inf'), float('nan'))"},
        {"?", "", "True", "True"},
        {"T{<i:a:>d:b:(2)<h:c:}", "b", "2.5", "2.5"},
        {"T{<i:a:>d:b:(2)<h:c:}", "c[1]", "-7", "-7"},
        {"T{<i:a:T{>e:x:?:y:}:s:}", "s.x", "0.5", "0.5"},
        {"T{<i:a:T{>e:x:?:y:}:s:}", "s.y", "True", "True"},
        {"T{>Zf:z:}", "z", "1+j", "1+1j"},
    };
    return values;
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

    // Each type of typedValues(): a 2 x 3 memory buffer, element [1, 2] typed into through
    // the editor; NumPy reads the buffer's bytes through its PEP 3118 format and must find
    // the typed number there (and nothing else changed); the hex view shows those bytes.
    void everyNumericType()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *values = window.findChild<ValueTableView *>();
        auto *hex = window.findChild<HexView *>();
        window.findChild<QTabWidget *>(QStringLiteral("centralTabs"))->setCurrentWidget(values);
        auto *create = window.findChild<CreateController *>();
        QJsonArray cases;
        QList<QByteArray> shown; // the hex view's bytes of the edited leaf
        for (const TypedValue &value : typedValues()) {
            auto memory = create->newMemory(value.type, {2, 3});
            QVERIFY2(memory.ok(), qPrintable(value.type));
            tree->setCurrentIndex(*memory);
            QVERIFY(testing::renderIdle(window));
            ValueTableModel *model = values->model();
            int leaf = -1;
            for (std::size_t i = 0; i < model->leaves().size(); ++i)
                if (QString::fromStdString(model->leaves()[i].name) == value.leaf)
                    leaf = static_cast<int>(i);
            QVERIFY2(leaf >= 0, qPrintable(value.type + " has no leaf " + value.leaf));
            const QModelIndex cell = model->cellOf({1, 2}, leaf);
            QVERIFY2(model->flags(cell) & Qt::ItemIsEditable,
                     qPrintable(value.type + ": " + model->editRefusal(cell)));
            typeInto(values->table(), cell, value.text);
            auto *error = values->findChild<QLabel *>(QStringLiteral("valueEditError"));
            QVERIFY2(!error->isVisible(), qPrintable(value.type + ": " + error->text()));
            // The column grew for the value typed: it is not cut.
            const QString text = cell.data().toString();
            QVERIFY2(values->table()->columnWidth(cell.column()) >
                         values->table()->fontMetrics().horizontalAdvance(text),
                     qPrintable(value.type + ": '" + text + "' cut"));
            const Descriptor &d = window.model()->source(*memory)->descriptor();
            const QByteArray bytes(reinterpret_cast<const char *>(d.buf), qsizetype(d.len));
            cases.append(QJsonObject{{"format", QString::fromStdString(d.format)},
                                     {"hex", QString::fromLatin1(bytes.toHex())},
                                     {"leaf", value.leaf},
                                     {"python", value.python}});
            const auto &column = model->leaves()[static_cast<std::size_t>(leaf)];
            const qsizetype at = qsizetype(1 * d.strides[0] + 2 * d.strides[1] + column.offset);
            const auto area = hex->hexArea()->bytes();
            QVERIFY(qsizetype(area.size()) >= at + column.scalar.size);
            shown << QByteArray(reinterpret_cast<const char *>(area.data()) + at,
                                qsizetype(column.scalar.size));
        }
        // NumPy: the buffer through its format; [1, 2] (and its leaf) holds the typed number
        // at the leaf's precision, every other element is still zero; the leaf's own bytes.
        const auto run = testing::runPython(
            QStringLiteral(
                "import json, sys, numpy as np\n"
                "from numpy.core._internal import _dtype_from_pep3118\n"
                "out = []\n"
                "for c in json.load(sys.stdin):\n"
                "    fmt = {'n': 'q', 'N': 'Q'}.get(c['format'], c['format'])  # ssize_t: NumPy "
                "lacks n\n"
                "    dt = _dtype_from_pep3118(fmt)\n"
                "    a = np.frombuffer(bytes.fromhex(c['hex']), dtype=dt).reshape(2, 3)\n"
                "    item = a[1, 2]\n"
                "    ldt = dt\n"
                "    if c['leaf']:\n"
                "        for part in c['leaf'].replace(']', '').split('.'):\n"
                "            name, _, sub = part.partition('[')\n"
                "            ldt = ldt.fields[name][0]\n"
                "            item = item[name]\n"
                "            if sub:\n"
                "                ldt = ldt.base\n"
                "                item = item[int(sub)]\n"
                "    want = np.array([eval(c['python'])]).astype(ldt)[0]\n"
                "    got = np.array([item], dtype=ldt)[0]\n"
                "    same = bool(got == want or (np.isnan(want) and np.isnan(got)) if ldt.kind != "
                "'c'\n"
                "                else all(x == y or (np.isnan(x) and np.isnan(y)) for x, y in\n"
                "                         ((got.real, want.real), (got.imag, want.imag))))\n"
                "    rest = bytes.fromhex(c['hex'])[:-dt.itemsize] == bytes(5 * dt.itemsize)\n"
                "    out.append([same, rest, np.array([want], dtype=ldt).tobytes().hex()])\n"
                "print(json.dumps(out))\n"),
            QJsonDocument(cases).toJson());
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray answers = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(answers.size(), cases.size());
        for (int i = 0; i < answers.size(); ++i) {
            const QJsonArray answer = answers.at(i).toArray();
            const TypedValue &value = typedValues()[i];
            const QString where = value.type + " " + value.leaf + " '" + value.text + "'";
            QVERIFY2(answer.at(0).toBool(), qPrintable(where + ": NumPy reads another value"));
            QVERIFY2(answer.at(1).toBool(), qPrintable(where + ": other elements changed"));
            QCOMPARE(QString::fromLatin1(shown[i].toHex()) + " " + where,
                     answer.at(2).toString() + " " + where);
        }
        qInfo("%d values typed through the editor, read back by NumPy", int(answers.size()));
    }

    // Text a type cannot hold: the core's words under the table, the bytes untouched.
    void badTextIsRefused_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("int16") << "<i2"
                               << "40000"
                               << "value: 40000 is out of range for 'h' (-32768 to 32767)";
        QTest::newRow("uint8") << "u1"
                               << "-1"
                               << "value: -1 is out of range for 'B' (0 to 255)";
        QTest::newRow("words") << "i4"
                               << "ten"
                               << "value: 'ten' is not an integer";
        QTest::newRow("half") << ">e"
                              << "1e5"
                              << "value: 1e5 is too large for 'e'";
        QTest::newRow("complex") << "c8"
                                 << "1+2"
                                 << "value: '1+2' is not a complex number";
        QTest::newRow("bool") << "?"
                              << "maybe"
                              << "value: 'maybe' is not True or False";
    }

    void badTextIsRefused()
    {
        QFETCH(QString, type);
        QFETCH(QString, text);
        QFETCH(QString, message);
        MainWindow window;
        window.show();
        auto *values = window.findChild<ValueTableView *>();
        window.findChild<QTabWidget *>(QStringLiteral("centralTabs"))->setCurrentWidget(values);
        auto memory = window.findChild<CreateController *>()->newMemory(type, {4});
        QVERIFY(memory.ok());
        window.findChild<QTreeView *>(QStringLiteral("bufferTree"))->setCurrentIndex(*memory);
        QVERIFY(testing::renderIdle(window));
        const Descriptor &d = window.model()->source(*memory)->descriptor();
        const QByteArray before(reinterpret_cast<const char *>(d.buf), qsizetype(d.len));
        typeInto(values->table(), values->model()->index(1, 0), text);
        auto *error = values->findChild<QLabel *>(QStringLiteral("valueEditError"));
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), message);
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(d.buf), qsizetype(d.len)), before);
        // The next good value clears the message.
        typeInto(values->table(), values->model()->index(1, 0), QStringLiteral("1"));
        QVERIFY(!error->isVisible());
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
        // A person who double-clicks, presses F2 or types is told why nothing opens.
        window.findChild<QTabWidget *>(QStringLiteral("centralTabs"))->setCurrentWidget(values);
        QVERIFY(testing::renderIdle(window));
        auto *error = values->findChild<QLabel *>(QStringLiteral("valueEditError"));
        QTableView *table = values->table();
        const QModelIndex cell = values->model()->index(0, 1);
        QVERIFY(error->isVisible()); // the refused setData above said why
        QCOMPARE(error->text(), QStringLiteral("value: the buffer is read-only"));
        error->hide();
        const QPoint centre = table->visualRect(cell).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, centre);
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, centre);
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), QStringLiteral("value: the buffer is read-only"));
        QVERIFY(!table->viewport()->findChild<QLineEdit *>());
        error->hide();
        QTest::keyClick(table, Qt::Key_F2);
        QVERIFY(error->isVisible());
        error->hide();
        QTest::keyClick(table, Qt::Key_7);
        QVERIFY(error->isVisible());
        QVERIFY(!table->viewport()->findChild<QLineEdit *>());
        testing::shoot(&window, QStringLiteral("values-read-only"));
    }
};

QTEST_MAIN(WindowValuesTest)
#include "window_values_test.moc"
