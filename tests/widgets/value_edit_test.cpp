// SPDX-License-Identifier: GPL-3.0-or-later
// encodeScalar against CPython's struct.pack: for each format and typed text, Python packs
// int(text) / float(text) / the bool (or refuses), and the bytes (or the refusal) must agree.
#include "format/parser.h"
#include "models/value_edit.h"
#include "python_oracle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace bufferscope;

class ValueEditTest : public QObject
{
    Q_OBJECT

private slots:
    void againstStructPack()
    {
        const QStringList formats = {"b", "B", "<h", ">H", "<i", ">I", "<q", ">Q", "<f", ">f",
                                     "<d", ">d", "?", "=l", "<L"};
        const QStringList texts = {"0", "1", "-1", "127", "128", "-128", "-129", "255", "256",
                                   "65535", "-32768", "2147483647", "4294967296",
                                   "9223372036854775807", "18446744073709551615",
                                   "18446744073709551616", "+5", " 42 ", "1.5", "-2.25",
                                   "3.4028235e38", "3.5e38", "1e40", "1e400", "-1e400",
                                   "1e-50", "1e-400", "nan", "inf", "-inf", "x", "", "0x10",
                                   "True", "False", "1_000"};
        QJsonArray cases;
        for (const QString &format : formats)
            for (const QString &text : texts)
                cases.append(QJsonArray{format, text});
        const auto run = testing::runPython(
            QStringLiteral("import json, struct, sys\n"
                           "out = []\n"
                           "for fmt, text in json.load(sys.stdin):\n"
                           "    t = text.strip()\n"
                           "    try:\n"
                           "        if fmt == '?':\n"
                           "            v = {'True': True, 'true': True, '1': True,\n"
                           "                 'False': False, 'false': False, '0': False}[t]\n"
                           "        elif fmt[-1] in 'fd':\n"
                           "            if '_' in t: raise ValueError\n"
                           "            v = float(t)\n"
                           "        else:\n"
                           "            if '_' in t or not t.lstrip('+-').isdigit(): raise ValueError\n"
                           "            v = int(t)\n"
                           "        out.append(struct.pack(fmt, v).hex())\n"
                           "    except (ValueError, KeyError, struct.error, OverflowError):\n"
                           "        out.append(None)\n"
                           "print(json.dumps(out))\n"),
            QJsonDocument(cases).toJson());
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray expected = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(expected.size(), cases.size());
        int packed = 0, refused = 0;
        for (int i = 0; i < cases.size(); ++i) {
            const QString format = cases[i].toArray()[0].toString();
            const QString text = cases[i].toArray()[1].toString();
            const auto layout = parseFormat(format.toStdString());
            QVERIFY(layout.ok() && layout->root.scalar);
            const auto bytes = encodeScalar(*layout->root.scalar, text.toStdString());
            const QString where = format + " '" + text + "'";
            if (expected[i].isNull()) {
                QVERIFY2(!bytes.ok(), qPrintable(where + ": struct refuses, we packed"));
                QVERIFY(bytes.error().message.starts_with("value: "));
                ++refused;
                continue;
            }
            QVERIFY2(bytes.ok(), qPrintable(where + ": " +
                                            QString::fromStdString(bytes.ok() ? "" : bytes.error().message)));
            const QByteArray ours(reinterpret_cast<const char *>(bytes->data()),
                                  qsizetype(bytes->size()));
            QCOMPARE(QString::fromLatin1(ours.toHex()) + " " + where,
                     expected[i].toString() + " " + where);
            ++packed;
        }
        qInfo("%d packed as struct.pack packs, %d refused as struct refuses", packed, refused);
    }

    void messages()
    {
        const auto scalar = [](const char *format) {
            return *parseFormat(format)->root.scalar;
        };
        QCOMPARE(encodeScalar(scalar("B"), "300").error().message,
                 std::string("value: 300 is out of range for 'B' (0 to 255)"));
        QCOMPARE(encodeScalar(scalar("<h"), "x").error().message,
                 std::string("value: 'x' is not an integer"));
        QCOMPARE(encodeScalar(scalar("<f"), "1e40").error().message,
                 std::string("value: 1e40 is too large for 'f'"));
        QCOMPARE(encodeScalar(scalar("?"), "yes").error().message,
                 std::string("value: 'yes' is not True or False"));
        QCOMPARE(encodeScalar(scalar("3s"), "abc").error().message,
                 std::string("value: cannot write 's' items from text"));
    }
};

QTEST_GUILESS_MAIN(ValueEditTest)
#include "value_edit_test.moc"
