// SPDX-License-Identifier: GPL-3.0-or-later
// Unit rows for parseFormat/printFormat: every code's size and alignment per prefix (from
// struct, NumPy and ctypes at test time), canonical printing, every error with its column,
// and the limits (nesting depth, overflow, long input).
#include "format/parser.h"
#include "format/printer.h"
#include "format_compare.h"
#include "python_oracle.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

Q_DECLARE_METATYPE(bufferscope::ErrorCategory)

using namespace bufferscope;
using namespace bufferscope::format;

namespace {

// Sizes and alignments per prefix: struct for its codes (alignment = calcsize('cX') -
// calcsize('X')), NumPy for g/Z*/w/O (offset of X after a 'c' in a record), ctypes where
// neither has the code ('&' and X{} as c_void_p, u as a 16-bit unit, g/Zg outside '@').
const char *kCodeTable = R"PY(
import ctypes, json, struct, sys
from numpy.core._internal import _dtype_from_pep3118 as pep
rows = []
for prefix in "@=<>!":
    order = {"<": "little", ">": "big", "!": "big"}.get(prefix, sys.byteorder)
    for code in "xcbB?hHiIlLqQnNefdspP":
        try:
            size = struct.calcsize(prefix + code)
            rows.append([prefix, code, size, struct.calcsize(prefix + "c" + code) - size, order, "struct"])
        except struct.error:
            rows.append([prefix, code, -1, -1, order, "struct refuses"])
    for code in ["g", "Zf", "Zd", "Zg", "w", "O"]:
        try:
            size = pep(prefix + code).itemsize
            align = pep("T{" + prefix + "c" + code + "}").fields["f1"][1]
            rows.append([prefix, code, size, align, order, "numpy"])
        except Exception:
            unit = ctypes.sizeof(ctypes.c_longdouble)
            rows.append([prefix, code, unit * (2 if code == "Zg" else 1), 1, order, "ctypes"])
    native = prefix == "@"
    for code, ctype in [("&i", ctypes.c_void_p), ("X{}", ctypes.c_void_p), ("u", ctypes.c_uint16)]:
        rows.append([prefix, code, ctypes.sizeof(ctype), ctypes.alignment(ctype) if native else 1,
                     order, "ctypes"])
json.dump(rows, sys.stdout)
)PY";

} // namespace

class FormatParserTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const auto run = bufferscope::testing::runPython(QString::fromUtf8(kCodeTable));
        QVERIFY2(run.ok, qPrintable(run.error));
        m_codeTable = QJsonDocument::fromJson(run.out).array();
        QVERIFY(m_codeTable.size() > 100);
    }

    void codeSizes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<qint64>("alignment");
        QTest::addColumn<QString>("order");
        for (const QJsonValue &value : std::as_const(m_codeTable)) {
            const QJsonArray row = value.toArray();
            const QString text = row[0].toString() + row[1].toString();
            QTest::addRow("%s (%s)", qPrintable(text), qPrintable(row[5].toString()))
                << text << row[2].toInteger() << row[3].toInteger() << row[4].toString();
        }
    }
    void codeSizes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, size);
        QFETCH(qint64, alignment);
        QFETCH(QString, order);
        const auto parsed = parseFormat(text.toStdString());
        if (size < 0) { // struct refuses n, N, P outside '@'
            QVERIFY(!parsed.ok());
            QCOMPARE(parsed.error().category, ErrorCategory::Syntax);
            QCOMPARE(parsed.error().message,
                     "format: code '" + text.right(1).toStdString() +
                         "' has no standard size, it needs '@' at column 2");
            return;
        }
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        QCOMPARE(parsed->itemsize(), size);
        QCOMPARE(parsed->alignment(), alignment);
        if (text.endsWith(QLatin1Char('x'))) { // padding: a struct without fields, as NumPy
            QVERIFY(parsed->root.isStruct && parsed->root.fields.empty());
            return;
        }
        QVERIFY(parsed->isSingleScalar());
        const Scalar scalar = *parsed->root.scalar;
        QCOMPARE(scalar.byteOrder == ByteOrder::Little ? QStringLiteral("little")
                                                       : QStringLiteral("big"),
                 order);
        QCOMPARE(scalar.sizeMode,
                 text.startsWith(QLatin1Char('@')) ? SizeMode::Native : SizeMode::Standard);
    }

    // The canonical form is this project's own definition, so these rows are the spec.
    void canonical_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        const char *rows[][2] = {
            {"", ""},
            {"<", ""},
            {"B", "B"},
            {"@B", "B"},
            {"=i", "<i"},
            {"!h", ">h"},
            {"<i b", "<ib"},
            {" i\t3b ", "i3b"},
            {"1i", "i"},
            {"(1)i", "(1)i"},
            {"(2)<i", "<2i"},
            {"<(2,3)i", "(2,3)<i"},
            {"(2, 3)4i", "(2,3,4)i"},
            {"b3xi", "bi"},
            {"i3x", "i3x"},
            {"3xi", "4xi"},
            {"0xi", "i"},
            {"0xT{i:p:<b}", "T{i:p:<b}"}, // once kept a wrapper that its canonical text lost
            {"10s", "10s"},
            {"1s", "s"},
            {"(2)10s", "(2)10s"},
            {"3w", "3w"},
            {"2u", "2u"},
            {"3c", "3c"},
            {"0i", "0i"},
            {"Zd", "Zd"},
            {">Zf", ">Zf"},
            {"3t", "3t"},
            {"T{i:a:b:b:}", "T{i:a:b:b:}"},
            {"T{i:f0:i}", "T{i:f0:i}"},
            {"T{b:a:T{b:x:i:y:}:n:}", "T{b:a:T{b:x:i:y:}:n:}"},
            {"T{<i}b", "T{<i}b"},
            {"T{=i:a:>d:b:(2,3)B:c:}", "T{<i:a:>d:b:(2,3)B:c:}"},
            {"T{b:a:xxxxxxxi:b:}", "T{b:a:7xi:b:}"},
            {"T{<0x}", "T{<0x}"},
            {"<i@T{}", "<iT{@0x}"},
            {"2T{d}", "2T{d}"},
            {"x:pad:", "x:pad:"},
            {"&i", "&i"},
            {"&<i", "&<i"},
            {"<&i", "<&i"},
            {"&&T{i:a:}", "&&T{i:a:}"},
            {"&0xi", "&0xi"}, // a pointer to padding once printed as a bare '&'
            {"&(2)0x", "&(2)0x"},
            {"X{ }", "X{}"},
            {"X{ii->d}", "X{ii->d}"},
            {"X{ii}->d", "X{ii->d}"},
            {"X{->i}", "X{->i}"},
            // Inside arguments "->" belongs to the enclosing X{} (found by libFuzzer).
            {"X{iX{}->d}", "X{iX{}->d}"},
            {"X{i3X{}}->d", "X{i3X{}->d}"},
            {"X{}->X{}->i", "X{->X{->i}}"},
        };
        for (const auto &row : rows)
            QTest::addRow("%s", row[0])
                << QString::fromLatin1(row[0]) << QString::fromLatin1(row[1]);
    }
    void canonical()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        const auto parsed = parseFormat(text.toStdString());
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        QCOMPARE(QString::fromStdString(parsed->canonical()), canonical);
        QCOMPARE(QString::fromStdString(printFormat(parsed->root)), canonical);
        const auto again = parseFormat(canonical.toStdString());
        QVERIFY(again.ok());
        QCOMPARE(bufferscope::testing::compareTypes(parsed->root, again->root), QString());
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<ErrorCategory>("category");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("position");
        const auto syntax = ErrorCategory::Syntax;
        const auto limit = ErrorCategory::Limit;
        struct Row
        {
            const char *text;
            ErrorCategory category;
            const char *message;
            int position;
        };
        const Row rows[] = {
            {"i)", syntax, "format: unexpected ')' at column 2", 1},
            {"T{i:a:b:b:}))", syntax, "format: unexpected ')' at column 12", 11},
            {"T{i:a:}}", syntax, "format: unexpected '}' at column 8", 7},
            {"iiy", syntax, "format: unknown format code 'y' at column 3", 2},
            {"i$", syntax, "format: unknown format code '$' at column 2", 1},
            {"i^", syntax, "format: unexpected end of format at column 3", 2},
            {"\x01", syntax, "format: unknown format code '\\x01' at column 1", 0},
            {"Zq", syntax, "format: unknown format code 'Zq' at column 1", 0},
            {"X{i-d}", syntax, "format: unknown format code '-' at column 4", 3},
            {"T{i", syntax, "format: unterminated 'T{' at column 1", 0},
            {"iT{T{i}", syntax, "format: unterminated 'T{' at column 2", 1},
            {"X{i", syntax, "format: unterminated 'X{' at column 1", 0},
            {"X{i->d", syntax, "format: unterminated 'X{' at column 1", 0},
            {"X{->}", syntax, "format: unexpected '}' at column 5", 4},
            {"(2,3", syntax, "format: unterminated '(' at column 1", 0},
            {"(2;3)i", syntax, "format: unexpected ';' at column 3", 2},
            {"(2,)i", syntax, "format: expected a dimension at column 4", 3},
            {"()i", syntax, "format: expected a dimension at column 2", 1},
            {"(2)", syntax, "format: unexpected end of format at column 4", 3},
            {"(2)(3)i", syntax, "format: unexpected '(' at column 4", 3},
            {"i:name", syntax, "format: unterminated field name at column 2", 1},
            {"i::", syntax, "format: empty field name at column 2", 1},
            {"i:a:i:a:", syntax, "format: duplicate field name 'a' at column 6", 5},
            {"T{i:a:T{i:a:}:b:i:b:}", syntax, "format: duplicate field name 'b' at column 18", 17},
            {":a:", syntax, "format: unexpected ':' at column 1", 0},
            {"i,", syntax, "format: unexpected ',' at column 2", 1},
            {"3", syntax, "format: unexpected end of format at column 2", 1},
            {"i<", syntax, "format: unexpected end of format at column 3", 2},
            {"T{i<}", syntax, "format: unexpected '}' at column 5", 4},
            {"T", syntax, "format: expected '{' after 'T' at column 2", 1},
            {"Ti", syntax, "format: expected '{' after 'T' at column 2", 1},
            {"X", syntax, "format: expected '{' after 'X' at column 2", 1},
            {"Z", syntax, "format: unexpected end of format at column 2", 1},
            {"&", syntax, "format: unexpected end of format at column 2", 1},
            {"2 i", syntax, "format: unexpected ' ' at column 2", 1},
            {"<n", syntax, "format: code 'n' has no standard size, it needs '@' at column 2", 1},
            {"T{=P}", syntax, "format: code 'P' has no standard size, it needs '@' at column 4", 3},
            {"99999999999999999999i", limit, "format: itemsize overflows at column 1", 0},
            {"i9223372036854775807q", limit, "format: itemsize overflows at column 2", 1},
            {"T{4611686018427387904q}", limit, "format: itemsize overflows at column 3", 2},
            {"(4611686018427387904,4)0s", limit, "format: itemsize overflows at column 1", 0},
            {"4611686018427387903xb4611686018427387904x", limit,
             "format: itemsize overflows at column 22", 21},
        };
        for (const Row &row : rows)
            QTest::addRow("%s", row.text) << QString::fromLatin1(row.text) << row.category
                                          << QString::fromLatin1(row.message) << row.position;
    }
    void errors()
    {
        QFETCH(QString, text);
        QFETCH(ErrorCategory, category);
        QFETCH(QString, message);
        QFETCH(int, position);
        const auto parsed = parseFormat(text.toStdString());
        QVERIFY(!parsed.ok());
        QCOMPARE(QString::fromStdString(parsed.error().message), message);
        QCOMPARE(parsed.error().category, category);
        QCOMPARE(parsed.error().position, std::optional<std::size_t>(std::size_t(position)));
    }

    void nestingDepthIsCapped_data()
    {
        QTest::addColumn<QString>("open");
        QTest::addColumn<QString>("close");
        QTest::newRow("T{") << QStringLiteral("T{") << QStringLiteral("}");
        QTest::newRow("&") << QStringLiteral("&") << QString();
        QTest::newRow("X{") << QStringLiteral("X{") << QStringLiteral("}");
    }
    void nestingDepthIsCapped()
    {
        QFETCH(QString, open);
        QFETCH(QString, close);
        const QString deepest =
            open.repeated(kMaxNesting) + QLatin1Char('i') + close.repeated(kMaxNesting);
        QVERIFY(parseFormat(deepest.toStdString()).ok());
        const QString tooDeep =
            open.repeated(kMaxNesting + 1) + QLatin1Char('i') + close.repeated(kMaxNesting + 1);
        const auto parsed = parseFormat(tooDeep.toStdString());
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().category, ErrorCategory::Limit);
        const int column = int(open.size()) * kMaxNesting + 1;
        QCOMPARE(QString::fromStdString(parsed.error().message),
                 QStringLiteral("format: nesting deeper than 64 levels at column %1").arg(column));
        // Far past the cap: refused at the same place, without deep recursion.
        const auto huge = parseFormat(open.repeated(100000).toStdString());
        QVERIFY(!huge.ok());
        QCOMPARE(huge.error().position, std::optional<std::size_t>(std::size_t(column - 1)));
    }

    void longInputIsLinear()
    {
        QElapsedTimer timer;
        timer.start();
        const auto parsed = parseFormat(std::string(200000, 'i'));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->itemsize(), qint64(200000 * sizeof(int)));
        QCOMPARE(qint64(parsed->root.fields.size()), qint64(200000));
        QCOMPARE(parsed->root.fields.back().name, std::string("f199999"));
        QVERIFY2(timer.elapsed() < 20000, "200000 items took more than 20 s");
    }

    void emptyFormatIsAnEmptyStruct()
    {
        // As struct.calcsize('') == 0 and NumPy's dtype of '' (an empty record).
        for (const char *text : {"", "  ", "@", "<"}) {
            const auto parsed = parseFormat(text);
            QVERIFY(parsed.ok());
            QCOMPARE(parsed->itemsize(), qint64(0));
            QVERIFY(parsed->root.isStruct);
            QVERIFY(parsed->root.fields.empty());
            QVERIFY(!parsed->isSingleScalar());
        }
    }

    void unalignedPrefixAgreesWithNumpy()
    {
        // '^' is NumPy's own prefix (native sizes, no alignment); NumPy writes it for packed
        // records with long double fields. Itemsize and offsets come from NumPy's parser.
        const QStringList formats = {"^i", "^bg", "T{b:a:^g:b:}", "T{^b:a:i:b:}", "T{^i:a:b:b:}",
                                     "T{b:a:^d:b:@i:c:}", "T{^b:a:Zd:b:}", "^b^q^b"};
        const auto run = testing::runPython(QStringLiteral(R"PY(
import json, sys
from numpy.core._internal import _dtype_from_pep3118 as pep
out = []
for text in sys.argv[1:]:
    t = pep(text)
    out.append([t.itemsize, [t.fields[n][1] for n in t.names] if t.names else []])
print(json.dumps(out))
)PY"), {}, formats);
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray expected = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(expected.size(), formats.size());
        for (qsizetype i = 0; i < formats.size(); ++i) {
            const auto parsed = parseFormat(formats[i].toStdString());
            QVERIFY2(parsed.ok(), qPrintable(formats[i]));
            const QJsonArray row = expected[i].toArray();
            QCOMPARE(parsed->itemsize(), row[0].toInteger());
            const QJsonArray offsets = row[1].toArray();
            QCOMPARE(qsizetype(parsed->root.fields.size()), offsets.size());
            for (qsizetype f = 0; f < offsets.size(); ++f)
                QCOMPARE(parsed->root.fields[std::size_t(f)].offset, offsets[f].toInteger());
            // The canonical form keeps the layout.
            const auto again = parseFormat(parsed->canonical());
            QVERIFY2(again.ok(), parsed->canonical().c_str());
            QCOMPARE(again->itemsize(), parsed->itemsize());
        }
    }

    void fieldsCarryNameOffsetShapeAndType()
    {
        const auto parsed = parseFormat("T{>i:a:(2,3)<h:b:3s:c:}");
        QVERIFY(parsed.ok());
        const Type &root = parsed->root;
        QCOMPARE(root.fields.size(), std::size_t(3));
        QCOMPARE(root.fields[1].name, std::string("b"));
        QCOMPARE(root.fields[1].offset, qint64(4));
        QCOMPARE(root.fields[1].shape, (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(root.fields[1].size(), qint64(12));
        QCOMPARE(root.fields[0].type->scalar->byteOrder, ByteOrder::Big);
        QCOMPARE(root.fields[1].type->scalar->byteOrder, ByteOrder::Little);
        QCOMPARE(root.fields[2].type->scalar->kind, ScalarKind::Bytes);
        QCOMPARE(root.fields[2].type->scalar->size, qint64(3));
        QVERIFY(root.fields[2].shape.empty());
        QCOMPARE(parsed->itemsize(), qint64(19));
    }

private:
    QJsonArray m_codeTable;
};

QTEST_GUILESS_MAIN(FormatParserTest)
#include "format_parser_test.moc"
