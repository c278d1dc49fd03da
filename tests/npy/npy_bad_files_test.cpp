// SPDX-License-Identifier: GPL-3.0-or-later
// Malformed .npy files: each is refused with its exact text naming the file and the byte, and
// NumPy (np.load with mmap_mode='r') refuses the same file too, unless the row says why not.
#include "case_files.h"
#include "npy_test_support.h"

#include "exporters/npy/npy_exporter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace bufferscope;
using namespace bufferscope::testing;

namespace {

const QByteArray kGood = "{'descr': '<f4', 'fortran_order': False, 'shape': (32, 32), }";

QByteArray replaced(QByteArray text, const QByteArray &from, const QByteArray &to)
{
    return text.replace(from, to);
}

// The file offset of the first `anchor` in the header of a version-1 file.
int at(const QByteArray &header, const QByteArray &anchor)
{
    return 10 + header.indexOf(anchor);
}

} // namespace

class NpyBadFilesTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void refused_data();
    void refused();
    void numpyRefusesToo();
    void missingFile();

private:
    QTemporaryDir m_dir;
    QStringList m_numpyMustRefuse; // paths written by refused(), checked by numpyRefusesToo()
};

void NpyBadFilesTest::refused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message"); // %1 is the path
    QTest::addColumn<bool>("numpyRefuses");
    const QByteArray good = npyFile(1, kGood, QByteArray(4096, '\1'));
    QTest::newRow("empty") << QByteArray()
                           << "npy: '%1': magic needs 6 bytes at byte 0 but the file has 0" << true;
    QTest::newRow("short magic") << good.left(4)
                                 << "npy: '%1': magic needs 6 bytes at byte 0 but the file has 4"
                                 << true;
    QTest::newRow("bad magic") << replaced(good, "NUMPY", "NUMPZ")
                               << "npy: '%1': bad magic at byte 0" << true;
    QTest::newRow("text file") << QByteArray("hello world\n") << "npy: '%1': bad magic at byte 0"
                               << true;
    QTest::newRow("no version") << good.left(7)
                                << "npy: '%1': version needs 2 bytes at byte 6 but the file has 7"
                                << true;
    QTest::newRow("version 4.0") << npyFile(4, kGood)
                                 << "npy: '%1': unsupported version 4.0 at byte 6" << true;
    QTest::newRow("version 1.1") << npyFile(1, kGood, {}, 1)
                                 << "npy: '%1': unsupported version 1.1 at byte 6" << true;
    QTest::newRow("no length")
        << good.left(9) << "npy: '%1': header length needs 2 bytes at byte 8 but the file has 9"
        << true;
    QTest::newRow("truncated header")
        << good.left(50) << "npy: '%1': header needs 118 bytes at byte 10 but the file has 50"
        << true;
    QByteArray huge = npyFile(2, kGood);
    huge[8] = huge[9] = huge[10] = huge[11] = '\xff';
    QTest::newRow("huge header length")
        << huge << "npy: '%1': header length 4294967295 is more than 1048576 at byte 8" << true;
    QTest::newRow("truncated data")
        << good.left(1000) << "npy: '%1': data needs 4096 bytes at byte 128 but the file has 1000"
        << true;
    QTest::newRow("claims 8 TiB")
        << npyFile(1, replaced(kGood, "(32, 32)", "(1099511627776,)"))
        << "npy: '%1': data needs 4398046511104 bytes at byte 128 but the file has 128" << true;
    const QByteArray overflow = replaced(kGood, "(32, 32)", "(1099511627776, 1099511627776)");
    QTest::newRow("shape overflow")
        << npyFile(1, overflow)
        << QStringLiteral(
               "npy: '%1': shape (1099511627776, 1099511627776) of itemsize 4 overflows at byte %2")
               .arg(QStringLiteral("%1"), QString::number(at(overflow, "(1099")))
        << true;
    const QByteArray missing = "{'descr': '<f4', 'shape': (32, 32), }";
    QTest::newRow("missing key") << npyFile(1, missing)
                                 << "npy: '%1': header: missing key 'fortran_order' at byte 10"
                                 << true;
    const QByteArray extra = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}";
    QTest::newRow("extra key") << npyFile(1, extra)
                               << QStringLiteral("npy: '%1': header: unexpected key 'x' at byte %2")
                                      .arg(QStringLiteral("%1"), QString::number(at(extra, "'x'")))
                               << true;
    const QByteArray duplicate =
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'shape': (2,)}";
    // NumPy's literal_eval keeps the last of two equal keys; we refuse the ambiguity.
    QTest::newRow("duplicate key")
        << npyFile(1, duplicate)
        << QStringLiteral("npy: '%1': header: duplicate key 'shape' at byte %2")
               .arg(QStringLiteral("%1"), QString::number(10 + duplicate.lastIndexOf("'shape'")))
        << false;
    const QByteArray call =
        "{'descr': __import__('os').system('false'), 'fortran_order': False, 'shape': (2,)}";
    QTest::newRow("non-literal")
        << npyFile(1, call)
        << QStringLiteral("npy: '%1': header: unexpected name '__import__' at byte %2")
               .arg(QStringLiteral("%1"), QString::number(at(call, "__import__")))
        << true;
    const QByteArray colon = replaced(kGood, "'descr':", "'descr' =");
    QTest::newRow("expected colon")
        << npyFile(1, colon)
        << QStringLiteral("npy: '%1': header: expected ':' at byte %2")
               .arg(QStringLiteral("%1"), QString::number(at(colon, "=")))
        << true;
    const QByteArray notDict = "['descr', '<f4']";
    QTest::newRow("not a dict") << npyFile(1, notDict) << "npy: '%1': header: not a dict at byte 10"
                                << true;
    const QByteArray deep = "{'descr': " + QByteArray(200, '[') + "}";
    QTest::newRow("nesting bomb") << npyFile(1, deep)
                                  << QStringLiteral(
                                         "npy: '%1': header: nesting deeper than 32 at byte %2")
                                         .arg(QStringLiteral("%1"),
                                              QString::number(at(deep, "[") + 31))
                                  << true;
    const QByteArray list = replaced(kGood, "(32, 32)", "[32, 32]");
    QTest::newRow("shape list")
        << npyFile(1, list)
        << QStringLiteral("npy: '%1': header: shape must be a tuple of integers at byte %2")
               .arg(QStringLiteral("%1"), QString::number(at(list, "[32")))
        << true;
    const QByteArray negative = replaced(kGood, "(32, 32)", "(32, -1)");
    QTest::newRow("negative dim") << npyFile(1, negative)
                                  << QStringLiteral(
                                         "npy: '%1': header: negative dimension -1 at byte %2")
                                         .arg(QStringLiteral("%1"),
                                              QString::number(at(negative, "-1")))
                                  << true;
    const QByteArray bigint = replaced(kGood, "(32, 32)", "(99999999999999999999,)");
    QTest::newRow("integer too large")
        << npyFile(1, bigint)
        << QStringLiteral("npy: '%1': header: integer too large at byte %2")
               .arg(QStringLiteral("%1"), QString::number(at(bigint, "9999")))
        << true;
    const QByteArray fortran = replaced(kGood, "False", "1");
    QTest::newRow("fortran_order int")
        << npyFile(1, fortran)
        << QStringLiteral("npy: '%1': header: fortran_order must be True or False at byte %2")
               .arg(QStringLiteral("%1"), QString::number(at(fortran, "1,")))
        << true;
    const QByteArray unterminated = "{'descr': '<f4}";
    QTest::newRow("unterminated string")
        << npyFile(1, unterminated)
        << QStringLiteral("npy: '%1': header: unterminated string at byte %2")
               .arg(QStringLiteral("%1"), QString::number(at(unterminated, "'<f4")))
        << true;
    const QByteArray object = replaced(kGood, "'<f4'", "'|O'");
    QTest::newRow("object")
        << npyFile(1, object, QByteArray(8192, '\0'))
        << QStringLiteral("npy: '%1': descr: object type '|O' cannot be memory-mapped at byte %2")
               .arg(QStringLiteral("%1"), QString::number(at(object, "'|O'")))
        << true;
    // NumPy maps datetimes, but a buffer cannot carry them: there is no PEP 3118 code.
    const QByteArray datetime = replaced(kGood, "'<f4'", "'<M8[ns]'");
    QTest::newRow("datetime")
        << npyFile(1, datetime, QByteArray(8192, '\0'))
        << QStringLiteral(
               "npy: '%1': descr: datetime64 '<M8[ns]' has no PEP 3118 format at byte %2")
               .arg(QStringLiteral("%1"), QString::number(at(datetime, "'<M8")))
        << false;
    const QByteArray utf8 = "{'descr': [('\xc3', '<i4')], 'fortran_order': False, 'shape': (2,)}";
    QTest::newRow("bad utf-8 in 3.0")
        << npyFile(3, utf8, QByteArray(8, '\0'))
        << QStringLiteral("npy: '%1': header: invalid utf-8 at byte %2")
               .arg(QStringLiteral("%1"), QString::number(12 + utf8.indexOf('\xc3')))
        << true;
}

void NpyBadFilesTest::refused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    QFETCH(bool, numpyRefuses);
    const QString path =
        m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()).replace(' ', '_') + ".npy");
    QVERIFY(writeFile(path, bytes));
    auto exporter = NpyExporter::open(path.toStdString());
    QVERIFY(!exporter);
    QCOMPARE(QString::fromStdString(exporter.error().message), message.arg(path));
    if (numpyRefuses)
        m_numpyMustRefuse << path;
}

void NpyBadFilesTest::numpyRefusesToo()
{
    QVERIFY(m_numpyMustRefuse.size() > 20);
    const char *program = R"PY(
import json, sys
import numpy as np
accepted = []
for path in json.load(sys.stdin):
    try:
        np.load(path, mmap_mode='r')
        accepted.append(path)
    except Exception:
        pass
print(json.dumps(accepted))
)PY";
    const auto run =
        runPython(QString::fromLatin1(program),
                  QJsonDocument(QJsonArray::fromStringList(m_numpyMustRefuse)).toJson());
    QVERIFY2(run.ok, qPrintable(run.error));
    QCOMPARE(QJsonDocument::fromJson(run.out).array(), QJsonArray());
}

void NpyBadFilesTest::missingFile()
{
    const QString path = m_dir.filePath(QStringLiteral("absent.npy"));
    auto exporter = NpyExporter::open(path.toStdString());
    QVERIFY(!exporter);
    QCOMPARE(QString::fromStdString(exporter.error().message),
             QStringLiteral("open: cannot open '%1': No such file or directory").arg(path));
}

QTEST_GUILESS_MAIN(NpyBadFilesTest)
#include "npy_bad_files_test.moc"
