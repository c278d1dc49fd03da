// SPDX-License-Identifier: GPL-3.0-or-later
// Tests numpyTypestr / numpyDescr / numpyItemShape / numpyDtypeExpression against NumPy:
// numpy_types.py makes random formats and reports what np.frombuffer(b'', dtype) says in
// __array_interface__; our expressions are then evaluated by Python and compared with
// NumPy's own dtype for the same format.
#include "format/numpy_typestr.h"
#include "format/parser.h"
#include "python_oracle.h"

#include <QFile>
#include <QtTest>

using namespace bufferscope;
using format::ByteOrder;
using format::Scalar;
using format::ScalarKind;
using format::Type;

namespace {

constexpr int kSeed = 31180;
constexpr int kFormats = 3000;

QString oracleProgram()
{
    QFile source(QStringLiteral(BUFFERSCOPE_TEST_DATA "/numpy_types.py"));
    if (!source.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(source.readAll());
}

QString text(const std::string &s)
{
    return QString::fromStdString(s);
}

std::shared_ptr<const Type> scalarType(char code, ScalarKind kind, std::int64_t size,
                                       ByteOrder order = ByteOrder::Little)
{
    auto type = std::make_shared<Type>();
    Scalar scalar;
    scalar.code = code;
    scalar.kind = kind;
    scalar.size = size;
    scalar.byteOrder = order;
    type->scalar = scalar;
    type->itemsize = size;
    return type;
}

} // namespace

class NumpyTypestrTest : public QObject
{
    Q_OBJECT

private slots:
    void differential();
    void refusals();
    void handBuilt();
};

void NumpyTypestrTest::differential()
{
    const QString program = oracleProgram();
    const auto run = testing::runPython(
        program, {},
        {QStringLiteral("generate"), QString::number(kSeed), QString::number(kFormats)});
    QVERIFY2(run.ok, qPrintable(run.error));
    const auto document = nlohmann::json::parse(run.out.toStdString());
    const auto &cases = document.at("cases");
    QCOMPARE(int(cases.size()), kFormats);

    int agreed = 0;
    QStringList failures;
    nlohmann::json expressions = nlohmann::json::array();
    for (const auto &c : cases) {
        const std::string source = c.at("format");
        const auto layout = parseFormat(source);
        if (!layout) {
            failures << text("parse " + source + ": " + layout.error().message);
            continue;
        }
        const Type &type = layout->root;
        const auto typestr = numpyTypestr(type);
        const auto descr = numpyDescr(type);
        const auto expression = numpyDtypeExpression(type);
        if (!typestr || !descr || !expression) {
            failures << text(source + ": refused");
            continue;
        }
        const nlohmann::json itemShape = numpyItemShape(type);
        if (*typestr == c.at("typestr") && *descr == c.at("descr") &&
            itemShape == c.at("itemShape")) {
            ++agreed;
        } else if (failures.size() < 20) {
            failures << text(source + ": got " + *typestr + " " + descr->dump() + " " +
                             itemShape.dump() + ", numpy " + c.at("typestr").dump() + " " +
                             c.at("descr").dump() + " " + c.at("itemShape").dump());
        }
        expressions.push_back({source, *expression});
    }
    qInfo("numpy typestr/descr: %d of %zu formats agree with NumPy (seed %d)", agreed, cases.size(),
          kSeed);
    QVERIFY2(failures.isEmpty(),
             qPrintable(QStringLiteral("seed %1\n").arg(kSeed) + failures.join(QLatin1Char('\n'))));

    const auto check = testing::runPython(program, QByteArray::fromStdString(expressions.dump()),
                                          {QStringLiteral("check")});
    QVERIFY2(check.ok, qPrintable(check.error));
    const auto bad = nlohmann::json::parse(check.out.toStdString());
    qInfo("numpy dtype expressions: %zu of %zu evaluate to NumPy's dtype",
          expressions.size() - bad.size(), expressions.size());
    QVERIFY2(bad.empty(),
             qPrintable(QStringLiteral("seed %1\n").arg(kSeed) +
                        text(bad.size() > 5
                                 ? nlohmann::json(std::vector(bad.begin(), bad.begin() + 5)).dump(1)
                                 : bad.dump(1))));
}

// Formats NumPy cannot read from a buffer (numpy_types.py asserts NumPy refuses each).
void NumpyTypestrTest::refusals()
{
    const auto run = testing::runPython(
        oracleProgram(), {},
        {QStringLiteral("generate"), QString::number(kSeed), QStringLiteral("0")});
    QVERIFY2(run.ok, qPrintable(run.error));
    const auto refused = nlohmann::json::parse(run.out.toStdString()).at("refused");
    const std::map<std::string, std::string> expected = {
        {"P", "numpy: no numpy type for 'P' (pointers)"},
        {"&i", "numpy: no numpy type for '&' (pointers)"},
        {"O", "numpy: no numpy type for 'O' (python objects)"},
        {"t", "numpy: no numpy type for 't' (bitfields)"},
        {"X{}", "numpy: no numpy type for 'X' (function pointers)"},
        {"p", "numpy: no numpy type for 'p' (pascal strings)"},
        {"3p", "numpy: no numpy type for 'p' (pascal strings)"},
        {"u", "numpy: no numpy type for 'u' (ucs-2 strings)"},
        {"2u", "numpy: no numpy type for 'u' (ucs-2 strings)"},
        {"T{i:a:P:b:}", "numpy: no numpy type for 'P' (pointers) in field 'b'"},
        {"T{i:a:T{u:c:}:b:}", "numpy: no numpy type for 'u' (ucs-2 strings) in field 'b.c'"},
        {"T{b:x:t:y:}", "numpy: no numpy type for 't' (bitfields) in field 'y'"},
    };
    QCOMPARE(refused.size(), expected.size());
    for (const auto &entry : refused) {
        const std::string source = entry;
        const auto layout = parseFormat(source);
        QVERIFY2(layout, source.c_str());
        const auto typestr = numpyTypestr(layout->root);
        const auto descr = numpyDescr(layout->root);
        const auto expression = numpyDtypeExpression(layout->root);
        QVERIFY2(!typestr && !descr && !expression, source.c_str());
        QCOMPARE(typestr.error().category, ErrorCategory::Format);
        QCOMPARE(text(typestr.error().message), text(expected.at(source)));
        QCOMPARE(text(descr.error().message), text(expected.at(source)));
        QCOMPARE(text(expression.error().message), text(expected.at(source)));
    }
}

// Types the parser cannot produce: overlapping fields, names that are not UTF-8.
void NumpyTypestrTest::handBuilt()
{
    Type record;
    record.isStruct = true;
    record.itemsize = 8;
    record.fields.push_back({"a", 0, {}, scalarType('i', ScalarKind::SignedInt, 4)});
    record.fields.push_back({"b", 2, {}, scalarType('i', ScalarKind::SignedInt, 4)});
    const auto overlapping = numpyDescr(record);
    QVERIFY(!overlapping);
    QCOMPARE(text(overlapping.error().message),
             QStringLiteral("numpy: overlapping or out-of-order fields at field 'b'"));
    QCOMPARE(text(numpyTypestr(record).value()), QStringLiteral("|V8"));

    record.fields.pop_back();
    record.fields.push_back({"\xff"
                             "b",
                             4,
                             {2},
                             scalarType('e', ScalarKind::Float, 2, ByteOrder::Big)});
    const auto descr = numpyDescr(record);
    QVERIFY(descr);
    QCOMPARE(text(descr->dump()), text("[[\"a\",\"<i4\"],[\"\xef\xbf\xbd"
                                       "b\",\">f2\",[2]]]"));

    // The parser refuses duplicate names itself; a hand-built record still gets an answer.
    record.fields.back().name = "a";
    const auto duplicate = numpyDtypeExpression(record);
    QVERIFY(!duplicate);
    QCOMPARE(text(duplicate.error().message), QStringLiteral("numpy: duplicate field name 'a'"));
}

QTEST_GUILESS_MAIN(NumpyTypestrTest)
#include "numpy_typestr_test.moc"
