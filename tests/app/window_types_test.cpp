// SPDX-License-Identifier: GPL-3.0-or-later
// NumPy type strings typed into the real main window (offscreen): the expression field's
// .view('<i2'), the View as… dialog, New memory buffer (its own default '<f4'), and Open raw
// ('>i2'). Each result is compared with NumPy: shape, strides and the C-order bytes.
#include "buffer/copy.h"
#include "controllers/create_controller.h"
#include "controllers/open_controller.h"
#include "main_window.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "python_oracle.h"
#include "views/expression_edit.h"
#include "views/memory_dialog.h"
#include "views/raw_dialog.h"
#include "views/step_dialog.h"
#include "views/view_builder.h"
#include "window_support.h"

#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTreeView>

using namespace bufferscope;
using testing::kSamples;

namespace {

// NumPy's shape, strides and sha256 of tobytes('C') for base<expression> of a sample.
QJsonObject numpyView(const QString &sample, const QString &expression)
{
    const auto run = testing::runPython(
        QStringLiteral("import sys, json, hashlib, numpy as np\n"
                       "a = np.load(sys.argv[1])\n"
                       "v = eval('a' + sys.argv[2])\n"
                       "print(json.dumps({'shape': v.shape, 'strides': v.strides,\n"
                       "    'sha': hashlib.sha256(v.tobytes('C')).hexdigest()}))\n"),
        {}, {kSamples + sample, expression});
    return run.ok ? QJsonDocument::fromJson(run.out).object() : QJsonObject();
}

QJsonArray ints(const std::vector<std::int64_t> &values)
{
    QJsonArray out;
    for (auto v : values)
        out.append(static_cast<double>(v));
    return out;
}

QString sha(const Descriptor &d)
{
    auto bytes = toBytes(d, Order::C);
    if (!bytes)
        return QString::fromStdString(bytes.error().message);
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArrayView(reinterpret_cast<const char *>(bytes->data()),
                                                static_cast<qsizetype>(bytes->size())),
                                 QCryptographicHash::Sha256)
            .toHex());
}

} // namespace

class WindowTypesTest : public QObject
{
    Q_OBJECT

private slots:
    // Typed into the expression field and entered, as a person does; the new view is
    // selected and equals NumPy's a<expression>.
    void expressionFieldTakesNumpyTypes_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::addColumn<QString>("expression");
        QTest::newRow("<i2") << "volume.npy" << "[3].view('<i2')";
        QTest::newRow("c8") << "volume.npy" << "[0, :4].view('c8')";
        QTest::newRow("f4 no-op") << "volume.npy" << "[1, 2].view('f4')";
        QTest::newRow(">f8") << "bigendian.npy" << "[::3].view('>f8')";
        QTest::newRow("u1 of >f8") << "bigendian.npy" << "[5].view('u1')";
        QTest::newRow("S3") << "records.npy" << "['name'][:, None].view('S3')";
        QTest::newRow("? of u1") << "bigendian.npy" << "[0].view('u1').view('?')";
        QTest::newRow("int16 name") << "fortran.npy" << ".T.view('int16')";
        QTest::newRow("struct form") << "fortran.npy" << ".T.view('<H')";
    }
    void expressionFieldTakesNumpyTypes()
    {
        QFETCH(QString, sample);
        QFETCH(QString, expression);
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles({kSamples + sample}), 1);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *builder = window.findChild<ViewBuilder *>();
        QVERIFY(tree && builder);
        tree->setCurrentIndex(window.model()->index(0, 0));
        ExpressionEdit *edit = builder->expressionEdit();
        edit->setFocus();
        QTest::keyClicks(edit, expression);
        QCOMPARE(builder->statusText().startsWith(QStringLiteral("→")), true);
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(window.model()->rowCount(window.model()->index(0, 0)), 1);
        BufferSource *view = window.current()->source();
        QVERIFY(view && view != window.model()->source(window.model()->index(0, 0)));

        const QJsonObject numpy = numpyView(sample, expression);
        QVERIFY(!numpy.isEmpty());
        QCOMPARE(ints(view->descriptor().shape), numpy["shape"].toArray());
        QCOMPARE(ints(view->descriptor().strides), numpy["strides"].toArray());
        QCOMPARE(sha(view->descriptor()), numpy["sha"].toString());
        QVERIFY(testing::renderIdle(window));
        if (QTest::currentDataTag() == QByteArray("<i2"))
            testing::shoot(&window, QStringLiteral("types-view-i2"));
    }

    // The View as… dialog reads '<i2'; a NumPy-shaped text NumPy refuses shows NumPy's
    // words in the dialog, which stays open with the text until it is corrected.
    void viewAsDialog()
    {
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles({kSamples + "volume.npy"}), 1);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *builder = window.findChild<ViewBuilder *>();
        tree->setCurrentIndex(window.model()->index(0, 0));
        QStringList seen;
        auto ran = testing::answerModal<StepDialog>([&](StepDialog *dialog) {
            auto *format = dialog->findChild<QLineEdit *>(QStringLiteral("format"));
            auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            QTest::keyClicks(format, QStringLiteral("c4"));
            seen << dialog->errorText() << QString::number(ok->isEnabled());
            testing::shoot(dialog, QStringLiteral("types-view-dialog-refused"));
            format->setText(QStringLiteral("<i2"));
            seen << dialog->errorText() << QString::number(ok->isEnabled());
            ok->click();
        });
        builder->composeStep(StepDialog::ViewAs);
        QVERIFY(*ran);
        QCOMPARE(seen, (QStringList{"format: data type 'c4' not understood", "0", "", "1"}));
        const QModelIndex child = window.model()->index(0, 0, window.model()->index(0, 0));
        QVERIFY(child.isValid());
        const QJsonObject numpy = numpyView(QStringLiteral("volume.npy"), ".view('<i2')");
        QCOMPARE(ints(window.model()->source(child)->descriptor().shape),
                 numpy["shape"].toArray());
        QCOMPARE(sha(window.model()->source(child)->descriptor()), numpy["sha"].toString());
    }

    // File > New Memory Buffer… with its own default '<f4' creates the buffer; 'float64'
    // too; '<i3' is refused in the dialog with NumPy's words.
    void newMemoryBufferDefault()
    {
        MainWindow window;
        window.show();
        QAction *action = testing::menuAction(window, QStringLiteral("&New Memory Buffer…"));
        QVERIFY(action);
        QStringList seen;
        auto ran = testing::answerModal<MemoryDialog>([&](MemoryDialog *dialog) {
            auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            seen << dialog->findChild<QLineEdit *>(QStringLiteral("format"))->text()
                 << dialog->summary() << QString::number(ok->isEnabled());
            testing::shoot(dialog, QStringLiteral("types-new-memory"));
            dialog->findChild<QLineEdit *>(QStringLiteral("format"))->setText("<i3");
            seen << dialog->summary() << QString::number(ok->isEnabled());
            dialog->findChild<QLineEdit *>(QStringLiteral("format"))->setText("<f4");
            ok->click();
        });
        action->trigger();
        QVERIFY(*ran);
        QCOMPARE(seen, (QStringList{"<f4", "shape (64, 64), itemsize 4, 16384 bytes", "1",
                                    "format: data type '<i3' not understood", "0"}));
        QCOMPARE(window.model()->rowCount(), 1);
        const Descriptor &d = window.model()->source(window.model()->index(0, 0))->descriptor();
        QCOMPARE(d.format, std::string("<f"));
        QCOMPARE(d.itemsize, 4);
        QCOMPARE(d.shape, (std::vector<std::int64_t>{64, 64}));
    }

    // File > Open Raw… with NumPy's '>i2': the values are NumPy's fromfile('>i2').
    void openRawNumpyType()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("counts.bin"));
        const auto made = testing::runPython(
            QStringLiteral("import sys, numpy as np\n"
                           "np.arange(-12, 12, dtype='>i2').tofile(sys.argv[1])\n"),
            {}, {path});
        QVERIFY2(made.ok, qPrintable(made.error));
        MainWindow window;
        window.show();
        auto *create = window.findChild<CreateController *>();
        QVERIFY(create);
        QString summary, fit;
        QStringList shapes;
        auto ran = testing::answerModal<RawDialog>([&](RawDialog *dialog) {
            dialog->findChild<QLineEdit *>(QStringLiteral("format"))->setText(">i2");
            // The file size and the shapes it allows; one click types (4, 6).
            fit = dialog->fitText();
            shapes = dialog->suggestedShapes();
            dialog->useSuggestion(shapes.indexOf(QStringLiteral("4, 6")));
            summary = dialog->findChild<QLabel *>(QStringLiteral("previewSummary"))
                          ? dialog->findChild<QLabel *>(QStringLiteral("previewSummary"))->text()
                          : QString();
            testing::shoot(dialog, QStringLiteral("types-open-raw"));
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open)->click();
        });
        create->chooseRaw(path);
        QVERIFY(*ran);
        QCOMPARE(fit, QStringLiteral("File size 48 bytes; after the header 48 bytes: 24 items of "
                                     "2 bytes."));
        QCOMPARE(shapes, (QStringList{"24", "4, 6", "3, 8", "2, 12"}));
        QCOMPARE(window.model()->rowCount(), 1);
        const Descriptor &d = window.model()->source(window.model()->index(0, 0))->descriptor();
        QCOMPARE(d.format, std::string(">h"));
        QCOMPARE(d.shape, (std::vector<std::int64_t>{4, 6}));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray raw = file.readAll();
        auto bytes = toBytes(d, Order::C);
        QVERIFY(bytes.ok());
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(bytes->data()),
                            static_cast<qsizetype>(bytes->size())),
                 raw);
    }
};

QTEST_MAIN(WindowTypesTest)
#include "window_types_test.moc"
