// SPDX-License-Identifier: GPL-3.0-or-later
// Tests of lookup.h: isNativeSingleCharFormat against CPython's memoryview.cast over every
// printable character and prefix, findField over nested records, and singleScalar.
#include "format/lookup.h"
#include "format/parser.h"
#include "python_oracle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace bufferscope;
using namespace bufferscope::format;

namespace {

// Every candidate destination format and whether memoryview.cast accepts it.
const char *kCastProgram = R"PY(
import json, sys
view = memoryview(bytearray(64))
texts = [p + chr(c) for p in ["", "@", "=", "<", ">", "!", "@@"] for c in range(32, 127)]
texts += ["", "@", "B ", " B", "1B", "2B", "Zf", "Zd", "@ B", "3s", "T{B}", "&B", "X{}", "BB"]
rows = []
for text in texts:
    try:
        view.cast(text)
        accepted = True
    except (ValueError, TypeError) as e:
        accepted = "destination format must be" not in str(e)
    rows.append([text, accepted])
json.dump(rows, sys.stdout)
)PY";

} // namespace

class FormatLookupTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const auto run = bufferscope::testing::runPython(QString::fromUtf8(kCastProgram));
        QVERIFY2(run.ok, qPrintable(run.error));
        m_castRows = QJsonDocument::fromJson(run.out).array();
        QVERIFY(m_castRows.size() > 600);
    }

    void nativeSingleCharMatchesMemoryviewCast_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("accepted");
        for (const QJsonValue &value : std::as_const(m_castRows)) {
            const QJsonArray row = value.toArray();
            QTest::addRow("'%s'", qPrintable(row[0].toString()))
                << row[0].toString() << row[1].toBool();
        }
    }
    void nativeSingleCharMatchesMemoryviewCast()
    {
        QFETCH(QString, text);
        QFETCH(bool, accepted);
        QCOMPARE(isNativeSingleCharFormat(text.toStdString()), accepted);
    }

    void singleScalar_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("single");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("size");
        QTest::newRow("<i") << "<i" << true << int(ScalarKind::SignedInt) << qint64(4);
        QTest::newRow("@B") << "@B" << true << int(ScalarKind::UnsignedInt) << qint64(1);
        QTest::newRow("Zd") << "Zd" << true << int(ScalarKind::Complex) << qint64(16);
        QTest::newRow("10s") << "10s" << true << int(ScalarKind::Bytes) << qint64(10);
        QTest::newRow("3w") << "3w" << true << int(ScalarKind::Ucs4) << qint64(12);
        QTest::newRow("&d") << "&d" << true << int(ScalarKind::Pointer) << qint64(sizeof(void *));
        QTest::newRow("3i") << "3i" << false << 0 << qint64(0);
        QTest::newRow("ib") << "ib" << false << 0 << qint64(0);
        QTest::newRow("i:a:") << "i:a:" << false << 0 << qint64(0);
        QTest::newRow("T{i}") << "T{i}" << false << 0 << qint64(0);
        QTest::newRow("x") << "x" << false << 0 << qint64(0);
        QTest::newRow("y") << "y" << false << 0 << qint64(0);
    }
    void singleScalar()
    {
        QFETCH(QString, text);
        QFETCH(bool, single);
        QFETCH(int, kind);
        QFETCH(qint64, size);
        const auto scalar = bufferscope::singleScalar(text.toStdString());
        QCOMPARE(scalar.has_value(), single);
        if (!single)
            return;
        QCOMPARE(int(scalar->kind), kind);
        QCOMPARE(scalar->size, size);
        const auto parsed = parseFormat(text.toStdString());
        QVERIFY(parsed.ok() && parsed->isSingleScalar());
    }

    void findField()
    {
        const auto parsed = parseFormat("T{b:a:T{b:x:i:y:}:n:(2)h:arr:}");
        QVERIFY(parsed.ok());
        const Type &root = parsed->root;
        const Field *a = bufferscope::findField(root, "a");
        QVERIFY(a);
        QCOMPARE(a->offset, qint64(0));
        const Field *n = bufferscope::findField(root, "n");
        QVERIFY(n);
        QCOMPARE(n->offset, qint64(4));
        const Field *y = bufferscope::findField(root, "n.y");
        QVERIFY(y);
        QCOMPARE(y->offset, qint64(4)); // relative to n
        QCOMPARE(y->type->scalar->code, 'i');
        QVERIFY(!bufferscope::findField(root, "arr.x")); // no path through a sub-array
        QVERIFY(!bufferscope::findField(root, "zz"));
        QVERIFY(!bufferscope::findField(root, "n.zz"));
        QVERIFY(!bufferscope::findField(*a->type, "a")); // a scalar has no fields

        const auto generated = parseFormat("ib");
        QVERIFY(generated.ok());
        const Field *f1 = bufferscope::findField(generated->root, "f1");
        QVERIFY(f1);
        QCOMPARE(f1->offset, qint64(4));
        QVERIFY(!f1->explicitName);

        // A name that itself contains a dot is found before any path is tried.
        const auto dotted = parseFormat("T{i:a.b:}");
        QVERIFY(dotted.ok());
        QVERIFY(bufferscope::findField(dotted->root, "a.b"));
    }

private:
    QJsonArray m_castRows;
};

QTEST_GUILESS_MAIN(FormatLookupTest)
#include "format_lookup_test.moc"
