// SPDX-License-Identifier: GPL-3.0-or-later
// The view builder: errors marked where the core says as the text is typed, views created as
// tree rows whose shapes NumPy agrees with, step dialogs composing the expected text, and
// undo/redo of creating and releasing views restoring the export counts.
#include "exporters/npy/npy_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "models/undo_commands.h"
#include "python_oracle.h"
#include "views/expression_edit.h"
#include "views/step_dialog.h"
#include "views/view_builder.h"

#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QUndoStack>

using namespace bufferscope;

namespace {

const QString kSamples = QStringLiteral(BUFFERSCOPE_SOURCE_DIR "/resources/samples/");

// A model with one sample open and selected, and a builder on it.
struct Fixture
{
    BufferTreeModel model;
    CurrentBuffer current{&model};
    ViewBuilder builder{&current};
    QModelIndex root;

    explicit Fixture(const QString &sample)
    {
        auto exporter = NpyExporter::open((kSamples + sample).toStdString());
        QVERIFY2(exporter.ok(), exporter.ok() ? "" : exporter.error().message.c_str());
        root = model.addExporter(std::move(exporter).value(), sample);
        current.setIndex(root);
    }
    int exports(const QModelIndex &index) const
    {
        return model.data(index, BufferTreeModel::ExportsRole).toInt();
    }
    QString shape(const QModelIndex &index) const
    {
        return model.data(index.siblingAtColumn(BufferTreeModel::ShapeColumn)).toString();
    }
};

// NumPy's shape of np.load(sample)[expr] for each expression, as "(a, b)" text.
QStringList numpyShapes(const QString &sample, const QStringList &expressions)
{
    const QString program = QStringLiteral("import json, sys, numpy as np\n"
                                           "a = np.load(sys.argv[1])\n"
                                           "out = []\n"
                                           "for e in json.load(sys.stdin):\n"
                                           "    v = eval('a' + e)\n"
                                           "    out.append('(' + ', '.join(str(n) for n in "
                                           "v.shape) + (',)' if v.ndim == 1 else ')'))\n"
                                           "print(json.dumps(out))\n");
    auto run =
        testing::runPython(program, QJsonDocument(QJsonArray::fromStringList(expressions)).toJson(),
                           {kSamples + sample});
    if (!run.ok)
        qWarning() << run.error;
    QStringList shapes;
    for (const auto value : QJsonDocument::fromJson(run.out).array())
        shapes << value.toString();
    return shapes;
}

} // namespace

class ViewBuilderTest : public QObject
{
    Q_OBJECT

private slots:
    void invalidExpressionIsMarked_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("position");
        QTest::addColumn<int>("length");
        // Syntax errors: one character, at the column the message names.
        QTest::newRow("missing bracket")
            << "[1:3, ::-1"
            << "expression: expected ',' or ']' at column 11" << 9 << 1;
        QTest::newRow("bad token") << "[1:3].Q"
                                   << "expression: unknown method 'Q' at column 7" << 6 << 1;
        QTest::newRow("stray") << "[1]]"
                               << "expression: expected '[' or '.' at column 4" << 3 << 1;
        // A step the buffer refuses: the whole step is marked.
        QTest::newRow("reshape") << "[0].reshape(5, 2)"
                                 << "expression: step 2 '.reshape(5, 2)' at column 4: cannot "
                                    "reshape array of size 16384 into shape (5,2)"
                                 << 3 << 14;
        QTest::newRow("bounds") << "[40]"
                                << "expression: step 1 '[40]' at column 1: index 40 is out of "
                                   "bounds for axis 0 with size 32"
                                << 0 << 4;
    }
    void invalidExpressionIsMarked()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        QFETCH(int, position);
        QFETCH(int, length);
        Fixture f(QStringLiteral("volume.npy"));
        ExpressionEdit *edit = f.builder.expressionEdit();
        QTest::keyClicks(edit, text); // checked at every keystroke
        QVERIFY(edit->hasError());
        QCOMPARE(edit->errorMessage(), message);
        QCOMPARE(edit->errorPosition(), position);
        QCOMPARE(edit->errorLength(), length);
        QCOMPARE(edit->toolTip(), message);
        QCOMPARE(f.builder.statusText(), message);
        QVERIFY(!f.builder.findChild<QWidget *>(QStringLiteral("createViewButton"))->isEnabled());

        // Fixing the text clears the mark.
        edit->setText(QStringLiteral("[1:3]"));
        QVERIFY(!edit->hasError());
        QCOMPARE(edit->errorPosition(), -1);
        QCOMPARE(f.builder.statusText(), QStringLiteral("→ (2, 128, 128) <f"));
    }

    void errorMarkIsDrawnInRed()
    {
        Fixture f(QStringLiteral("volume.npy"));
        f.builder.resize(520, 140);
        ExpressionEdit *edit = f.builder.expressionEdit();
        edit->setText(QStringLiteral("[2:5, ::-1].reshape(7, 3)"));
        QVERIFY(edit->hasError());
        // The mark is drawn inside the edit itself (the label under it is red too).
        const QImage image = edit->grab().toImage();
        int red = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                red += c.red() > 150 && c.green() < 90 && c.blue() < 90;
            }
        QVERIFY2(red > 20, qPrintable(QStringLiteral("%1 red pixels").arg(red)));
        if (const QByteArray dir = qgetenv("BUFFERSCOPE_SHOTS"); !dir.isEmpty())
            f.builder.grab().save(
                QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("builder-error.png")));
    }

    void createdViewsMatchNumpy()
    {
        Fixture f(QStringLiteral("volume.npy"));
        const QStringList expressions = {QStringLiteral("[::2]"), QStringLiteral("[5].T"),
                                         QStringLiteral("[10:20, ::-1]")};
        const QStringList expected = numpyShapes(
            QStringLiteral("volume.npy"), {expressions[0], expressions[0] + expressions[1],
                                           expressions[0] + expressions[1] + expressions[2]});
        QCOMPARE(expected.size(), 3);
        QModelIndex parent = f.root;
        for (int i = 0; i < expressions.size(); ++i) {
            f.builder.expressionEdit()->setText(expressions[i]);
            QTest::keyClick(f.builder.expressionEdit(), Qt::Key_Return);
            QCOMPARE(f.model.rowCount(parent), 1);
            const QModelIndex view = f.model.index(0, 0, parent);
            QCOMPARE(f.shape(view), expected[i]);
            QCOMPARE(f.exports(parent), 1);
            QCOMPARE(f.exports(view), 0);
            QVERIFY(f.builder.expressionEdit()->text().isEmpty());
            f.current.setIndex(view); // as the tree selects the new row
            parent = view;
        }
        QCOMPARE(f.exports(f.root), 1);
        QCOMPARE(f.builder.undoStack()->count(), 3);
    }

    void refusedCreationIsShownAndChangesNothing()
    {
        Fixture f(QStringLiteral("volume.npy"));
        // No buffer selected: nothing to build on.
        f.current.setIndex({});
        auto none = f.builder.createView(QStringLiteral("[1]"));
        QVERIFY(!none.ok());
        QCOMPARE(none.error().message, std::string("tree: no buffer is selected"));
        f.current.setIndex(f.root);
        f.builder.expressionEdit()->setText(QStringLiteral("[::2].cast('B')"));
        auto refused = f.builder.createFromEdit();
        QVERIFY(!refused.ok());
        QCOMPARE(f.builder.expressionEdit()->errorMessage(),
                 QString::fromStdString(refused.error().message));
        QCOMPARE(refused.error().message,
                 std::string("expression: step 2 '.cast('B')' at column 6: memoryview: casts are "
                             "restricted to C-contiguous views"));
        QCOMPARE(f.builder.expressionEdit()->errorPosition(), 5);
        QCOMPARE(f.builder.expressionEdit()->errorLength(), 10);
        QCOMPARE(f.model.rowCount(f.root), 0);
        QCOMPARE(f.exports(f.root), 0);
        QCOMPARE(f.builder.undoStack()->count(), 0);
    }

    void stepDialogsCompose_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QStringList>("inputs"); // objectName=value
        QTest::addColumn<QString>("step");
        QTest::newRow("slice axis 0")
            << int(StepDialog::Slice) << QStringList{"axis=0", "start=2", "stop=9", "step=3"}
            << "[2:9:3]";
        QTest::newRow("slice axis 2")
            << int(StepDialog::Slice) << QStringList{"axis=2", "start=-5", "step=-1"}
            << "[:, :, -5::-1]";
        QTest::newRow("slice last")
            << int(StepDialog::Slice) << QStringList{"axis=-1", "stop=4"} << "[:, :, :4]";
        QTest::newRow("index") << int(StepDialog::Index) << QStringList{"axis=1", "index=-3"}
                               << "[:, -3]";
        QTest::newRow("transpose")
            << int(StepDialog::Transpose) << QStringList{"axes=2, 0, 1"} << ".transpose(2, 0, 1)";
        QTest::newRow("T") << int(StepDialog::Transpose) << QStringList{} << ".T";
        QTest::newRow("swap") << int(StepDialog::SwapAxes) << QStringList{"axis1=0", "axis2=2"}
                              << ".swapaxes(0, 2)";
        QTest::newRow("reshape") << int(StepDialog::Reshape) << QStringList{"shape=(64, -1)"}
                                 << ".reshape(64, -1)";
        QTest::newRow("cast") << int(StepDialog::Cast) << QStringList{"format=B"} << ".cast('B')";
        QTest::newRow("cast shape")
            << int(StepDialog::Cast) << QStringList{"format=i", "shape=4096, 128"}
            << ".cast('i', (4096, 128))";
        QTest::newRow("view numpy") << int(StepDialog::ViewAs) << QStringList{"format=<i2"}
                                    << ".view('<i2')";
        QTest::newRow("view name") << int(StepDialog::ViewAs) << QStringList{"format=uint8"}
                                   << ".view('uint8')";
        QTest::newRow("view") << int(StepDialog::ViewAs) << QStringList{"format=<i"}
                              << ".view('<i')";
    }
    void stepDialogsCompose()
    {
        QFETCH(int, kind);
        QFETCH(QStringList, inputs);
        QFETCH(QString, step);
        Fixture f(QStringLiteral("volume.npy"));
        StepDialog dialog(StepDialog::Kind(kind), f.current.source()->descriptor());
        for (const QString &input : inputs) {
            const QString name = input.section('=', 0, 0), value = input.section('=', 1);
            if (auto *spin = dialog.findChild<QSpinBox *>(name))
                spin->setValue(value.toInt());
            else if (auto *edit = dialog.findChild<QLineEdit *>(name))
                edit->setText(value);
            else
                QFAIL(qPrintable(QStringLiteral("no input %1").arg(name)));
        }
        auto text = dialog.stepText();
        QVERIFY2(text.ok(), text.ok() ? "" : text.error().message.c_str());
        QCOMPARE(*text, step);
        // The step is checked on the buffer as it is typed: a refusal shows in the dialog.
        if (QByteArray(QTest::currentDataTag()) == "cast shape")
            QCOMPARE(dialog.errorText(),
                     QStringLiteral("memoryview: cast must be 1D -> ND or ND -> 1D"));
        else
            QVERIFY(dialog.errorText().isEmpty());
        if (const QByteArray dir = qgetenv("BUFFERSCOPE_SHOTS");
            !dir.isEmpty() && QTest::currentDataTag() == QByteArray("slice axis 2")) {
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            dialog.grab().save(QDir(QString::fromLocal8Bit(dir))
                                   .filePath(QStringLiteral("builder-slice-dialog.png")));
        }

        // The composed step makes the view NumPy makes (cast has no NumPy equivalent, and a
        // 3-D buffer cannot be cast to a new shape).
        if (QByteArray(QTest::currentDataTag()) == "cast shape")
            return;
        auto view = f.builder.createView(*text);
        QVERIFY2(view.ok(), view.ok() ? "" : view.error().message.c_str());
        if (kind != StepDialog::Cast)
            QCOMPARE(f.shape(*view), numpyShapes(QStringLiteral("volume.npy"), {step}).value(0));
    }

    void stepDialogFieldsAndErrors()
    {
        Fixture f(QStringLiteral("records.npy"));
        StepDialog fields(StepDialog::Field, f.current.source()->descriptor());
        auto *combo = fields.findChild<QComboBox *>(QStringLiteral("field"));
        QVERIFY(combo);
        QStringList names;
        for (int i = 0; i < combo->count(); ++i)
            names << combo->itemText(i);
        auto run = testing::runPython(
            QStringLiteral("import sys, json, numpy as np\n"
                           "print(json.dumps(list(np.load(sys.argv[1]).dtype.names)))"),
            {}, {kSamples + QStringLiteral("records.npy")});
        QVERIFY2(run.ok, qPrintable(run.error));
        QStringList numpyNames;
        for (const auto value : QJsonDocument::fromJson(run.out).array())
            numpyNames << value.toString();
        QCOMPARE(names, numpyNames);
        combo->setCurrentIndex(1);
        QCOMPARE(*fields.stepText(), QStringLiteral("['position']"));
        auto view = f.builder.createView(*fields.stepText());
        QVERIFY(view.ok());
        QCOMPARE(
            f.shape(*view),
            numpyShapes(QStringLiteral("records.npy"), {QStringLiteral("['position']")}).value(0));

        StepDialog slice(StepDialog::Slice, f.current.source()->descriptor());
        slice.findChild<QLineEdit *>(QStringLiteral("stop"))->setText(QStringLiteral("x"));
        QCOMPARE(slice.errorText(), QStringLiteral("slice: stop must be an integer: 'x'"));
        StepDialog reshape(StepDialog::Reshape, f.current.source()->descriptor());
        reshape.findChild<QLineEdit *>(QStringLiteral("shape"))->setText(QStringLiteral("4, y"));
        QCOMPARE(reshape.errorText(), QStringLiteral("reshape: entry 1 is not an integer: 'y'"));
        StepDialog cast(StepDialog::Cast, f.current.source()->descriptor());
        cast.findChild<QLineEdit *>(QStringLiteral("format"))->setText(QStringLiteral("i)"));
        QVERIFY(cast.errorText().startsWith(QStringLiteral("format: ")));
    }

    void undoRedoCreateAndRelease()
    {
        Fixture f(QStringLiteral("volume.npy"));
        BufferHistory *history = BufferHistory::of(&f.model);
        auto first = f.builder.createView(QStringLiteral("[::2]"));
        QVERIFY(first.ok());
        f.current.setIndex(*first);
        auto second = f.builder.createView(QStringLiteral("[3]"));
        QVERIFY(second.ok());
        QCOMPARE(f.exports(f.root), 1);
        QCOMPARE(f.exports(*first), 1);

        // Release the leaf, then undo: it comes back under the same parent, counts restored.
        QVERIFY(history->remove(*second).ok());
        QCOMPARE(f.exports(*first), 0);
        QCOMPARE(f.model.rowCount(*first), 0);
        QVERIFY(history->undo().ok());
        QCOMPARE(f.model.rowCount(*first), 1);
        QCOMPARE(f.exports(*first), 1);
        QCOMPARE(f.shape(f.model.index(0, 0, *first)), QStringLiteral("(128, 128)"));
        QVERIFY(history->redo().ok());
        QCOMPARE(f.model.rowCount(*first), 0);
        QVERIFY(history->undo().ok()); // back again

        // Undo both creations, then redo both: the chain is rebuilt with the same counts.
        QVERIFY(f.builder.undoAction()->isEnabled());
        f.builder.undoAction()->trigger();
        QCOMPARE(f.model.rowCount(*first), 0);
        f.builder.undoAction()->trigger();
        QCOMPARE(f.model.rowCount(f.root), 0);
        QCOMPARE(f.exports(f.root), 0);
        QVERIFY(!f.builder.undoAction()->isEnabled());
        f.builder.redoAction()->trigger();
        f.builder.redoAction()->trigger();
        QCOMPARE(f.model.rowCount(f.root), 1);
        const QModelIndex rebuilt = f.model.index(0, 0, f.root);
        QCOMPARE(f.model.rowCount(rebuilt), 1);
        QCOMPARE(f.exports(f.root), 1);
        QCOMPARE(f.exports(rebuilt), 1);
        QCOMPARE(f.model.data(f.model.index(0, 0, rebuilt), BufferTreeModel::FullExpressionRole)
                     .toString(),
                 QStringLiteral("[::2][3]"));
    }

    void refusedUndoKeepsTheCommand()
    {
        Fixture f(QStringLiteral("volume.npy"));
        auto view = f.builder.createView(QStringLiteral("[1:4]"));
        QVERIFY(view.ok());
        // A view made outside the history holds an export of it: undo must be refused.
        auto child = f.model.createView(*view, QStringLiteral("[0]"));
        QVERIFY(child.ok());
        QSignalSpy messages(&f.builder, &ViewBuilder::message);
        f.builder.undoAction()->trigger();
        QCOMPARE(messages.count(), 1);
        QCOMPARE(messages.first().first().toString(), QStringLiteral("view has 1 exported buffer"));
        QCOMPARE(f.builder.undoStack()->index(), 1);
        QCOMPARE(f.model.rowCount(f.root), 1);
        QCOMPARE(f.exports(f.root), 1);
        // Once the export is gone, the same undo succeeds.
        QVERIFY(f.model.remove(*child).ok());
        f.builder.undoAction()->trigger();
        QCOMPARE(f.builder.undoStack()->index(), 0);
        QCOMPARE(f.model.rowCount(f.root), 0);
        QCOMPARE(f.exports(f.root), 0);
    }
};

QTEST_MAIN(ViewBuilderTest)
#include "view_builder_test.moc"
