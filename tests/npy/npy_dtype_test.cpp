// SPDX-License-Identifier: GPL-3.0-or-later
// descr -> PEP 3118 format: our spelling for the typestrs and records NumPy writes, checked
// against NumPy (itemsize from memoryview, layout read back by NumPy's PEP 3118 parser) and
// against our own format parser; refusals with their exact texts.
#include "npy_test_support.h"

#include "exporters/npy/npy_dtype.h"
#include "format/parser.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace bufferscope;
using namespace bufferscope::testing;

namespace {

// Descrs as NumPy prints them in a header (Python literals).
const QStringList kDescrs = {
    "'|b1'",
    "'|i1'",
    "'|u1'",
    "'<i2'",
    "'>i2'",
    "'<u2'",
    "'>u2'",
    "'<i4'",
    "'>i4'",
    "'<u4'",
    "'>u4'",
    "'<i8'",
    "'>i8'",
    "'<u8'",
    "'>u8'",
    "'<f2'",
    "'>f2'",
    "'<f4'",
    "'>f4'",
    "'<f8'",
    "'>f8'",
    "'<c8'",
    "'>c8'",
    "'<c16'",
    "'>c16'",
    "'<f16'",
    "'<c32'",
    "'|S1'",
    "'|S3'",
    "'<U1'",
    "'<U3'",
    "'>U2'",
    "'|V8'",
    "'=i4'",
    "'|f4'",
    "'i8'",
    "'a5'",
    "[('a', '<i4'), ('b', '>f8', (2, 3)), ('c', [('x', '|u1')])]",
    "[('a', '|u1'), ('', '|V3'), ('b', '<i4')]",
    "[('a', '|u1'), ('', '|V3'), ('b', '<i4'), ('c', '|u1'), ('', '|V3')]",
    "[('a', '|u1'), ('', '|V7'), ('b', '<i4'), ('', '|V4')]",
    "[(('title', 'a'), '|u1'), ('b', '<i4')]",
    "[('a', '|u1', (2,)), ('b', '|S3', (2, 2)), ('c', '<U2')]",
    "[('a', '<c8'), ('b', '|b1'), ('c', '<f2'), ('d', '|V3')]",
    "[('a', '|u1', (0,)), ('b', '>i8')]",
    "[('a', '|u1'), ('b', '<f16')]",
    "[('a', '|u1'), ('', '|V15'), ('b', '<f16')]",
    "[('a', '|u1'), ('b', [('x', '|u1'), ('', '|V3'), ('y', '<i4')], (2,))]",
    "[('x', ('<i4', (2,)), (3,))]",
    "[('x', '|u1', 3), ('y', '<u2', ())]",
    "[('', '|V4', (2,)), ('z', '>f4')]",
    "[('p', [('q', [('r', '>u2', (3,))])]), ('s', '<f8')]",
    "[('\u00e9t\u00e9', '<i2'), ('x', '<u4')]",
    "[]",
};

QString text(const Error &error)
{
    return QString::fromStdString(error.message);
}

} // namespace

class NpyDtypeTest : public QObject
{
    Q_OBJECT

private slots:
    void spelling_data();
    void spelling();
    void agreesWithNumpy();
    void refusals_data();
    void refusals();
};

// The spelling this exporter chose (documented in npy_dtype.h): explicit byte order on
// every multi-byte scalar, sub-array shape before the byte order, padding as '<n>x'.
void NpyDtypeTest::spelling_data()
{
    QTest::addColumn<QString>("descr");
    QTest::addColumn<QString>("format");
    QTest::newRow("<f4") << "'<f4'"
                         << "<f";
    QTest::newRow(">i8") << "'>i8'"
                         << ">q";
    QTest::newRow("|b1") << "'|b1'"
                         << "?";
    QTest::newRow("|u1") << "'|u1'"
                         << "B";
    QTest::newRow("<c8") << "'<c8'"
                         << "<Zf";
    QTest::newRow("<c16") << "'<c16'"
                          << "<Zd";
    QTest::newRow("|S3") << "'|S3'"
                         << "3s";
    QTest::newRow("<U3") << "'<U3'"
                         << "<3w";
    QTest::newRow("<f2") << "'<f2'"
                         << "<e";
    QTest::newRow("<f16") << "'<f16'"
                          << "g";
    QTest::newRow("|V8") << "'|V8'"
                         << "8x";
    QTest::newRow("record") << "[('a','<i4'),('b','>f8',(2,3)),('c',[('x','u1')])]"
                            << "T{<i:a:(2,3)>d:b:T{B:x:}:c:}";
    QTest::newRow("padding") << "[('a','u1'),('','|V3'),('b','<i4'),('','|V4')]"
                             << "T{B:a:3x<i:b:4x}";
    QTest::newRow("packed long double") << "[('a','u1'),('b','<f16')]"
                                        << "T{B:a:^g:b:}";
}

void NpyDtypeTest::spelling()
{
    QFETCH(QString, descr);
    QFETCH(QString, format);
    auto dtype = npy::dtypeFromDescrText(descr.toStdString());
    QVERIFY2(dtype, dtype ? "" : dtype.error().message.c_str());
    QCOMPARE(QString::fromStdString(dtype->format), format);
}

// NumPy's memoryview gives the itemsize (and, where it spells it as we do, the same text);
// NumPy's PEP 3118 parser must read our format as the descr's layout; parseFormat must agree
// on the itemsize.
void NpyDtypeTest::agreesWithNumpy()
{
    const char *program = R"PY(
import ast, json, sys
import numpy as np
from numpy.lib import format as npformat
out = []
for descr in json.load(sys.stdin):
    view = memoryview(np.zeros(1, npformat.descr_to_dtype(ast.literal_eval(descr))))
    out.append({'format': view.format, 'itemsize': view.itemsize})
print(json.dumps(out))
)PY";
    QJsonArray descrs;
    for (const QString &descr : kDescrs)
        descrs.append(descr);
    const auto run = runPython(QString::fromLatin1(program), QJsonDocument(descrs).toJson());
    QVERIFY2(run.ok, qPrintable(run.error));
    const QJsonArray numpy = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(numpy.size(), kDescrs.size());

    QJsonArray ours;
    QStringList failures;
    int identical = 0;
    for (qsizetype i = 0; i < kDescrs.size(); ++i) {
        auto dtype = npy::dtypeFromDescrText(kDescrs[i].toStdString());
        QVERIFY2(dtype, qPrintable(kDescrs[i] + ": " + (dtype ? "" : text(dtype.error()))));
        const QString format = QString::fromStdString(dtype->format);
        const QJsonObject expected = numpy[i].toObject();
        // NumPy's memoryview drops a record's trailing padding-only fields from the format
        // but not from the itemsize; the itemsize is what the data layout needs.
        if (dtype->itemsize != expected["itemsize"].toInt())
            failures << QStringLiteral("%1: itemsize %2, numpy %3")
                            .arg(kDescrs[i])
                            .arg(dtype->itemsize)
                            .arg(expected["itemsize"].toInt());
        auto parsed = parseFormat(dtype->format);
        if (!parsed || parsed->itemsize() != dtype->itemsize)
            failures << QStringLiteral("%1: parseFormat(%2) %3")
                            .arg(kDescrs[i], format,
                                 parsed ? QString::number(parsed->itemsize())
                                        : text(parsed.error()));
        if (format == expected["format"].toString())
            ++identical;
        ours.append(QJsonObject{{"descr", kDescrs[i]}, {"format", format}});
    }
    QString error;
    const QJsonArray same =
        runNpyScript(QStringLiteral("check_formats.py"), {}, QJsonDocument(ours).toJson(), &error)
            .array();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(same.size(), kDescrs.size());
    for (qsizetype i = 0; i < same.size(); ++i)
        if (!same[i].toObject()["same"].toBool())
            failures << QStringLiteral("%1: %2 read as %3, numpy has %4")
                            .arg(kDescrs[i], ours[i].toObject()["format"].toString(),
                                 same[i].toObject()["ours"].toString(),
                                 same[i].toObject()["numpy"].toString());
    qInfo("%lld descrs: itemsize and layout agree with numpy; text identical to numpy's in %d",
          static_cast<long long>(kDescrs.size()), identical);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join('\n')));
}

void NpyDtypeTest::refusals_data()
{
    QTest::addColumn<QString>("descr");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("anchor"); // the error is at its last occurrence
    QTest::newRow("datetime") << "'<M8[ns]'"
                              << "descr: datetime64 '<M8[ns]' has no PEP 3118 format"
                              << QStringLiteral("'<M8[ns]'");
    QTest::newRow("timedelta") << "'<m8[s]'"
                               << "descr: timedelta64 '<m8[s]' has no PEP 3118 format"
                               << QStringLiteral("'<m8[s]'");
    QTest::newRow("object") << "'|O'"
                            << "descr: object type '|O' cannot be memory-mapped"
                            << QStringLiteral("'|O'");
    QTest::newRow("big long double")
        << "'>f16'"
        << "descr: long double '>f16' is only exported in native byte order"
        << QStringLiteral("'>f16'");
    QTest::newRow("i3") << "'<i3'"
                        << "descr: unsupported type '<i3'" << QStringLiteral("'<i3'");
    QTest::newRow("f12") << "'<f12'"
                         << "descr: unsupported type '<f12'" << QStringLiteral("'<f12'");
    QTest::newRow("name") << "'float32'"
                          << "descr: unsupported type 'float32'" << QStringLiteral("'float32'");
    QTest::newRow("field in record")
        << "[('a', '<i4'), ('t', '<M8[s]')]"
        << "descr: datetime64 '<M8[s]' has no PEP 3118 format" << QStringLiteral("'<M8[s]'");
    QTest::newRow("colon") << "[('a:b', '|u1')]"
                           << "descr: field name 'a:b' cannot be written in a PEP 3118 format"
                           << QStringLiteral("'a:b'");
    QTest::newRow("duplicate") << "[('a', '|u1'), ('a', '<i4')]"
                               << "descr: duplicate field name 'a'" << QStringLiteral("'a'");
    QTest::newRow("empty name") << "[('', '<i4')]"
                                << "descr: field name '' cannot be written in a PEP 3118 format"
                                << QStringLiteral("''");
    QTest::newRow("short field")
        << "[('a',)]"
        << "descr: field must be a (name, type) or (name, type, shape) tuple"
        << QStringLiteral("('a',)");
    QTest::newRow("negative dim") << "[('a', '|u1', (2, -1))]"
                                  << "descr: negative sub-array dimension -1"
                                  << QStringLiteral("-1");
    QTest::newRow("top sub-array") << "('<i4', (2,))"
                                   << "descr: a sub-array type is only supported inside a record"
                                   << QStringLiteral("('<i4', (2,))");
    QTest::newRow("int")
        << "5"
        << "descr: must be a type string, a list of fields or a (type, shape) tuple"
        << QStringLiteral("5");
    QTest::newRow("overflow") << "[('a', '<f8', (4294967296, 4294967296))]"
                              << "descr: itemsize overflows" << QStringLiteral("4294967296");
}

void NpyDtypeTest::refusals()
{
    QFETCH(QString, descr);
    QFETCH(QString, message);
    QFETCH(QString, anchor);
    auto dtype = npy::dtypeFromDescrText(descr.toStdString());
    QVERIFY(!dtype);
    QCOMPARE(text(dtype.error()), message);
    QCOMPARE(dtype.error().position.value_or(9999),
             static_cast<std::size_t>(descr.lastIndexOf(anchor)));
}

QTEST_GUILESS_MAIN(NpyDtypeTest)
#include "npy_dtype_test.moc"
