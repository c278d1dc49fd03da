// SPDX-License-Identifier: GPL-3.0-or-later
// Tests numpyTypestr / numpyDescr / numpyItemShape / numpyDtypeExpression against NumPy:
// numpy_types.py makes random formats and reports what np.frombuffer(b'', dtype) says in
// __array_interface__; our expressions are then evaluated by Python and compared with
// NumPy's own dtype for the same format.
#include "format/numpy_typestr.h"
#include "format/parser.h"
#include "python_oracle.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
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
    void typeTextAgainstNumpy();
    void typeTextRefusals();
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

// formatFromTypeText: every text NumPy reads as a dtype must give a format whose NumPy
// typestr is numpy.dtype(text).str (itemsize, kind and byte order in one string); the
// struct spellings stay struct's.
void NumpyTypestrTest::typeTextAgainstNumpy()
{
    const QStringList texts = {
        "<i2", ">i2", "i2", "=i4", "|u1", "u1", "i1", "b1", "|b1", "?", "<u2", ">u4", "u8",
        "i8", ">i8", "f2", "<f4", "f4", "|f4", ">f4", "<f8", ">f8", "f16", "c8", ">c8", "c16",
        ">c16", "c32", "S1", "S3", "|S3", "a3", "U1", "U3", ">U2", "V8", "b", "B", "h", "<h",
        ">h", "H", "i", "<i", "I", "q", "Q", "e", "f", "d", "<f", ">d", "g", "bool", "bool_",
        "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float16",
        "float32", "float64", "complex64", "complex128", "byte", "ubyte", "short", "ushort",
        "intc", "uintc", "longlong", "ulonglong", "int", "float", "double", "single", "half",
        "complex", "longdouble", "clongdouble", "cdouble", "csingle", " <i2 "};
    const auto run = testing::runPython(
        QStringLiteral("import json, sys, numpy as np\n"
                       "for t in json.load(sys.stdin):\n"
                       "    print(np.dtype(t.strip()).str)\n"),
        QJsonDocument(QJsonArray::fromStringList(texts)).toJson());
    QVERIFY2(run.ok, qPrintable(run.error));
    const QList<QByteArray> expected = run.out.trimmed().split('\n');
    QCOMPARE(expected.size(), texts.size());
    for (int i = 0; i < texts.size(); ++i) {
        const auto format = formatFromTypeText(texts[i].toStdString());
        QVERIFY2(format.ok(), qPrintable(texts[i]));
        const auto layout = parseFormat(*format);
        QVERIFY2(layout.ok(), qPrintable(texts[i] + " -> " + text(*format)));
        const auto typestr = numpyTypestr(layout->root);
        QVERIFY2(typestr.ok(), qPrintable(texts[i]));
        QCOMPARE(text(*typestr) + " from " + texts[i],
                 QString::fromLatin1(expected[i]) + " from " + texts[i]);
    }
    // An explicit order is kept in our spelling, no order means native ('@').
    QCOMPARE(text(*formatFromTypeText("<i2")), QStringLiteral("<h"));
    QCOMPARE(text(*formatFromTypeText("i2")), QStringLiteral("h"));
    QCOMPARE(text(*formatFromTypeText("c8")), QStringLiteral("Zf"));
    QCOMPARE(text(*formatFromTypeText("S3")), QStringLiteral("3s"));
    QCOMPARE(text(*formatFromTypeText("T{<i:a:}")), QStringLiteral("T{<i:a:}"));
}

// Texts of NumPy's shape that NumPy refuses, with NumPy's words (checked against NumPy);
// texts of no NumPy shape are left for the format parser.
void NumpyTypestrTest::typeTextRefusals()
{
    const QStringList refused = {"<i3", "i16", "b2", "f3", "c4", "S0", "u3"};
    const auto run = testing::runPython(
        QStringLiteral("import json, sys, numpy as np\n"
                       "for t in json.load(sys.stdin):\n"
                       "    try:\n"
                       "        np.dtype(t); print('accepted')\n"
                       "    except TypeError as e:\n"
                       "        print(e)\n"),
        QJsonDocument(QJsonArray::fromStringList(refused)).toJson());
    QVERIFY2(run.ok, qPrintable(run.error));
    const QList<QByteArray> expected = run.out.trimmed().split('\n');
    QCOMPARE(expected.size(), refused.size());
    for (int i = 0; i < refused.size(); ++i) {
        const auto format = formatFromTypeText(refused[i].toStdString());
        if (expected[i] == "accepted") {
            // NumPy's flexible 'S0' has no items to view; ours refuses it with NumPy's text.
            QCOMPARE(refused[i], QStringLiteral("S0"));
            QCOMPARE(text(format.error().message),
                     QStringLiteral("format: data type 'S0' not understood"));
            continue;
        }
        QVERIFY2(!format.ok(), qPrintable(refused[i]));
        QCOMPARE(text(format.error().message), "format: " + QString::fromLatin1(expected[i]));
        QCOMPARE(format.error().category, ErrorCategory::Format);
    }
    QCOMPARE(text(formatFromTypeText(">f16").error().message),
             QStringLiteral("format: data type '>f16' has no PEP 3118 format (long double is "
                            "native order only)"));
    QCOMPARE(text(*formatFromTypeText("!i4")), QStringLiteral("!i4")); // the parser refuses it
}

QTEST_GUILESS_MAIN(NumpyTypestrTest)
#include "numpy_typestr_test.moc"
