// SPDX-License-Identifier: GPL-3.0-or-later
// Bad input, one table row each, refused with an exact error and leaving the source as it
// was: view expressions (out-of-range indices, zero steps, wrong field names, casts CPython
// refuses), descriptors whose strides or offsets escape the file, raw options, format
// strings, and copies larger than the memory limit. NumPy/CPython confirm that every
// expression refused here is refused there too. Set BUFFERSCOPE_HARDENING_TABLE=FILE to write
// the table of tried inputs and errors (Markdown) for tests/hardening/README.md.
#include "python_oracle.h"

#include "buffer/copy.h"
#include "common/memory_limit.h"
#include "descriptors/descriptor_json.h"
#include "descriptors/load_descriptor.h"
#include "descriptors/view_descriptor.h"
#include "exporters/memory/memory_exporter.h"
#include "exporters/raw/raw_file_exporter.h"
#include "exporters/raw/raw_options.h"
#include "format/parser.h"
#include "testing/test_exporter.h"
#include "views/view.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace bufferscope;

namespace {

struct Row
{
    QString kind;  // "expression", "cast", "descriptor", "raw options", "format", "limit"
    QString input; // as typed
    QString error; // the exact refusal
};

// Every input tried, in order, for the README table.
std::vector<Row> &table()
{
    static std::vector<Row> rows;
    return rows;
}

// The arrays expressions are applied to; Python builds the same ones.
struct Array
{
    const char *name;
    const char *format;
    std::vector<std::int64_t> shape;
    const char *numpy;
};

const Array kInts{"a", "i", {3, 4}, "np.arange(12, dtype='i4').reshape(3, 4)"};
const Array kRecords{"s", "T{<i:a:<d:b:}", {5}, "np.zeros(5, dtype=[('a', '<i4'), ('b', '<f8')])"};

// The refusal is `prefix` (where in the expression, our words) followed by Python's own
// message, or `own` where our text differs from Python's.
struct ExpressionCase
{
    const Array *array;
    const char *expression;
    const char *prefix;
    const char *own;
};

// Casts are memoryview's (run on memoryview(a) in Python), the rest NumPy's.
const ExpressionCase kExpressions[] = {
    {&kInts, "[3]", "expression: step 1 '[3]' at column 1: ", nullptr},
    {&kInts, "[-4]", "expression: step 1 '[-4]' at column 1: ", nullptr},
    {&kInts, "[0, 4]", "expression: step 1 '[0, 4]' at column 1: ", nullptr},
    {&kInts, "[0, 0, 0]", "expression: step 1 '[0, 0, 0]' at column 1: ", nullptr},
    {&kInts, "[9223372036854775807]",
     "expression: step 1 '[9223372036854775807]' at column 1: ", nullptr},
    {&kInts, "[::0]", "expression: step 1 '[::0]' at column 1: ", nullptr},
    {&kInts, "[:, 1:2:0]", "expression: step 1 '[:, 1:2:0]' at column 1: ", nullptr},
    {&kInts, "[..., ...]", "expression: step 1 '[..., ...]' at column 1: ", nullptr},
    {&kInts, ".transpose(0, 0)", "expression: step 1 '.transpose(0, 0)' at column 1: ", nullptr},
    {&kInts, ".transpose(0, 2)", "expression: step 1 '.transpose(0, 2)' at column 1: ", nullptr},
    {&kInts, ".transpose(0)", "expression: step 1 '.transpose(0)' at column 1: ", nullptr},
    {&kInts, ".swapaxes(0, 5)", "expression: step 1 '.swapaxes(0, 5)' at column 1: ", nullptr},
    {&kInts, ".reshape(5, 3)", "expression: step 1 '.reshape(5, 3)' at column 1: ", nullptr},
    {&kInts, ".reshape(-1, -1)", "expression: step 1 '.reshape(-1, -1)' at column 1: ", nullptr},
    {&kInts, "[:, :3].view('d')", "expression: step 2 '.view('d')' at column 8: ", nullptr},
    {&kInts, "['a']", "",
     "expression: step 1 '['a']' at column 1: field: format 'i' has no fields"},
    {&kRecords, "['c']", "expression: step 1 '['c']' at column 1: ", nullptr},
    {&kRecords, "['A']", "expression: step 1 '['A']' at column 1: ", nullptr},
    {&kRecords, "[['a', 'c']]", "", "expression: expected an index at column 2"},
    {&kRecords, "[5]", "expression: step 1 '[5]' at column 1: ", nullptr},
    {&kInts, ".cast('<i')", "expression: step 1 '.cast('<i')' at column 1: ", nullptr},
    {&kInts, ".cast('i', (5,))", "expression: step 1 '.cast('i', (5,))' at column 1: ", nullptr},
    {&kInts, ".cast('d')", "expression: step 1 '.cast('d')' at column 1: ", nullptr},
    {&kInts, ".T.cast('B')", "expression: step 2 '.cast('B')' at column 3: ", nullptr},
    {&kInts, "[:, ::2].cast('B')", "expression: step 2 '.cast('B')' at column 9: ", nullptr},
    {&kInts, "[0:0].cast('B')", "expression: step 2 '.cast('B')' at column 6: ", nullptr},
    {&kInts, ".cast('B', (2, 24))",
     "expression: step 1 '.cast('B', (2, 24))' at column 1: ", nullptr},
    {&kInts, ".cast('B').cast('B', (0, 48))",
     "expression: step 2 '.cast('B', (0, 48))' at column 11: ", nullptr},
    {&kInts, ".cast('B').cast('B', (5, 9))",
     "expression: step 2 '.cast('B', (5, 9))' at column 11: ", nullptr},
    {&kInts, ".cast('B').cast('B', (2, 3, 7))",
     "expression: step 2 '.cast('B', (2, 3, 7))' at column 11: ", nullptr},
    {&kInts, ".cast('i', (3, 2, 2))",
     "expression: step 1 '.cast('i', (3, 2, 2))' at column 1: ", nullptr},
    {&kRecords, ".cast('i')", "expression: step 1 '.cast('i')' at column 1: ", nullptr},
    {&kInts, ".cast('x')", "expression: step 1 '.cast('x')' at column 1: ", nullptr},
};

// NumPy applies the steps before the first cast; memoryview applies the casts.
QString runner(const ExpressionCase &c)
{
    const QString expression = c.expression;
    const qsizetype cast = expression.indexOf(".cast(");
    if (cast < 0)
        return c.array->name + expression;
    return QString("memoryview(%1%2)%3")
        .arg(c.array->name, expression.left(cast), expression.mid(cast));
}

} // namespace

class BadInputTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    void expectRefused(const QString &kind, const QString &input, const Error &error,
                       const QString &expected)
    {
        table().push_back({kind, input, QString::fromStdString(error.message)});
        QCOMPARE(QString::fromStdString(error.message), expected);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void expressionsRefusedAsNumpyAndCPythonDo()
    {
        // Python evaluates each expression on the same array and says whether it raised.
        QJsonArray programs;
        for (const auto &c : kExpressions)
            programs.append(runner(c));
        const auto run = testing::runPython("import json, sys, numpy as np\n"
                                            "a = np.arange(12, dtype='i4').reshape(3, 4)\n"
                                            "s = np.zeros(5, dtype=[('a', '<i4'), ('b', '<f8')])\n"
                                            "out = []\n"
                                            "for program in json.load(sys.stdin):\n"
                                            "    try:\n"
                                            "        eval(program)\n"
                                            "        out.append(None)\n"
                                            "    except Exception as e:\n"
                                            "        out.append(type(e).__name__ + ': ' + str(e))\n"
                                            "print(json.dumps(out))\n",
                                            QJsonDocument(programs).toJson());
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray python = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(python.size(), static_cast<qsizetype>(std::size(kExpressions)));

        int agreed = 0;
        QStringList mismatches;
        for (std::size_t i = 0; i < std::size(kExpressions); ++i) {
            const auto &c = kExpressions[i];
            auto exporter = MemoryExporter::create(c.array->format, c.array->shape);
            QVERIFY(exporter.ok());
            const Descriptor before = (*exporter)->descriptor();
            auto view = View::create(**exporter, c.expression);
            const QString context =
                QString("%1%2 (Python: %3)")
                    .arg(c.array->name, c.expression, python[static_cast<qsizetype>(i)].toString());
            QVERIFY2(!view, qPrintable(context + ": accepted"));
            QVERIFY2(!python[static_cast<qsizetype>(i)].isNull(),
                     qPrintable(context + ": Python accepts it"));
            // A refusal changes nothing: no export left behind, same descriptor.
            QCOMPARE((*exporter)->exports(), 0);
            QVERIFY((*exporter)->descriptor().shape == before.shape);
            table().push_back(
                {QString(QByteArray(c.expression).contains(".cast(") ? "cast" : "expression"),
                 QString("%1%2").arg(c.array->name, c.expression),
                 QString::fromStdString(view.error().message)});
            const QString pythonText = python[static_cast<qsizetype>(i)].toString();
            const QString expected =
                c.own ? QString(c.own) : c.prefix + pythonText.mid(pythonText.indexOf(": ") + 2);
            if (QString::fromStdString(view.error().message) != expected)
                mismatches << QString("ROW %1|%2")
                                      .arg(c.expression,
                                           QString::fromStdString(view.error().message)) +
                                  "|" + python[static_cast<qsizetype>(i)].toString();
            else
                ++agreed;
        }
        for (const QString &line : mismatches)
            qWarning("%s", qPrintable(line));
        QVERIFY2(mismatches.isEmpty(), "differences listed above");
        qInfo("%d refused expressions, every one refused by NumPy/CPython too", agreed);
    }

    void descriptorsThatEscapeTheFile()
    {
        // A 48-byte raw file and a valid descriptor of a view of it, then each field bent.
        const QString file = m_dir.path() + "/raw.bin";
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QByteArray(48, '\1'));
        out.close();
        auto exporter = RawFileExporter::open(file.toStdString(), RawOptions{">h", {4, 6}});
        QVERIFY(exporter.ok());
        auto view = View::create(**exporter, "[1:, ::2]");
        QVERIFY(view.ok());
        const nlohmann::json good = viewDescriptor(**view);
        QVERIFY(loadDescriptor(good).ok());

        const struct
        {
            const char *change; // the bent field, as JSON merged into the good descriptor
            const char *error;
        } cases[] = {
            {R"({"strides": [12, 40]})",
             "descriptor: rebuilt view differs from the descriptor: strides (12, 4) != (12, 40)"},
            {R"({"strides": [-12, 4]})",
             "descriptor: rebuilt view differs from the descriptor: strides (12, 4) != (-12, 4)"},
            {R"({"offset": 4000})",
             "descriptor: rebuilt view differs from the descriptor: offset 12 != 4000"},
            {R"({"offset": -2})",
             "descriptor: rebuilt view differs from the descriptor: offset 12 != -2"},
            {R"({"shape": [30, 3], "len": 180})",
             "descriptor: rebuilt view differs from the descriptor: shape (3, 3) != (30, 3)"},
            {R"({"shape": [3, 3], "len": 17})",
             "descriptor: 'len' is 17 but product(shape) * itemsize is 18"},
            {R"({"expression": "[1:, ::2][9]"})", "expression: step 2 '[9]' at column 10: index 9 "
                                                  "is out of bounds for axis 0 with size 3"},
            {R"({"expression": "[1:, ::0]"})",
             "expression: step 1 '[1:, ::0]' at column 1: slice step cannot be zero"},
            {R"({"source": {"kind": "raw", "path": "RAW", "options": {"format": ">h", "shape": [40, 6], "offset": 0, "order": "C"}}})",
             "raw: file 'RAW' is too small: offset 0 + 480 data bytes = 480 needed, 48 available"},
            {R"({"source": {"kind": "raw", "path": "RAW", "options": {"format": ">h", "shape": [4, 6], "offset": 9223372036854775807, "order": "C"}}})",
             "raw: offset 9223372036854775807 + 48 data bytes overflows"},
            {R"({"source": {"kind": "raw", "path": "MISSING", "options": {"format": ">h", "shape": [4, 6], "offset": 0, "order": "C"}}})",
             "open: cannot open 'RAW.missing': No such file or directory"},
            {R"({"source": {"kind": "npy", "path": "RAW", "options": {}}})",
             "npy: 'RAW': bad magic at byte 0"},
            {R"({"itemsize": 0})", "descriptor: 'len' is 18 but product(shape) * itemsize is 0"},
            {R"({"strides": [12]})", "descriptor: 'strides' has 1 entries but 'ndim' is 2"},
            {R"({"shape": [3, -3]})",
             "descriptor: 'shape' must be a list of non-negative integers"},
        };
        QStringList mismatches;
        for (const auto &c : cases) {
            std::string change = c.change;
            for (const auto &[from, to] :
                 {std::pair<std::string, std::string>{"\"RAW\"", "\"" + file.toStdString() + "\""},
                  {"\"MISSING\"", "\"" + file.toStdString() + ".missing\""}})
                if (const auto at = change.find(from); at != std::string::npos)
                    change.replace(at, from.size(), to);
            nlohmann::json bent = good;
            bent.merge_patch(nlohmann::json::parse(change));
            auto loaded = loadDescriptor(bent);
            const QString got =
                loaded ? "<loaded>" : QString::fromStdString(loaded.error().message);
            table().push_back({"descriptor", c.change, got});
            if (got != QString(c.error).replace("RAW", file))
                mismatches << "DROW " + QString(c.change) + "|" + got;
        }
        // The fuzzer's finding: a number beyond double's range threw out of the JSON parser;
        // the error points at the last byte of the number.
        for (const auto &[text, byte] :
             {std::pair{R"({"len": 1e999})", 12}, std::pair{"[-7777777777745e4777777777]", 25}}) {
            auto parsed = parseDescriptorText(text);
            const QString got =
                parsed ? "<parsed>" : QString::fromStdString(parsed.error().message);
            table().push_back({"descriptor text", text, got});
            if (got != "descriptor: invalid JSON: number out of range at byte " +
                           QString::number(byte) ||
                parsed.error().position != std::size_t(byte))
                mismatches << "DROW " + QString(text) + "|" + got;
        }
        for (const QString &line : mismatches)
            qWarning("%s", qPrintable(line));
        QVERIFY2(mismatches.isEmpty(), "differences listed above");
    }

    void badRawOptionsAndFormats()
    {
        const struct
        {
            const char *format, *shape, *offset, *order, *error;
        } cases[] = {
            {"<i", "3,x", "", "", "raw: shape entry 1 is not a non-negative integer: 'x'"},
            {"<i", "-3", "", "", "raw: shape entry 0 is not a non-negative integer: '-3'"},
            {"<i", "3,,4", "", "", "raw: shape entry 1 is not a non-negative integer: ''"},
            {"<i", "99999999999999999999", "", "",
             "raw: shape entry 0 is too large: '99999999999999999999'"},
            {"<i", "3", "-8", "", "raw: offset must be a non-negative integer: '-8'"},
            {"<i", "3", "0x10", "", "raw: offset must be a non-negative integer: '0x10'"},
            {"<i", "3", "99999999999999999999", "",
             "raw: offset is too large: '99999999999999999999'"},
            {"<i", "3", "", "A", "raw: order must be 'C' or 'F': 'A'"},
            {"<i", "3", "", "K", "raw: order must be 'C' or 'F': 'K'"},
            {"<i", "(3", "", "", "raw: shape entry 0 is not a non-negative integer: '(3'"},
            {"", "3", "", "", "descriptor: itemsize must be positive, got 0"},
            {"T{<i:a:", "3", "", "", "format: unterminated 'T{' at column 1"},
            {"(2,3", "3", "", "", "format: unterminated '(' at column 1"},
            {"<Q:x:", "7", "", "",
             "raw: file 'RAW' is too small: offset 0 + 56 data bytes = 56 needed, 48 available"},
            {"99999999999999999999b", "1", "", "", "format: itemsize overflows at column 1"},
            {"0s", "3", "", "", "descriptor: itemsize must be positive, got 0"},
            {"Y", "3", "", "", "format: unknown format code 'Y' at column 1"},
        };
        QStringList mismatches;
        for (const auto &c : cases) {
            auto options = parseRawOptions(c.format, c.shape, c.offset, c.order);
            const QString input = QString("format '%1', shape '%2', offset '%3', order '%4'")
                                      .arg(c.format, c.shape, c.offset, c.order);
            QString got = options ? "<parsed>" : QString::fromStdString(options.error().message);
            if (options) { // parsed: opening must refuse it
                auto opened =
                    RawFileExporter::open((m_dir.path() + "/raw.bin").toStdString(), *options);
                got = opened ? "<opened>" : QString::fromStdString(opened.error().message);
            }
            table().push_back({"raw options", input, got});
            if (got != QString(c.error).replace("RAW", m_dir.path() + "/raw.bin"))
                mismatches << "RROW " + input + "|" + got;
        }
        for (const QString &line : mismatches)
            qWarning("%s", qPrintable(line));
        QVERIFY2(mismatches.isEmpty(), "differences listed above");
    }

    void copiesLargerThanMemoryAreRefusedBeforeAllocating()
    {
        // A broadcast view: 8 bytes described as 2**30 x 2**20 doubles (zero strides).
        const std::vector<std::byte> bytes(8);
        testing::TestLayout layout;
        layout.format = "<d";
        layout.itemsize = 8;
        layout.shape = {std::int64_t{1} << 30, std::int64_t{1} << 20};
        layout.strides = {0, 0};
        auto exporter = testing::TestExporter::direct(bytes, layout);
        const std::int64_t needed = std::int64_t{8} << 50;
        auto copy = toBytes(exporter->descriptor(), Order::C);
        QVERIFY(!copy);
        expectRefused(
            "limit", "toBytes of a (2**30, 2**20) '<d' view with strides (0, 0)", copy.error(),
            "copy: needs " + QString::number(needed) + " bytes, more than the memory limit of " +
                QString::number(memoryLimit()) + " bytes");

        // The limit is the caller's to lower: a 4 KiB copy under a 1000-byte limit.
        setMemoryLimit(1000);
        layout.shape = {64, 8};
        layout.strides = {0, 8};
        const std::vector<std::byte> row(64); // one row of 8 doubles, repeated 64 times
        auto small = testing::TestExporter::direct(row, layout);
        auto refused = toBytes(small->descriptor(), Order::F);
        QVERIFY(!refused);
        expectRefused("limit", "toBytes of a (64, 8) '<d' view under a 1000-byte limit",
                      refused.error(),
                      "copy: needs 4096 bytes, more than the memory limit of 1000 bytes");
        auto memory = MemoryExporter::create("B", {1001});
        QVERIFY(!memory);
        expectRefused("limit", "MemoryExporter::create('B', (1001,)) under a 1000-byte limit",
                      memory.error(),
                      "memory: needs 1001 bytes, more than the memory limit of 1000 bytes");
        QVERIFY(MemoryExporter::create("B", {1000}).ok());
        setMemoryLimit(0);
        QVERIFY(toBytes(small->descriptor(), Order::F).ok());
    }

    void tableIsWritten()
    {
        const QByteArray path = qgetenv("BUFFERSCOPE_HARDENING_TABLE");
        if (path.isEmpty())
            QSKIP("BUFFERSCOPE_HARDENING_TABLE not set");
        QFile file(QString::fromLocal8Bit(path));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("| # | kind | input | error |\n|---|---|---|---|\n");
        int n = 0;
        for (const Row &row : table())
            file.write(QString("| %1 | %2 | `%3` | %4 |\n")
                           .arg(++n)
                           .arg(row.kind, QString(row.input).replace("|", "\\|"),
                                QString(row.error).replace("|", "\\|"))
                           .toUtf8());
    }
};

QTEST_GUILESS_MAIN(BadInputTest)
#include "bad_input_test.moc"
