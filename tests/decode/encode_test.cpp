// SPDX-License-Identifier: GPL-3.0-or-later
// encodeScalar against Python: for every numeric code, both byte orders and a list of typed
// texts (fixed edge cases and random numbers), encode_oracle.py says how Python stores the
// number (struct.pack; NumPy for complex) or that it refuses it. Our bytes must equal
// Python's, our refusals must be Python's, and NumPy reading our bytes back must see the
// typed number at the type's precision.
#include "format/encode.h"
#include "format/parser.h"
#include "python_oracle.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <random>

using namespace bufferscope;

namespace {

format::Scalar scalar(const char *format)
{
    return *parseFormat(format)->root.scalar;
}

QString hexOf(const std::vector<std::byte> &bytes)
{
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size())).toHex());
}

// Numbers as people and programs print them: integers near every type's limits, floats with
// 17, 9 and 4 significant digits (double, float and half precision), halves and floats near
// their rounding boundaries, complex numbers in complex()'s spellings.
QStringList randomTexts(std::mt19937_64 &rng, int count)
{
    QStringList texts;
    std::uniform_int_distribution<int> bits(0, 64);
    std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
    std::uniform_int_distribution<int> exponent(-30, 45);
    char buffer[64];
    for (int i = 0; i < count; ++i) {
        switch (rng() % 5) {
        case 0: {
            const int b = bits(rng);
            const std::uint64_t magnitude = b == 0 ? 0 : (rng() >> (64 - b));
            std::snprintf(buffer, sizeof buffer, "%s%" PRIu64, rng() % 2 ? "-" : "", magnitude);
            break;
        }
        case 1:
            std::snprintf(buffer, sizeof buffer, "%.17g",
                          mantissa(rng) * std::pow(10.0, exponent(rng)));
            break;
        case 2:
            std::snprintf(buffer, sizeof buffer, "%.9g",
                          mantissa(rng) * std::pow(10.0, exponent(rng) / 3));
            break;
        case 3: // near half's range and its rounding steps
            std::snprintf(buffer, sizeof buffer, "%.6g", mantissa(rng) * 70000.0);
            break;
        default:
            std::snprintf(buffer, sizeof buffer, "%.8g%+.8gj", mantissa(rng) * 1e3,
                          mantissa(rng) * std::pow(10.0, exponent(rng)));
            break;
        }
        texts << QString::fromLatin1(buffer);
    }
    return texts;
}

} // namespace

class EncodeTest : public QObject
{
    Q_OBJECT

private slots:
    void againstPython()
    {
        const QStringList formats = {"b",  "B",  "<h", ">H", "=h", "@H",  "<i",  ">I",
                                     "!i", "<l", ">L", "=l", "@l", "@L",  "<q",  ">Q",
                                     "@q", "n",  "N",  "<e", ">e", "e",   "<f",  ">f",
                                     "<d", ">d", "d",  "?",  "Zf", ">Zf", "<Zd", ">Zd"};
        QStringList texts = {"0",
                             "1",
                             "-1",
                             "127",
                             "128",
                             "-128",
                             "-129",
                             "255",
                             "256",
                             "65535",
                             "-32768",
                             "2147483647",
                             "4294967296",
                             "9223372036854775807",
                             "-9223372036854775808",
                             "18446744073709551615",
                             "18446744073709551616",
                             "+5",
                             " 42 ",
                             "\t7",
                             "+-5",
                             "++5",
                             "-0",
                             "0042",
                             "1.5",
                             "-2.25",
                             "0.1",
                             "-0.0",
                             "5.",
                             ".5",
                             "1.e5",
                             "3.4028235e38",
                             "3.5e38",
                             "1e40",
                             "1e400",
                             "-1e400",
                             "1e-50",
                             "1e-400",
                             "nan",
                             "-nan",
                             "inf",
                             "-inf",
                             "infinity",
                             "-Infinity",
                             "NaN",
                             "nan(1)",
                             "65504",
                             "65519.99",
                             "65520",
                             "-65520",
                             "6e-8",
                             "2.9802322387695312e-08",
                             "2.98023223876953125e-08",
                             "1e-8",
                             "0.000061035",
                             "x",
                             "",
                             "0x10",
                             "True",
                             "False",
                             "true",
                             "yes",
                             "1_000",
                             "1+2j",
                             "(1-2.5j)",
                             "( 1e3-1e-3j )",
                             "3j",
                             "-j",
                             "+j",
                             "1+j",
                             "j",
                             "J",
                             "nan+infj",
                             "-inf-nanj",
                             "1e40j",
                             "1e400j",
                             "1 + 2j",
                             "(1+2j",
                             "1e-3+2e+5J",
                             "1+-2j",
                             "(3)",
                             "()",
                             "\u00e9",
                             "\u0663"};
        const unsigned seed = std::random_device{}();
        qInfo("encode seed %u", seed);
        std::mt19937_64 rng(seed);
        texts += randomTexts(rng, 250);

        QJsonArray cases;
        std::vector<Result<std::vector<std::byte>>> ours;
        for (const QString &format : formats)
            for (const QString &text : texts) {
                const auto layout = parseFormat(format.toStdString());
                QVERIFY2(layout.ok() && layout->root.scalar, qPrintable(format));
                ours.push_back(encodeScalar(*layout->root.scalar, text.toStdString()));
                cases.append(
                    QJsonArray{format, text,
                               ours.back().ok() ? QJsonValue(hexOf(*ours.back())) : QJsonValue()});
            }
        QFile oracle(QStringLiteral(BUFFERSCOPE_TEST_DATA "/encode_oracle.py"));
        QVERIFY(oracle.open(QIODevice::ReadOnly));
        const auto run =
            testing::runPython(QString::fromUtf8(oracle.readAll()), QJsonDocument(cases).toJson());
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray expected = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(expected.size(), cases.size());
        int packed = 0, refused = 0;
        for (int i = 0; i < cases.size(); ++i) {
            const QJsonArray row = cases.at(i).toArray();
            const QJsonArray answer = expected.at(i).toArray();
            const QString where = QStringLiteral("%1 '%2' (seed %3)")
                                      .arg(row.at(0).toString(), row.at(1).toString())
                                      .arg(seed);
            const auto &bytes = ours[static_cast<std::size_t>(i)];
            const QJsonValue want = answer.at(0);
            if (want.isNull()) {
                QVERIFY2(!bytes.ok(),
                         qPrintable(where + ": Python refuses, we wrote " +
                                    hexOf(bytes.ok() ? *bytes : std::vector<std::byte>{})));
                QVERIFY(bytes.error().message.starts_with("value: "));
                ++refused;
                continue;
            }
            QVERIFY2(bytes.ok(),
                     qPrintable(where + ": we refused: " +
                                QString::fromStdString(bytes.ok() ? "" : bytes.error().message)));
            QCOMPARE(hexOf(*bytes) + " " + where, want.toString() + " " + where);
            QVERIFY2(answer.at(1).toBool(),
                     qPrintable(where + ": NumPy reads back another number"));
            ++packed;
        }
        qInfo("%d texts stored as Python stores them and read back by NumPy, %d refused as "
              "Python refuses them",
              packed, refused);
        QVERIFY(packed > 3000 && refused > 1000);
    }

    void messages()
    {
        QCOMPARE(encodeScalar(scalar("B"), "300").error().message,
                 std::string("value: 300 is out of range for 'B' (0 to 255)"));
        QCOMPARE(encodeScalar(scalar(">H"), "-1").error().message,
                 std::string("value: -1 is out of range for 'H' (0 to 65535)"));
        QCOMPARE(encodeScalar(scalar("<h"), "x").error().message,
                 std::string("value: 'x' is not an integer"));
        QCOMPARE(encodeScalar(scalar("<d"), "1,5").error().message,
                 std::string("value: '1,5' is not a number"));
        QCOMPARE(encodeScalar(scalar("<f"), "1e40").error().message,
                 std::string("value: 1e40 is too large for 'f'"));
        QCOMPARE(encodeScalar(scalar("e"), " 70000 ").error().message,
                 std::string("value: 70000 is too large for 'e'"));
        QCOMPARE(encodeScalar(scalar("Zf"), "1e40j").error().message,
                 std::string("value: 1e40j is too large for 'Zf'"));
        QCOMPARE(encodeScalar(scalar("Zd"), "1 + 2j").error().message,
                 std::string("value: '1 + 2j' is not a complex number"));
        QCOMPARE(encodeScalar(scalar("?"), "yes").error().message,
                 std::string("value: 'yes' is not True or False"));
        QCOMPARE(encodeScalar(scalar("3s"), "abc").error().message,
                 std::string("value: cannot write 's' items from text"));
        QCOMPARE(encodeScalar(scalar("g"), "1").error().message,
                 std::string("value: cannot write 'g' items from text"));
        QCOMPARE(encodeScalar(scalar("Zg"), "1").error().message,
                 std::string("value: cannot write 'Zg' items from text"));
        QVERIFY(isTextEncodable(scalar(">e")) && isTextEncodable(scalar("Zd")) &&
                !isTextEncodable(scalar("c")) && !isTextEncodable(scalar("P")));
    }
};

QTEST_GUILESS_MAIN(EncodeTest)
#include "encode_test.moc"
