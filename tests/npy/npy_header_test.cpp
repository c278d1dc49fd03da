// SPDX-License-Identifier: GPL-3.0-or-later
// The header's literal parser against Python's ast.literal_eval (what NumPy uses), and the
// header reader against NumPy's own on randomly damaged headers: whatever we accept, NumPy
// must accept with the same shape and fortran_order.
#include "case_files.h"
#include "npy_test_support.h"

#include "exporters/npy/npy_dtype.h"
#include "exporters/npy/npy_header.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace bufferscope;
using namespace bufferscope::testing;

namespace {

// Literals in and around the subset a header uses; Python decides which are valid.
const QStringList kLiterals = {
    "{}",
    "{'a': 1}",
    "{'a': 1,}",
    "{ 'a' :\t1 ,\n'b': (2, 3) }",
    "(1,)",
    "( 1 , )",
    "(1)",
    "()",
    "[]",
    "[1, 2,]",
    "[,]",
    "(,)",
    "{,}",
    "True",
    "False",
    "-5",
    "+5",
    "- 5",
    "00",
    "01",
    "1_000",
    "1__0",
    "_1",
    "9223372036854775807",
    "-9223372036854775808",
    "'a' 'b'",
    "\"it's\"",
    "'\\x41\\u00e9\\101\\n'",
    "'\\q'",
    "'unterminated",
    "{'a' 1}",
    "{'a': 1 'b': 2}",
    "{1: 2}",
    "[(('t', 'a'), '<i4')]",
    "((((1,),),),)",
    "{'a': [}",
    "True False",
    "None",
    "1.5",
    "0x10",
    "b'x'",
    "{'a': 1}}",
    "'\\U0001F600'",
    "(1, 2) ",
    "  {'descr': '<f4', 'fortran_order': False, 'shape': (3L,)}",
};

QString text(const Error &error)
{
    return QString::fromStdString(error.message);
}

} // namespace

class NpyHeaderTest : public QObject
{
    Q_OBJECT

private slots:
    void literalsAgreeWithPython();
    void literalErrors_data();
    void literalErrors();
    void damagedHeadersNeverLooser();
};

void NpyHeaderTest::literalsAgreeWithPython()
{
    const char *program = R"PY(
import ast, json, sys
out = []
for text in json.load(sys.stdin):
    try:
        out.append(repr(ast.literal_eval(text)))
    except Exception:
        out.append(None)
print(json.dumps(out))
)PY";
    const auto run = runPython(QString::fromLatin1(program),
                               QJsonDocument(QJsonArray::fromStringList(kLiterals)).toJson());
    QVERIFY2(run.ok, qPrintable(run.error));
    const QJsonArray python = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(python.size(), kLiterals.size());
    QStringList failures;
    int agreed = 0;
    for (qsizetype i = 0; i < kLiterals.size(); ++i) {
        npy::LiteralOptions options;
        options.encoding = npy::TextEncoding::Utf8;
        auto ours = npy::parseLiteral(kLiterals[i].toStdString(), options);
        const QJsonValue theirs = python[i];
        // The "L" suffix is Python 2's; NumPy strips it before literal_eval for 1.0/2.0.
        const bool python2Long = kLiterals[i].contains("3L");
        if (ours && (theirs.isString() || python2Long)) {
            const QString repr = QString::fromStdString(npy::literalRepr(*ours));
            if (python2Long || repr == theirs.toString())
                ++agreed;
            else
                failures << kLiterals[i] + ": ours " + repr + ", python " + theirs.toString();
        } else if (ours) {
            failures << kLiterals[i] + ": we accept what Python refuses";
        } else if (theirs.isString()) {
            // Python literals we do not need for headers (floats, None, bytes, hex, int keys) are
            // refused; anything else Python reads must be read the same by us.
            // Header keys are strings, so a dict with other keys is refused at once.
            static const QStringList outside = {"None", "1.5", "0x10", "b'x'", "{1: 2}"};
            if (outside.contains(kLiterals[i]))
                ++agreed;
            else
                failures << kLiterals[i] + ": we refuse (" + text(ours.error()) + "), python " +
                                theirs.toString();
        } else {
            ++agreed;
        }
    }
    qInfo("%lld literals: %d agree with ast.literal_eval", static_cast<long long>(kLiterals.size()),
          agreed);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join('\n')));
}

void NpyHeaderTest::literalErrors_data()
{
    QTest::addColumn<QString>("literal");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("position");
    QTest::newRow("colon") << "{'a' 1}"
                           << "expected ':'" << 5;
    QTest::newRow("comma") << "{'a': 1 'b': 2}"
                           << "expected ',' or '}'" << 8;
    QTest::newRow("tuple") << "(1 2)"
                           << "expected ',' or ')'" << 3;
    QTest::newRow("end") << "{'a': "
                         << "unexpected end of header" << 6;
    QTest::newRow("name") << "{'a': os.system}"
                          << "unexpected name 'os'" << 6;
    QTest::newRow("byte") << "{'a': \x01}"
                          << "unexpected byte 0x01" << 6;
    QTest::newRow("key") << "{1: 2}"
                         << "dict key is not a string" << 1;
    QTest::newRow("zeros") << "(012,)"
                           << "leading zeros in an integer" << 1;
    QTest::newRow("trailing") << "{} {}"
                              << "unexpected '{'" << 3;
    QTest::newRow("escape") << "'\\x4'"
                            << "truncated \\x escape" << 1;
}

void NpyHeaderTest::literalErrors()
{
    QFETCH(QString, literal);
    QFETCH(QString, message);
    QFETCH(int, position);
    npy::LiteralOptions options;
    options.baseOffset = 100;
    auto parsed = npy::parseLiteral(literal.toStdString(), options);
    QVERIFY(!parsed);
    QCOMPARE(text(parsed.error()), message);
    QCOMPARE(parsed.error().position.value_or(0), static_cast<std::size_t>(100 + position));
}

// Damage real headers byte by byte (fixed seed); for every file we accept, NumPy's reader
// must accept it too, with the same shape, order and itemsize.
void NpyHeaderTest::damagedHeadersNeverLooser()
{
    const quint32 seed = 3118;
    QRandomGenerator random(seed);
    const QList<QByteArray> headers = {
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }",
        "{'descr': [('a', '<i4'), ('b', '>f8', (2, 3))], 'fortran_order': True, 'shape': (2,), }",
        "{'descr': '|S3', 'fortran_order': False, 'shape': (), }",
    };
    const QByteArray alphabet = "{}()[]',:_ 0123456789-TrueFalse<>|fiuSUVbc\"\\L";
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QJsonArray accepted;
    int tried = 0;
    for (int n = 0; n < 1500; ++n) {
        QByteArray header = headers[n % headers.size()];
        const int edits = 1 + static_cast<int>(random.bounded(3));
        for (int e = 0; e < edits; ++e) {
            const auto where =
                static_cast<qsizetype>(random.bounded(static_cast<int>(header.size())));
            const char c = alphabet[random.bounded(static_cast<int>(alphabet.size()))];
            switch (random.bounded(3)) {
            case 0:
                header[where] = c;
                break;
            case 1:
                header.insert(where, c);
                break;
            default:
                header.remove(where, 1);
                break;
            }
        }
        const QByteArray file = npyFile(1 + n % 3, header, QByteArray(4096, '\0'));
        ++tried;
        auto parsed =
            npy::parseHeader(std::as_bytes(std::span(file.constData(), file.size())), "x");
        if (!parsed)
            continue;
        auto dtype = npy::dtypeFromDescr(parsed->descr);
        if (!dtype)
            continue;
        const QString path = dir.filePath(QStringLiteral("h%1.npy").arg(n));
        QVERIFY(writeFile(path, file));
        QJsonArray shape;
        for (auto d : parsed->shape)
            shape.append(static_cast<qint64>(d));
        accepted.append(QJsonObject{{"path", path},
                                    {"header", QString::fromLatin1(header)},
                                    {"shape", shape},
                                    {"fortran", parsed->fortranOrder},
                                    {"itemsize", static_cast<qint64>(dtype->itemsize)}});
    }
    const char *program = R"PY(
import json, sys
from numpy.lib import format as npformat
out = []
for case in json.load(sys.stdin):
    try:
        with open(case['path'], 'rb') as f:
            version = npformat.read_magic(f)
            shape, fortran, dtype = npformat._read_array_header(f, version)
        ok = (list(shape) == case['shape'] and fortran == case['fortran']
              and case['itemsize'] == dtype.itemsize)
        out.append(None if ok else 'numpy reads %r %r %r' % (shape, fortran, dtype))
    except Exception as error:
        out.append('numpy refuses: %s' % error)
print(json.dumps(out))
)PY";
    const auto run = runPython(QString::fromLatin1(program), QJsonDocument(accepted).toJson());
    QVERIFY2(run.ok, qPrintable(run.error));
    const QJsonArray verdicts = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(verdicts.size(), accepted.size());
    QStringList failures;
    for (qsizetype i = 0; i < verdicts.size(); ++i)
        if (!verdicts[i].isNull())
            failures << accepted[i].toObject()["header"].toString() + ": " + verdicts[i].toString();
    qInfo("seed %u: %d damaged headers, %lld accepted by us, all read the same by numpy: %s", seed,
          tried, static_cast<long long>(accepted.size()), failures.isEmpty() ? "yes" : "no");
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 10).join('\n')));
}

QTEST_GUILESS_MAIN(NpyHeaderTest)
#include "npy_header_test.moc"
