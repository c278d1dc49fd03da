// SPDX-License-Identifier: GPL-3.0-or-later
// Value table cells against Python's repr of NumPy's values (records with nested and
// big-endian fields, big-endian doubles, Fortran int16, planes of a 3-D volume and of views),
// element picking in both directions, and a 4096 x 4096 buffer shown without delay.
#include "exporters/memory/memory_exporter.h"
#include "exporters/npy/npy_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "models/value_table_model.h"
#include "python_oracle.h"
#include "views/value_table_view.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

using namespace bufferscope;

namespace {

const QString kSamples = QStringLiteral(BUFFERSCOPE_SOURCE_DIR "/resources/samples/");

// The plane `expression` of np.load(path) as rows of repr() texts, with column names: one
// column per leaf field (sub-arrays expanded element by element) for records, else one per
// index of the last axis (or a single "value" column for 1-D).
const char *kOracle = R"PY(
import json, sys
import numpy as np
path, expression = sys.argv[1], sys.argv[2]
a = np.load(path)
v = eval('a' + expression) if expression else a
def leaves(dtype, prefix):
    if dtype.fields is None:
        if dtype.subdtype is not None:
            item, shape = dtype.subdtype
            out = []
            for k in np.ndindex(*shape):
                sub = '[' + ','.join(map(str, k)) + ']'
                out += [(prefix + sub + name, lambda x, k=k, get=get: get(x[k]))
                        for name, get in leaves(item, '')]
            return out
        return [(prefix, lambda x: x)]
    out = []
    for name in dtype.names:
        for sub, get in leaves(dtype.fields[name][0], ''):
            full = (prefix + '.' if prefix else '') + name + ('.' + sub if sub and sub[0] != '[' else sub)
            out.append((full, lambda x, name=name, get=get: get(x[name])))
    return out
if v.dtype.names:
    cols = leaves(v.dtype, '')
    names = [n for n, _ in cols]
    rows = [[repr(get(item)) for _, get in cols] for item in v]
elif v.ndim == 1:
    names = ['value']
    rows = [[repr(x)] for x in v]
else:
    names = [str(j) for j in range(v.shape[1])]
    rows = [[repr(x) for x in row] for row in v]
print(json.dumps({'names': names, 'rows': rows}))
)PY";

struct Plane
{
    QStringList names;
    QList<QStringList> rows;
};

Plane numpyPlane(const QString &file, const QString &expression)
{
    Plane plane;
    const auto run =
        testing::runPython(QString::fromUtf8(kOracle), {}, {kSamples + file, expression});
    if (!run.ok) {
        qWarning("python: %s", qPrintable(run.error));
        return plane;
    }
    const auto json = QJsonDocument::fromJson(run.out).object();
    for (const auto &name : json["names"].toArray())
        plane.names << name.toString();
    for (const auto &row : json["rows"].toArray()) {
        QStringList cells;
        for (const auto &cell : row.toArray())
            cells << cell.toString();
        plane.rows << cells;
    }
    return plane;
}

// Compares every cell and column header; returns how many cells agreed.
int compareWithNumpy(const ValueTableModel &model, const Plane &plane)
{
    if (model.rowCount() != plane.rows.size() || model.columnCount() != plane.names.size()) {
        qWarning("plane is %dx%d, NumPy's %lldx%lld", model.rowCount(), model.columnCount(),
                 static_cast<long long>(plane.rows.size()),
                 static_cast<long long>(plane.names.size()));
        return -1;
    }
    for (int column = 0; column < plane.names.size(); ++column) {
        const QString header = model.headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
        if (header != plane.names[column]) {
            qWarning("column %d is '%s', NumPy's '%s'", column, qPrintable(header),
                     qPrintable(plane.names[column]));
            return -1;
        }
    }
    int agreed = 0;
    for (int row = 0; row < plane.rows.size(); ++row) {
        for (int column = 0; column < plane.names.size(); ++column) {
            const QString ours = model.data(model.index(row, column)).toString();
            if (ours != plane.rows[row][column]) {
                qWarning("cell (%d, %d) is '%s', NumPy's repr '%s'", row, column, qPrintable(ours),
                         qPrintable(plane.rows[row][column]));
                return -1;
            }
            ++agreed;
        }
    }
    return agreed;
}

struct Fixture
{
    BufferTreeModel tree;
    CurrentBuffer current{&tree};

    QModelIndex open(const QString &file, const QString &view = {})
    {
        auto exporter = NpyExporter::open((kSamples + file).toStdString());
        if (!exporter)
            return {};
        QModelIndex row = tree.addExporter(std::move(exporter).value(), file);
        if (!view.isEmpty()) {
            auto created = tree.createView(row, view);
            if (!created)
                return {};
            row = created.value();
        }
        current.setIndex(row);
        return row;
    }
};

} // namespace

class ValueTableModelTest : public QObject
{
    Q_OBJECT
private slots:
    void againstNumpy_data();
    void againstNumpy();
    void volumePlanes();
    void fieldFilter();
    void pickingBothWays();
    void hugeBufferIsInstant();
    void metadataChanges();
    void screenshot();
};

void ValueTableModelTest::againstNumpy_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("view"); // the same text is NumPy indexing and our expression

    QTest::newRow("records") << "records.npy"
                             << "";
    QTest::newRow("records [::-5]") << "records.npy"
                                    << "[::-5]";
    QTest::newRow("records ['sensor']") << "records.npy"
                                        << "['sensor']";
    QTest::newRow("bigendian") << "bigendian.npy"
                               << "";
    QTest::newRow("bigendian [::-7, 3::9].T") << "bigendian.npy"
                                              << "[::-7, 3::9].T";
    QTest::newRow("fortran") << "fortran.npy"
                             << "";
    QTest::newRow("volume [4, 60]") << "volume.npy"
                                    << "[4, 60]";
}

void ValueTableModelTest::againstNumpy()
{
    QFETCH(QString, file);
    QFETCH(QString, view);
    const Plane plane = numpyPlane(file, view);
    QVERIFY(!plane.rows.isEmpty());
    Fixture f;
    ValueTableModel model(&f.current);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(f.open(file, view).isValid());
    const int agreed = compareWithNumpy(model, plane);
    QVERIFY(agreed > 0);
    qInfo("%d cells equal NumPy's repr", agreed);
}

// Rows and columns along any two axes, the third held by its fixed index.
void ValueTableModelTest::volumePlanes()
{
    Fixture f;
    ValueTableModel model(&f.current);
    QVERIFY(f.open("volume.npy").isValid());
    QCOMPARE(model.rowAxis(), 1);
    QCOMPARE(model.columnAxis(), 2);
    model.setFixedIndex(0, 5);
    QCOMPARE(compareWithNumpy(model, numpyPlane("volume.npy", "[5]")), 128 * 128);
    model.setAxes(0, 2);
    model.setFixedIndex(1, 77);
    QCOMPARE(compareWithNumpy(model, numpyPlane("volume.npy", "[:, 77]")), 32 * 128);
    model.setAxes(2, 0); // transposed plane
    model.setFixedIndex(1, 3);
    QCOMPARE(compareWithNumpy(model, numpyPlane("volume.npy", "[:, 3].T")), 32 * 128);
    model.setFixedIndex(1, 1000); // clamped to the axis
    QCOMPARE(model.fixedIndex()[1], 127);
}

void ValueTableModelTest::fieldFilter()
{
    Fixture f;
    ValueTableModel model(&f.current);
    QVERIFY(f.open("records.npy").isValid());
    QStringList names;
    for (const auto &leaf : model.leaves())
        names << QString::fromStdString(leaf.name);
    QCOMPARE(names, (QStringList{"id", "position[0]", "position[1]", "position[2]", "valid", "name",
                                 "sensor.gain", "sensor.channel"}));
    model.setFieldFilter(6);
    QCOMPARE(model.columnCount(), 1);
    QCOMPARE(model.headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(), "sensor.gain");
    Plane gain = numpyPlane("records.npy", "['sensor']['gain']");
    gain.names = QStringList{"sensor.gain"}; // NumPy's plane is a plain 1-D array
    QCOMPARE(compareWithNumpy(model, gain), 48);
}

// A cell picked in the table becomes the current element; an element picked elsewhere moves
// the fixed index, selects its cell and scrolls to it.
void ValueTableModelTest::pickingBothWays()
{
    Fixture f;
    ValueTableView view(&f.current);
    QVERIFY(f.open("volume.npy").isValid());
    view.resize(800, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *model = view.model();
    view.table()->setCurrentIndex(model->index(3, 4));
    QCOMPARE(f.current.element(), (std::vector<Index>{0, 3, 4}));

    f.current.setElement({17, 100, 90});
    QCOMPARE(model->fixedIndex()[0], 17);
    QCOMPARE(view.table()->currentIndex(), model->index(100, 90));
    auto *spin = view.findChild<QSpinBox *>("axis0");
    QVERIFY(spin);
    QCOMPARE(spin->value(), 17);
    const QRect cell = view.table()->visualRect(model->index(100, 90));
    QVERIFY(view.table()->viewport()->rect().contains(cell));
    QCOMPARE(f.current.element(), (std::vector<Index>{17, 100, 90}));

    spin->setValue(2);
    QCOMPARE(model->fixedIndex()[0], 2);
    // Elements that are not indices of this buffer are ignored.
    f.current.setElement({1, 2});
    QCOMPARE(model->fixedIndex()[0], 2);
}

void ValueTableModelTest::hugeBufferIsInstant()
{
    BufferTreeModel tree;
    CurrentBuffer current(&tree);
    ValueTableView view(&current);
    view.resize(900, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto exporter = MemoryExporter::create("<H", {4096, 4096});
    QVERIFY(exporter.ok());
    QElapsedTimer timer;
    timer.start();
    current.setIndex(tree.addExporter(std::move(exporter).value(), "big"));
    QCOMPARE(view.model()->rowCount(), 4096);
    QCOMPARE(view.model()->columnCount(), 4096);
    current.setElement({4000, 4090});
    const QImage shot = view.grab().toImage();
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(view.table()->currentIndex(), view.model()->index(4000, 4090));
    QVERIFY(!shot.isNull());
    qInfo("4096 x 4096: shown, scrolled and painted in %lld ms", elapsed);
    QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));
}

// A reshape the table has not heard of yet shows nothing rather than reading through the old
// layout; BufferTreeModel::metadataChanged brings the new plane.
void ValueTableModelTest::metadataChanges()
{
    BufferTreeModel tree;
    CurrentBuffer current(&tree);
    ValueTableModel model(&current);
    auto created = MemoryExporter::create("<H", {4, 4});
    QVERIFY(created.ok());
    MemoryExporter *exporter = created.value().get();
    const QModelIndex row = tree.addExporter(std::move(created).value(), "memory");
    current.setIndex(row);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.data(model.index(1, 1)).toString(), QStringLiteral("0"));
    QVERIFY(exporter->reshape({16}).ok());
    QVERIFY(!model.data(model.index(1, 1)).isValid());
    tree.metadataChanged(row);
    QCOMPARE(model.rowCount(), 16);
    QCOMPARE(model.columnCount(), 1);
    QCOMPARE(model.data(model.index(15, 0)).toString(), QStringLiteral("0"));
}

void ValueTableModelTest::screenshot()
{
    Fixture f;
    ValueTableView view(&f.current);
    QVERIFY(f.open("records.npy").isValid());
    view.resize(1000, 520);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.table()->setCurrentIndex(view.model()->index(2, 6));
    const QImage shot = view.grab().toImage();
    QCOMPARE(shot.size(), QSize(1000, 520));
    const QByteArray dir = qgetenv("BUFFERSCOPE_SHOTS");
    if (!dir.isEmpty()) {
        QDir().mkpath(QString::fromLocal8Bit(dir));
        QVERIFY(shot.save(QString::fromLocal8Bit(dir) + "/inspector-value-table-records.png"));
    }
}

QTEST_MAIN(ValueTableModelTest)
#include "value_table_model_test.moc"
