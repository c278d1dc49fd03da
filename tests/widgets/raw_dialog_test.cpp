// SPDX-License-Identifier: GPL-3.0-or-later
// The Open raw dialog against files NumPy writes (ndarray.tofile after a header): the preview
// shows NumPy's shape and strides; each error is shown beside its own field. Also the New
// memory buffer dialog and CreateController adding both kinds to the tree.
#include "controllers/create_controller.h"
#include "models/buffer_tree_model.h"
#include "python_oracle.h"
#include "views/memory_dialog.h"
#include "views/raw_dialog.h"

#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

using namespace bufferscope;

namespace {

// Writes `header` zero bytes then arr.tofile(); prints shape, strides of the same bytes
// mapped by NumPy with that offset and order.
QJsonObject writeRaw(const QString &path, const QString &dtype, const QString &shape, int header,
                     const QString &order, int seed)
{
    const QString program = QStringLiteral(
        "import json, sys, numpy as np\n"
        "path, dtype, shape, header, order, seed = sys.argv[1], sys.argv[2], "
        "json.loads(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6])\n"
        "rng = np.random.default_rng(seed)\n"
        "a = np.asfortranarray(rng.integers(0, 100, size=shape).astype(dtype)) if order == 'F' "
        "else rng.integers(0, 100, size=shape).astype(dtype)\n"
        "with open(path, 'wb') as f:\n"
        "    f.write(bytes(header))\n"
        "    f.write(a.tobytes(order='A'))\n"
        "m = np.memmap(path, dtype=dtype, mode='r', offset=header, shape=tuple(shape), "
        "order=order)\n"
        "print(json.dumps({'shape': list(m.shape), 'strides': list(m.strides), 'itemsize': "
        "m.itemsize,\n"
        "                  'c': bool(m.flags.c_contiguous), 'f': bool(m.flags.f_contiguous)}))\n");
    auto run = testing::runPython(
        program, {}, {path, dtype, shape, QString::number(header), order, QString::number(seed)});
    if (!run.ok)
        qWarning() << run.error;
    return QJsonDocument::fromJson(run.out).object();
}

void setFields(RawDialog &dialog, const QString &offset, const QString &format,
               const QString &shape, const QString &order)
{
    dialog.findChild<QLineEdit *>(QStringLiteral("offset"))->setText(offset);
    dialog.findChild<QLineEdit *>(QStringLiteral("format"))->setText(format);
    dialog.findChild<QLineEdit *>(QStringLiteral("shape"))->setText(shape);
    auto *orders = dialog.findChild<QComboBox *>(QStringLiteral("order"));
    orders->setCurrentIndex(orders->findData(order));
}

} // namespace

class RawDialogTest : public QObject
{
    Q_OBJECT

private slots:
    void previewMatchesNumpy_data()
    {
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("shape");
        QTest::addColumn<int>("header");
        QTest::addColumn<QString>("order");
        QTest::newRow("f4 C") << "<f4"
                              << "<f"
                              << "[5, 7]" << 16 << "C";
        QTest::newRow("i2 F") << "<i2"
                              << "<h"
                              << "[6, 4, 3]" << 128 << "F";
        QTest::newRow(">f8 C") << ">f8"
                               << ">d"
                               << "[9]" << 0 << "C";
        QTest::newRow("u1 F") << "u1"
                              << "B"
                              << "[3, 11]" << 3 << "F";
    }
    void previewMatchesNumpy()
    {
        QFETCH(QString, dtype);
        QFETCH(QString, format);
        QFETCH(QString, shape);
        QFETCH(int, header);
        QFETCH(QString, order);
        const int seed = 1234 + QTest::currentDataTag()[0];
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("data.bin"));
        const QJsonObject numpy = writeRaw(path, dtype, shape, header, order, seed);
        QVERIFY2(!numpy.isEmpty(), qPrintable(QStringLiteral("seed %1").arg(seed)));

        RawDialog dialog(path);
        const QString shapeText = shape.mid(1, shape.size() - 2);
        setFields(dialog, QString::number(header), format, shapeText, order);
        QVERIFY2(dialog.preview().ok, qPrintable(dialog.preview().message));
        const QJsonObject preview = QJsonDocument::fromJson(dialog.previewText().toUtf8()).object();
        QCOMPARE(preview.value(QStringLiteral("shape")).toArray(),
                 numpy.value(QStringLiteral("shape")).toArray());
        QCOMPARE(preview.value(QStringLiteral("strides")).toArray(),
                 numpy.value(QStringLiteral("strides")).toArray());
        QCOMPARE(preview.value(QStringLiteral("itemsize")).toInt(),
                 numpy.value(QStringLiteral("itemsize")).toInt());
        QCOMPARE(preview.value(QStringLiteral("offset")).toInt(), header);
        QCOMPARE(preview.value(QStringLiteral("c_contiguous")).toBool(),
                 numpy.value(QStringLiteral("c")).toBool());
        QCOMPARE(preview.value(QStringLiteral("f_contiguous")).toBool(),
                 numpy.value(QStringLiteral("f")).toBool());
        for (auto field :
             {RawPreview::Field::Format, RawPreview::Field::Shape, RawPreview::Field::Offset,
              RawPreview::Field::Order, RawPreview::Field::File})
            QVERIFY(dialog.fieldError(field).isEmpty());

        // The controller opens the same options as a tree row.
        BufferTreeModel model;
        CreateController create(&model);
        auto row = create.openRaw(path, dialog.preview().options);
        QVERIFY(row.ok());
        QCOMPARE(model.data(row->siblingAtColumn(BufferTreeModel::FormatColumn)).toString(),
                 format);

        if (const QByteArray shots = qgetenv("BUFFERSCOPE_SHOTS");
            !shots.isEmpty() && QTest::currentDataTag() == QByteArray("i2 F")) {
            dialog.resize(560, 640);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            dialog.grab().save(QDir(QString::fromLocal8Bit(shots))
                                   .filePath(QStringLiteral("builder-raw-dialog.png")));
        }
    }

    void errorsBesideTheirField()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("small.bin"));
        QVERIFY(!writeRaw(path, QStringLiteral("<f4"), QStringLiteral("[4, 5]"), 8,
                          QStringLiteral("C"), 7)
                     .isEmpty());
        RawDialog dialog(path);

        setFields(dialog, QStringLiteral("8"), QStringLiteral("<f"), QStringLiteral("4, x"),
                  QStringLiteral("C"));
        QVERIFY(!dialog.preview().ok);
        QCOMPARE(dialog.fieldError(RawPreview::Field::Shape),
                 QStringLiteral("raw: shape entry 1 is not a non-negative integer: 'x'"));
        QCOMPARE(dialog.preview().position, 3);
        QVERIFY(dialog.fieldError(RawPreview::Field::Format).isEmpty());
        QVERIFY(dialog.previewText().isEmpty());
        if (const QByteArray shots = qgetenv("BUFFERSCOPE_SHOTS"); !shots.isEmpty()) {
            dialog.resize(560, 420);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            dialog.grab().save(QDir(QString::fromLocal8Bit(shots))
                                   .filePath(QStringLiteral("builder-raw-error.png")));
        }

        setFields(dialog, QStringLiteral("-3"), QStringLiteral("<f"), QStringLiteral("4, 5"),
                  QStringLiteral("C"));
        QCOMPARE(dialog.fieldError(RawPreview::Field::Offset),
                 QStringLiteral("raw: offset must be a non-negative integer: '-3'"));
        QVERIFY(dialog.fieldError(RawPreview::Field::Shape).isEmpty());

        // NumPy's '<f4' is read (as '<f'); a size NumPy has no type for is refused in its words.
        setFields(dialog, QStringLiteral("8"), QStringLiteral("<f4"), QStringLiteral("4, 5"),
                  QStringLiteral("C"));
        QVERIFY(dialog.fieldError(RawPreview::Field::Format).isEmpty());
        QCOMPARE(dialog.preview().options.format, std::string("<f"));
        setFields(dialog, QStringLiteral("8"), QStringLiteral("<f3"), QStringLiteral("4, 5"),
                  QStringLiteral("C"));
        QCOMPARE(dialog.fieldError(RawPreview::Field::Format),
                 QStringLiteral("format: data type '<f3' not understood"));
        QCOMPARE(dialog.preview().field, RawPreview::Field::Format);

        // The shape asks for more bytes than the file holds (8 + 80 = 88 bytes written).
        setFields(dialog, QStringLiteral("8"), QStringLiteral("<f"), QStringLiteral("4, 6"),
                  QStringLiteral("C"));
        QCOMPARE(
            dialog.fieldError(RawPreview::Field::Shape),
            QStringLiteral(
                "raw: file '%1' is too small: offset 8 + 96 data bytes = 104 needed, 88 available")
                .arg(path));
        setFields(dialog, QStringLiteral("8"), QStringLiteral("<f"), QStringLiteral("4, 5"),
                  QStringLiteral("C"));
        QVERIFY(dialog.preview().ok);
    }

    void memoryDialog()
    {
        MemoryDialog dialog;
        dialog.findChild<QLineEdit *>(QStringLiteral("format"))->setText(QStringLiteral("<d"));
        dialog.findChild<QLineEdit *>(QStringLiteral("shape"))->setText(QStringLiteral("3, 4"));
        QCOMPARE(dialog.summary(), QStringLiteral("shape (3, 4), itemsize 8, 96 bytes"));
        auto memory = dialog.create();
        QVERIFY(memory.ok());
        QCOMPARE((*memory)->descriptor().shape, (std::vector<std::int64_t>{3, 4}));
        dialog.findChild<QLineEdit *>(QStringLiteral("shape"))->setText(QStringLiteral("3, -4"));
        QCOMPARE(dialog.summary(),
                 QStringLiteral("raw: shape entry 1 is not a non-negative integer: '-4'"));

        BufferTreeModel model;
        CreateController create(&model);
        auto row = create.newMemory(QStringLiteral("<i"), {2, 5});
        QVERIFY(row.ok());
        QCOMPARE(model.data(row->siblingAtColumn(BufferTreeModel::ShapeColumn)).toString(),
                 QStringLiteral("(2, 5)"));
        QVERIFY(!create.newMemory(QStringLiteral("0s"), {2}).ok());
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_MAIN(RawDialogTest)
#include "raw_dialog_test.moc"
