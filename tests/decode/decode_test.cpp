// SPDX-License-Identifier: GPL-3.0-or-later
// Tests decodeScalar / formatScalarValue / toDouble against CPython's struct and NumPy:
// decode_cases.py packs random values for every code and byte order and prints what Python
// reads back; every case must print the same text and give the same double.
#include "format/decode.h"
#include "format/value_text.h"
#include "python_oracle.h"

#include <QFile>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <bit>
#include <cmath>
#include <cstring>

using namespace bufferscope;
using format::ByteOrder;
using format::Scalar;
using format::ScalarKind;

namespace {

constexpr int kSeed = 20240601;
constexpr int kCasesPerCode = 250;

QString oracleProgram(const char *file)
{
    QFile source(QStringLiteral(BUFFERSCOPE_TEST_DATA "/") + QLatin1String(file));
    if (!source.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(source.readAll());
}

// The scalar a struct-style code means, built by hand so this test does not lean on the
// parser: "Zf" keeps the component code as format_types.h says.
Scalar scalarFor(const std::string &code, char order, std::int64_t size)
{
    Scalar scalar;
    scalar.size = size;
    scalar.byteOrder = (order == '>' || order == '!') ? ByteOrder::Big : ByteOrder::Little;
    scalar.code = code[0];
    switch (code[0]) {
    case 'b':
    case 'h':
    case 'i':
    case 'l':
    case 'q':
    case 'n':
        scalar.kind = ScalarKind::SignedInt;
        break;
    case 'B':
    case 'H':
    case 'I':
    case 'L':
    case 'Q':
    case 'N':
        scalar.kind = ScalarKind::UnsignedInt;
        break;
    case '?':
        scalar.kind = ScalarKind::Bool;
        break;
    case 'e':
    case 'f':
    case 'd':
    case 'g':
        scalar.kind = ScalarKind::Float;
        break;
    case 'Z':
        scalar.kind = ScalarKind::Complex;
        scalar.code = code[1];
        break;
    case 'c':
        scalar.kind = ScalarKind::Char;
        break;
    case 's':
        scalar.kind = ScalarKind::Bytes;
        break;
    case 'p':
        scalar.kind = ScalarKind::PascalString;
        break;
    case 'x':
        scalar.kind = ScalarKind::Padding;
        break;
    case 'u':
        scalar.kind = ScalarKind::Ucs2;
        break;
    case 'w':
        scalar.kind = ScalarKind::Ucs4;
        break;
    case 'P':
        scalar.kind = ScalarKind::Pointer;
        break;
    case 'O':
        scalar.kind = ScalarKind::Object;
        break;
    case 'X':
        scalar.kind = ScalarKind::FunctionPointer;
        break;
    case 't':
        scalar.kind = ScalarKind::Bit;
        break;
    default:
        break;
    }
    return scalar;
}

std::vector<std::byte> fromHex(const std::string &hex)
{
    std::vector<std::byte> bytes(hex.size() / 2);
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<std::byte>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
    return bytes;
}

std::string toHexLittle(double value)
{
    const auto bits = std::bit_cast<std::uint64_t>(value);
    char buffer[17];
    for (int i = 0; i < 8; ++i)
        std::snprintf(buffer + 2 * i, 3, "%02x", static_cast<unsigned>((bits >> (8 * i)) & 0xff));
    return buffer;
}

format::ScalarValue decodeOk(const Scalar &scalar, std::span<const std::byte> bytes)
{
    auto result = decodeScalar(scalar, bytes);
    return result ? *result : format::ScalarValue(format::NoValue{});
}

} // namespace

class DecodeTest : public QObject
{
    Q_OBJECT

private slots:
    void differential();
    void errors();
    void edges();
    void utf8Replace();
};

void DecodeTest::differential()
{
    const auto run = testing::runPython(oracleProgram("decode_cases.py"), {},
                                        {QString::number(kSeed), QString::number(kCasesPerCode)});
    QVERIFY2(run.ok, qPrintable(run.error));
    const auto document = nlohmann::json::parse(run.out.toStdString());
    const auto &cases = document.at("cases");
    QVERIFY(cases.size() > 10000);

    int agreed = 0;
    QStringList failures;
    for (const auto &c : cases) {
        const std::string code = c.at("code");
        const std::string order = c.at("order");
        const Scalar scalar = scalarFor(code, order[0], c.at("size").get<std::int64_t>());
        const auto bytes = fromHex(c.at("hex"));
        const auto value = decodeScalar(scalar, bytes);
        std::string text = value ? formatScalarValue(*value) : "error: " + value.error().message;
        std::string number = "null";
        if (value) {
            if (auto d = toDouble(*value))
                number = std::isnan(*d) ? "nan" : toHexLittle(*d);
        }
        std::string expectedNumber = "null";
        if (!c.at("num").is_null()) {
            expectedNumber = c.at("num");
            double d;
            const auto raw = fromHex(expectedNumber);
            std::memcpy(&d, raw.data(), 8);
            if (std::isnan(d))
                expectedNumber = "nan";
        }
        if (text == c.at("repr") && number == expectedNumber) {
            ++agreed;
        } else if (failures.size() < 20) {
            failures << QString::fromStdString(
                order + code + " " + c.at("hex").get<std::string>() + ": got " + text + " / " +
                number + ", python " + c.at("repr").get<std::string>() + " / " + expectedNumber);
        }
    }
    qInfo("decode differential: %d of %zu cases agree with CPython/NumPy (seed %d)", agreed,
          cases.size(), kSeed);
    QVERIFY2(failures.isEmpty(),
             qPrintable(QStringLiteral("seed %1\n").arg(kSeed) + failures.join(QLatin1Char('\n'))));
}

void DecodeTest::errors()
{
    const std::array<std::byte, 2> two{};
    auto shortRead = decodeScalar(scalarFor("i", '<', 4), two);
    QVERIFY(!shortRead);
    QCOMPARE(shortRead.error().category, ErrorCategory::Bounds);
    QCOMPARE(QString::fromStdString(shortRead.error().message),
             QStringLiteral("decode: 'i' needs 4 bytes, got 2"));

    const std::array<std::byte, 16> many{};
    const std::pair<const char *, std::int64_t> badSizes[] = {
        {"i", 3},   {"?", 2}, {"e", 4}, {"f", 8}, {"d", 4}, {"g", 9},
        {"Zf", 16}, {"w", 6}, {"u", 3}, {"P", 2}, {"t", 9}};
    for (const auto &[code, size] : badSizes) {
        const Scalar scalar = scalarFor(code, '<', size);
        auto result = decodeScalar(scalar, many);
        QVERIFY2(!result, code);
        QCOMPARE(result.error().category, ErrorCategory::Format);
        QCOMPARE(QString::fromStdString(result.error().message),
                 QStringLiteral("decode: unsupported size %1 for '%2'")
                     .arg(size)
                     .arg(QLatin1Char(scalar.code)));
    }
}

// Decoding reads only scalar.size bytes, and invalid x87 encodings become NaN.
void DecodeTest::edges()
{
    const std::array<std::byte, 4> bytes{std::byte{1}, std::byte{0}, std::byte{0}, std::byte{9}};
    QCOMPARE(formatScalarValue(decodeOk(scalarFor("h", '<', 2), bytes)), std::string("1"));
    QCOMPARE(formatScalarValue(decodeOk(scalarFor("s", '<', 0), bytes)), std::string("b''"));
    QCOMPARE(formatScalarValue(decodeOk(scalarFor("p", '<', 0), bytes)), std::string("b''"));
    QVERIFY(!toDouble(decodeOk(scalarFor("Zf", '<', 8), std::array<std::byte, 8>{})));
    QVERIFY(!toDouble(decodeOk(scalarFor("s", '<', 2), bytes)));

    // An unnormal (exponent set, integer bit clear) and a pseudo-denormal (the reverse).
    std::array<std::byte, 16> unnormal{};
    unnormal[8] = std::byte{0xff};
    unnormal[9] = std::byte{0x3f};
    QCOMPARE(formatScalarValue(decodeOk(scalarFor("g", '<', 16), unnormal)), std::string("nan"));
    std::array<std::byte, 16> pseudoDenormal{};
    pseudoDenormal[7] = std::byte{0x80};
    const auto value = decodeOk(scalarFor("g", '<', 16), pseudoDenormal);
    QCOMPARE(std::get<long double>(value), std::ldexp(1.0L, -16382));
}

// decodeUtf8 must replace bad input exactly as bytes.decode('utf-8', 'replace').
void DecodeTest::utf8Replace()
{
    const QString program = QStringLiteral(
        "import json, random, sys\n"
        "rng = random.Random(int(sys.argv[1]))\n"
        "pool = [0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef,\n"
        "        0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff]\n"
        "out = []\n"
        "for _ in range(3000):\n"
        "    b = bytes(rng.choice(pool) if rng.random() < 0.8 else rng.getrandbits(8)\n"
        "              for _ in range(rng.randint(0, 8)))\n"
        "    out.append([b.hex(), [ord(c) for c in b.decode('utf-8', 'replace')]])\n"
        "print(json.dumps(out))\n");
    const auto run = testing::runPython(program, {}, {QString::number(kSeed)});
    QVERIFY2(run.ok, qPrintable(run.error));
    const auto cases = nlohmann::json::parse(run.out.toStdString());
    int agreed = 0;
    for (const auto &c : cases) {
        const auto raw = fromHex(c.at(0));
        const std::string text(reinterpret_cast<const char *>(raw.data()), raw.size());
        const std::u32string got = decodeUtf8(text);
        std::u32string expected;
        for (const auto &cp : c.at(1))
            expected.push_back(cp.get<char32_t>());
        QVERIFY2(got == expected, qPrintable(QStringLiteral("seed %1, bytes %2")
                                                 .arg(kSeed)
                                                 .arg(QString::fromStdString(c.at(0)))));
        QVERIFY(decodeUtf8(encodeUtf8(got)) == got);
        ++agreed;
    }
    qInfo("utf-8 replace: %d of %zu cases agree with CPython", agreed, cases.size());
}

QTEST_GUILESS_MAIN(DecodeTest)
#include "decode_test.moc"
