// SPDX-License-Identifier: GPL-3.0-or-later
// Inspector rows for the bundled samples and for views, against NumPy (shape, strides,
// itemsize, len, contiguity, format, file offset, record fields) and CPython's _testbuffer
// (the PIL-style image layout); the export count follows views as they come and go.
#include "buffer/diagnostics.h"
#include "exporters/npy/npy_exporter.h"
#include "image/image_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "models/inspector_field_model.h"
#include "models/inspector_model.h"
#include "python_oracle.h"
#include "views/inspector_view.h"
#include "views/view.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTreeView>

using namespace bufferscope;

namespace {

const QString kSamples = QStringLiteral(BUFFERSCOPE_SOURCE_DIR "/resources/samples/");

// What NumPy says about np.load(path)[expression] (expression "" for the array itself):
// the Layout rows as the inspector prints them, the file offset of the first byte, and the
// record fields flattened with dotted names.
const char *kOracle = R"PY(
import json, sys
import numpy as np
path, expression = sys.argv[1], sys.argv[2]
with open(path, 'rb') as f:
    major, minor = np.lib.format.read_magic(f)
    np.lib.format._read_array_header(f, (major, minor))
    header = f.tell()
a = np.load(path, mmap_mode='r')
base = a.__array_interface__['data'][0]
v = eval('a' + expression) if expression else a
m = memoryview(np.asarray(v))
def fields(dtype, prefix, offset, shape, out):
    if dtype.fields is None:
        if dtype.subdtype is not None:
            item, sub = dtype.subdtype
            return fields(item, prefix, offset, shape + list(sub), out)
        order = {'<': 'little', '>': 'big', '|': '|', '=': 'little'}[dtype.byteorder]
        out.append([prefix or '(item)', str(offset), dtype.str, order,
                    str(tuple(shape)) if shape else ''])
        return out
    for name in dtype.names:
        sub, off = dtype.fields[name][:2]
        fields(sub, prefix + '.' + name if prefix else name, offset + off, shape, out)
    return out
print(json.dumps({
    'itemsize': str(m.itemsize), 'ndim': str(m.ndim), 'shape': str(m.shape),
    'strides': str(m.strides), 'suboffsets': str(m.suboffsets or None),
    'len': str(m.nbytes), 'C-contiguous': str(m.c_contiguous),
    'F-contiguous': str(m.f_contiguous), 'format': m.format,
    'offset': str(header + v.__array_interface__['data'][0] - base),
    'fields': fields(v.dtype, '', 0, [], [])}))
)PY";

QJsonObject numpyFacts(const QString &file, const QString &expression)
{
    const auto run =
        testing::runPython(QString::fromUtf8(kOracle), {}, {kSamples + file, expression});
    if (!run.ok)
        qWarning("python: %s", qPrintable(run.error));
    return QJsonDocument::fromJson(run.out).object();
}

QStringList fieldRow(const InspectorFieldModel &model, int row)
{
    QStringList cells;
    for (int column = 0; column < InspectorFieldModel::ColumnCount; ++column)
        cells << model.data(model.index(row, column)).toString();
    return cells;
}

} // namespace

class InspectorModelTest : public QObject
{
    Q_OBJECT
private slots:
    void samples_data();
    void samples();
    void image();
    void liveExports();
    void viewWidget();
};

void InspectorModelTest::samples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expression"); // NumPy indexing, "" for the file itself
    QTest::addColumn<QString>("view");       // our view expression, "" for the exporter

    QTest::newRow("volume") << "volume.npy"
                            << ""
                            << "";
    QTest::newRow("records") << "records.npy"
                             << ""
                             << "";
    QTest::newRow("bigendian") << "bigendian.npy"
                               << ""
                               << "";
    QTest::newRow("fortran") << "fortran.npy"
                             << ""
                             << "";
    QTest::newRow("volume [::2, 5].T") << "volume.npy"
                                       << "[::2, 5].T"
                                       << "[::2, 5].T";
    QTest::newRow("volume [3, ::-4, 1::3]") << "volume.npy"
                                            << "[3, ::-4, 1::3]"
                                            << "[3, ::-4, 1::3]";
    QTest::newRow("records [5::3]") << "records.npy"
                                    << "[5::3]"
                                    << "[5::3]";
    QTest::newRow("records ['sensor']") << "records.npy"
                                        << "['sensor']"
                                        << "['sensor']";
    QTest::newRow("bigendian [::-1, 10:20].T") << "bigendian.npy"
                                               << "[::-1, 10:20].T"
                                               << "[::-1, 10:20].T";
    QTest::newRow("fortran .T") << "fortran.npy"
                                << ".T"
                                << ".T";
}

void InspectorModelTest::samples()
{
    QFETCH(QString, file);
    QFETCH(QString, expression);
    QFETCH(QString, view);
    const QJsonObject numpy = numpyFacts(file, expression);
    QVERIFY(!numpy.isEmpty());

    BufferTreeModel tree;
    CurrentBuffer current(&tree);
    InspectorModel model(&current);
    InspectorFieldModel fields(&current);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);

    auto exporter = NpyExporter::open((kSamples + file).toStdString());
    QVERIFY(exporter.ok());
    QModelIndex row = tree.addExporter(std::move(exporter).value(), file);
    if (!view.isEmpty()) {
        auto created = tree.createView(row, view);
        QVERIFY2(created.ok(), created.ok() ? "" : created.error().message.c_str());
        row = created.value();
    }
    current.setIndex(row);
    QCOMPARE(model.sectionTitles(),
             (QStringList{"Buffer", "Layout", "Format", "Requests", "Diagnostics"}));

    int agreed = 0;
    for (const char *key : {"itemsize", "ndim", "shape", "strides", "suboffsets", "len",
                            "C-contiguous", "F-contiguous", "offset"}) {
        QCOMPARE(model.value("Layout", key), numpy[key].toString());
        ++agreed;
    }
    qInfo("%d layout rows agree with NumPy", agreed);

    // The format row shows the descriptor's own text (the .npy exporter writes "<f" where
    // NumPy's memoryview says "f": same layout, standard size); the field table below is what
    // is compared with NumPy's dtype.
    const BufferSource &source = *tree.source(row);
    QCOMPARE(model.value("Format", "format"), QString::fromStdString(source.descriptor().format));
    QCOMPARE(model.value("Buffer", "exports"), QString::number(source.exports()));
    QCOMPARE(model.value("Buffer", "readonly"),
             source.descriptor().readonly ? QStringLiteral("True") : QStringLiteral("False"));
    const View *built = tree.view(row);
    QCOMPARE(model.value("Buffer", "expression"),
             built ? QString::fromStdString(built->fullExpression())
                   : QStringLiteral("(exporter)"));
    QStringList requests;
    for (const auto &name : satisfiableRequests(source.descriptor()))
        requests << QString::fromStdString(name);
    QCOMPARE(model.value("Requests", "satisfiable"), requests.join(", "));
    // Diagnostics rows, numbered, with the severity role set.
    const auto diagnostics = diagnoseLayout(source.descriptor());
    QCOMPARE(model.diagnostics(), diagnostics);
    for (std::size_t i = 0; i < diagnostics.size(); ++i)
        QCOMPARE(model.value("Diagnostics", QString::number(i + 1)),
                 QString::fromStdString(diagnostics[i].message));

    // The field table against NumPy's dtype, flattened the same way.
    const QJsonArray expected = numpy["fields"].toArray();
    QCOMPARE(fields.rowCount(), expected.size());
    for (int i = 0; i < expected.size(); ++i) {
        QStringList cells;
        for (const auto &cell : expected[i].toArray())
            cells << cell.toString();
        QCOMPARE(fieldRow(fields, i), cells);
    }
}

// The PIL-style testcard against _testbuffer's ND_PIL layout of the same shape.
void InspectorModelTest::image()
{
    const auto run = testing::runPython(QStringLiteral(R"PY(
import json, struct, zlib, sys
from _testbuffer import ndarray, ND_PIL
with open(sys.argv[1], 'rb') as f:
    data = f.read()
width, height = struct.unpack('>II', data[16:24])
m = memoryview(ndarray([0] * (height * width * 3), shape=[height, width, 3], format='B',
                       flags=ND_PIL))
print(json.dumps({'shape': str(m.shape), 'strides': str(m.strides),
                  'suboffsets': str(m.suboffsets), 'len': str(m.nbytes),
                  'C-contiguous': str(m.c_contiguous), 'F-contiguous': str(m.f_contiguous)}))
)PY"),
                                        {}, {kSamples + "testcard.png"});
    QVERIFY2(run.ok, qPrintable(run.error));
    const auto facts = QJsonDocument::fromJson(run.out).object();

    BufferTreeModel tree;
    CurrentBuffer current(&tree);
    InspectorModel model(&current);
    auto image = ImageExporter::open((kSamples + "testcard.png").toStdString());
    QVERIFY(image.ok());
    current.setIndex(tree.addExporter(std::move(image).value(), "testcard.png"));
    for (const QString &key : facts.keys())
        QCOMPARE(model.value("Layout", key), facts[key].toString());
    QCOMPARE(model.value("Layout", "offset"), QStringLiteral("0"));
    QCOMPARE(model.value("Diagnostics", "1"),
             QStringLiteral("axis 0 dereferences a pointer (suboffset 0)"));
    QCOMPARE(model.value("Diagnostics", "2"), QString());

    // Indexing a row follows its pointer: the view no longer starts in data().
    auto rowView = tree.createView(tree.index(0, 0), "[7]");
    QVERIFY(rowView.ok());
    current.setIndex(rowView.value());
    QCOMPARE(model.value("Layout", "offset"),
             QStringLiteral("None (inside a row reached by pointer)"));
}

// The export count row changes the moment a view of the shown buffer is made or released.
void InspectorModelTest::liveExports()
{
    BufferTreeModel tree;
    CurrentBuffer current(&tree);
    InspectorModel model(&current);
    auto exporter = NpyExporter::open((kSamples + "records.npy").toStdString());
    QVERIFY(exporter.ok());
    const QModelIndex root = tree.addExporter(std::move(exporter).value(), "records.npy");
    current.setIndex(root);
    QCOMPARE(model.value("Buffer", "exports"), QStringLiteral("0"));
    auto first = tree.createView(root, "[::2]");
    QVERIFY(first.ok());
    QCOMPARE(model.value("Buffer", "exports"), QStringLiteral("1"));
    auto second = tree.createView(first.value(), "['id']");
    QVERIFY(second.ok());
    QCOMPARE(model.value("Buffer", "exports"), QStringLiteral("1"));
    auto third = tree.createView(root, "[3]");
    QVERIFY(third.ok());
    QCOMPARE(model.value("Buffer", "exports"), QStringLiteral("2"));
    QVERIFY(tree.remove(third.value()).ok());
    QCOMPARE(model.value("Buffer", "exports"), QStringLiteral("1"));
    QCOMPARE(tree.source(root)->exports(), 1);
}

// The widget shows every section expanded, with warning icons on diagnostics; the screenshot
// goes to $BUFFERSCOPE_SHOTS when set.
void InspectorModelTest::viewWidget()
{
    BufferTreeModel tree;
    CurrentBuffer current(&tree);
    InspectorView inspector(&current);
    auto exporter = NpyExporter::open((kSamples + "records.npy").toStdString());
    QVERIFY(exporter.ok());
    const QModelIndex root = tree.addExporter(std::move(exporter).value(), "records.npy");
    auto strided = tree.createView(root, "[::-3]");
    QVERIFY(strided.ok());
    auto overlapping = tree.createView(strided.value(), "['position']");
    QVERIFY(overlapping.ok());
    current.setIndex(strided.value());
    inspector.resize(520, 820);
    inspector.show();
    QVERIFY(QTest::qWaitForWindowExposed(&inspector));
    const QModelIndex layout = inspector.model()->index(1, 0);
    QVERIFY(inspector.tree()->isExpanded(layout));
    const QModelIndex diagnostics = inspector.model()->index(4, 0);
    QVERIFY(inspector.model()->rowCount(diagnostics) >= 2);
    const QImage shot = inspector.grab().toImage();
    QCOMPARE(shot.size(), QSize(520, 820));
    const QByteArray dir = qgetenv("BUFFERSCOPE_SHOTS");
    if (!dir.isEmpty()) {
        QDir().mkpath(QString::fromLocal8Bit(dir));
        QVERIFY(shot.save(QString::fromLocal8Bit(dir) + "/inspector-strided-records.png"));
    }
}

QTEST_MAIN(InspectorModelTest)
#include "inspector_model_test.moc"
