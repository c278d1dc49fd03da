// SPDX-License-Identifier: GPL-3.0-or-later
// Differential test of applyExpression against NumPy 1.24 and CPython's memoryview.cast:
// numpy_cases.py (fixed seed) builds random arrays and random chains of steps and prints
// NumPy's outcome; the same bytes are described here by a Descriptor with the same strides
// and every outcome is compared: which step fails and with which text, or shape, strides,
// first-element offset and the C-order bytes.
#include "buffer/descriptor.h"
#include "format/parser.h"
#include "python_oracle.h"
#include "views/steps.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QTest>

#include <cstring>

using namespace bufferscope;

namespace {

constexpr int kSeed = 20240611;
constexpr int kCases = 4000;

std::vector<std::int64_t> ints(const QJsonValue &value)
{
    std::vector<std::int64_t> out;
    for (const QJsonValue &v : value.toArray())
        out.push_back(static_cast<std::int64_t>(v.toDouble()));
    return out;
}

// C-order bytes of a direct descriptor whose memory is `storage`; nullopt when an element
// would lie outside it (a wrong result must fail the comparison, not crash).
std::optional<QByteArray> cOrderBytes(const Descriptor &d, const QByteArray &storage)
{
    QByteArray out;
    std::vector<std::int64_t> index(d.ndim(), 0);
    for (std::int64_t n : d.shape)
        if (n == 0)
            return out;
    const auto base = reinterpret_cast<std::uintptr_t>(storage.constData());
    for (;;) {
        std::int64_t offset =
            static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(d.buf) - base);
        for (int i = 0; i < d.ndim(); ++i)
            offset += d.strides[i] * index[i];
        if (offset < 0 || offset + d.itemsize > storage.size())
            return std::nullopt;
        out.append(storage.constData() + offset, d.itemsize);
        int i = d.ndim() - 1;
        while (i >= 0 && ++index[i] == d.shape[i])
            index[i--] = 0;
        if (i < 0)
            return out;
    }
}

} // namespace

class ExpressionNumpyTest : public QObject
{
    Q_OBJECT

private slots:
    void againstNumpy()
    {
        QFile script(QStringLiteral(BUFFERSCOPE_TEST_DATA "/numpy_cases.py"));
        QVERIFY(script.open(QIODevice::ReadOnly));
        const auto run = testing::runPython(QString::fromUtf8(script.readAll()), {},
                                            {QString::number(kSeed), QString::number(kCases)});
        QVERIFY2(run.ok, qPrintable(run.error));
        const QList<QByteArray> lines = run.out.split('\n');

        int cases = 0, agreed = 0, failures = 0, failuresAgreed = 0, textsCompared = 0;
        QStringList problems;
        for (const QByteArray &line : lines) {
            if (line.trimmed().isEmpty())
                continue;
            ++cases;
            const QJsonObject c = QJsonDocument::fromJson(line).object();
            const std::string expression = c["expression"].toString().toStdString();
            const QString where =
                QStringLiteral("seed %1 case %2: %3 on %4 %5 %6")
                    .arg(kSeed)
                    .arg(cases)
                    .arg(QString::fromStdString(expression), c["format"].toString(),
                         QString::fromUtf8(
                             QJsonDocument(c["shape"].toArray()).toJson(QJsonDocument::Compact)),
                         c["order"].toString());
            auto problem = [&](const QString &what) {
                if (problems.size() < 20)
                    problems << where + ": " + what;
            };

            QByteArray storage = QByteArray::fromHex(c["data"].toString().toLatin1());
            Descriptor d;
            d.buf = reinterpret_cast<std::byte *>(storage.data());
            d.itemsize = c["itemsize"].toInt();
            d.format = c["format"].toString().toStdString();
            d.shape = ints(c["shape"]);
            d.strides = ints(c["strides"]);
            d.readonly = false;
            d.len = d.itemsize;
            for (auto n : d.shape)
                d.len *= n;
            const auto layout = parseFormat(d.format);
            if (!layout || layout->itemsize() != d.itemsize) {
                problem(QStringLiteral("our format parser disagrees on the itemsize"));
                continue;
            }

            const auto result = applyExpression(d, expression);
            if (c["error"].toBool()) {
                ++failures;
                if (result.ok()) {
                    problem("NumPy refused (" + c["message"].toString() + ") but we gave a view");
                    continue;
                }
                // The failing step is the one NumPy stopped at, named with its column.
                const auto steps = parseExpression(expression);
                QVERIFY(steps.ok());
                const int failStep = c["failStep"].toInt();
                const Step &step = (*steps)[failStep - 1];
                const std::string prefix = "expression: step " + std::to_string(failStep) + " '" +
                                           printStep(step) + "' at column " +
                                           std::to_string(step.position + 1) + ": ";
                const std::string &message = result.error().message;
                if (message.rfind(prefix, 0) != 0 || result.error().position != step.position) {
                    problem("failed elsewhere: " + QString::fromStdString(message));
                    continue;
                }
                const QString inner = QString::fromStdString(message.substr(prefix.size()));
                QString expected = c["message"].toString();
                // The one text that is ours: NumPy's complaint about a string index on an
                // array without fields names Python index types that do not exist here.
                if (expected.startsWith(QStringLiteral("only integers, slices")))
                    expected = "field: format '" + inner.section('\'', 1, 1) + "' has no fields";
                ++textsCompared;
                if (inner != expected) {
                    problem("message '" + inner + "', NumPy '" + expected + "'");
                    continue;
                }
                ++failuresAgreed;
                ++agreed;
                continue;
            }
            if (!result.ok()) {
                problem("we refused: " + QString::fromStdString(result.error().message));
                continue;
            }
            const Descriptor &r = *result;
            const auto expectedShape = ints(c["resultShape"]);
            const auto expectedStrides = ints(c["resultStrides"]);
            const auto offset =
                static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(r.buf) -
                                          reinterpret_cast<std::uintptr_t>(storage.constData()));
            if (r.shape != expectedShape || r.strides != expectedStrides ||
                offset != static_cast<std::int64_t>(c["offset"].toDouble()) || r.hasSuboffsets()) {
                problem(QStringLiteral("layout differs: offset %1 vs %2")
                            .arg(offset)
                            .arg(c["offset"].toDouble()));
                continue;
            }
            const auto bytes = cOrderBytes(r, storage);
            if (!bytes || bytes->toHex() != c["bytes"].toString().toLatin1()) {
                problem(QStringLiteral("bytes differ"));
                continue;
            }
            ++agreed;
        }
        qInfo("views vs NumPy (seed %d): %d cases, %d agree (%d refusals, %d agree; %d texts "
              "compared), %d differ",
              kSeed, cases, agreed, failures, failuresAgreed, textsCompared, cases - agreed);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        QVERIFY(cases >= 2000);
        QCOMPARE(agreed, cases);
    }

    // Chain fuzzer finding: a size-0 array reshaped to dimensions whose product with the
    // itemsize overflows (the zero hides it from the size check) computed strides with a
    // signed overflow. NumPy refuses it when it makes the array; same text here.
    void zeroSizeReshapeTooBig()
    {
        const QStringList shapes = {"(0, 3501392192471907734, 4)",
                                    "(0, 2**62)",
                                    "(2**61, 0, 4)",
                                    "(0, 2**40, 2**30)",
                                    "(0, 2**60)",
                                    "(0, 2**59, 3)",
                                    "(2**60, 0)"};
        QString program = QStringLiteral("import json, numpy as np\nout = []\n");
        for (const QString &shape : shapes)
            program += "try:\n    np.zeros(0, '<i4').reshape(" + shape +
                       ")\n    out.append('')\nexcept ValueError as e:\n    out.append(str(e))\n";
        program += QStringLiteral("print(json.dumps(out))\n");
        const auto oracle = testing::runPython(program);
        QVERIFY2(oracle.ok, qPrintable(oracle.error));
        const QJsonArray expected = QJsonDocument::fromJson(oracle.out).array();
        QCOMPARE(expected.size(), shapes.size());
        std::byte storage[4];
        Descriptor d;
        d.buf = storage;
        d.format = "<i";
        d.itemsize = 4;
        d.shape = {0};
        d.strides = {4};
        d.len = 0;
        int refused = 0;
        for (qsizetype i = 0; i < shapes.size(); ++i) {
            QString dims = shapes[i]; // the expression takes plain integers
            for (int power : {30, 40, 59, 60, 61, 62})
                dims.replace(QStringLiteral("2**%1").arg(power),
                             QString::number(qint64(1) << power));
            const auto result = applyExpression(d, (".reshape" + dims).toStdString());
            const QString want = expected[i].toString();
            if (want.isEmpty()) {
                QVERIFY2(result.ok(), qPrintable(dims));
                continue;
            }
            ++refused;
            QVERIFY2(!result.ok(), qPrintable(dims));
            QCOMPARE(result.error().category, ErrorCategory::Value);
            QCOMPARE(QString::fromStdString(result.error().message),
                     "expression: step 1 '.reshape" + dims + "' at column 1: " + want);
        }
        QVERIFY(refused >= 4);
    }
};

QTEST_GUILESS_MAIN(ExpressionNumpyTest)
#include "expression_numpy_test.moc"
