// SPDX-License-Identifier: GPL-3.0-or-later
// `bufferscope-cli format` against CPython and NumPy: itemsize and field offsets of struct
// formats from struct.calcsize, of T{} records from NumPy's PEP 3118 parser; refused
// formats exit 2 with {"error", "position"} and are refused by struct/NumPy too.
#include "cli_support.h"
#include "python_oracle.h"

#include <nlohmann/json.hpp>

#include <QTest>

using namespace bufferscope;
using Json = nlohmann::json;

namespace {

// Struct-module formats: prefix + single-character items, so each item's offset is
// calcsize(prefix + items up to it) - calcsize(prefix + it).
const char *const kStructFormats[] = {"i",    "@ibd", "=ibd", "<hq", ">Hb?", "!fd", "@bhiq",
                                      "@cqb", "=lL",  "@dbf", "<e",  "@?Nn", "@bd", ">BBH"};
// Records: compared with numpy.core._internal._dtype_from_pep3118.
const char *const kRecordFormats[] = {"T{i:a:b:b:}",  "T{<i:a:(2)d:b:}", "T{b:a:T{b:x:i:y:}:n:}",
                                      "T{=h:p:d:q:}", "T{>I:u:3s:s:}",   "T{d:x:b:y:}"};
const char *const kBadFormats[] = {"ii)", "T{i:a:", "(2,3", "Zq", "i:x"};

const char *const kOracle = R"(
import json, struct, sys
import numpy as np
from numpy.core._internal import _dtype_from_pep3118
out = {}
for fmt in json.loads(sys.stdin.read())['struct']:
    prefix = fmt[0] if fmt[0] in '@=<>!' else ''
    items = fmt[len(prefix):]
    offsets = [struct.calcsize(prefix + items[:k + 1]) - struct.calcsize(prefix + items[k])
               for k in range(len(items))]
    out[fmt] = {'itemsize': struct.calcsize(fmt), 'offsets': offsets if len(items) > 1 else []}
print(json.dumps(out))
)";

const char *const kRecordOracle = R"(
import json, sys
from numpy.core._internal import _dtype_from_pep3118
out = {}
for fmt in json.loads(sys.stdin.read()):
    dt = _dtype_from_pep3118(fmt)
    out[fmt] = {'itemsize': dt.itemsize,
                'fields': [[name, dt.fields[name][1]] for name in dt.names]}
print(json.dumps(out))
)";

const char *const kBadOracle = R"(
import json, struct, sys
from numpy.core._internal import _dtype_from_pep3118
out = {}
for fmt in json.loads(sys.stdin.read()):
    refused = []
    try:
        struct.calcsize(fmt)
    except struct.error:
        refused.append('struct')
    try:
        _dtype_from_pep3118(fmt)
    except (ValueError, NotImplementedError, TypeError, KeyError, RuntimeError):
        refused.append('numpy')
    out[fmt] = refused
print(json.dumps(out))
)";

Json oracle(const char *program, const Json &input)
{
    const auto run =
        testing::runPython(QString::fromUtf8(program), QByteArray::fromStdString(input.dump()));
    if (!run.ok)
        qWarning("%s", qPrintable(run.error));
    return run.ok ? Json::parse(run.out.toStdString()) : Json();
}

Json formatJson(const char *format, int expectedExit)
{
    const auto run = testing::runCli({QStringLiteral("format"), QString::fromUtf8(format)});
    if (run.exitCode != expectedExit) {
        qWarning("format '%s' exited %d: %s", format, run.exitCode, run.err.constData());
        return {};
    }
    return Json::parse(run.out.toStdString(), nullptr, false);
}

} // namespace

class CliFormatTest : public QObject
{
    Q_OBJECT

private slots:
    void structFormatsAgreeWithCalcsize()
    {
        const Json expected = oracle(kOracle, {{"struct", kStructFormats}});
        QVERIFY(expected.is_object());
        int agreed = 0;
        for (const char *format : kStructFormats) {
            const Json ours = formatJson(format, 0);
            QVERIFY2(ours.is_object(), format);
            const Json &python = expected[format];
            QVERIFY2(ours["itemsize"] == python["itemsize"],
                     (std::string(format) + ": " + ours.dump() + " vs " + python.dump()).c_str());
            Json offsets = Json::array();
            for (const auto &field : ours["fields"])
                offsets.push_back(field["offset"]);
            QVERIFY2(
                offsets == python["offsets"],
                (std::string(format) + ": " + offsets.dump() + " vs " + python.dump()).c_str());
            ++agreed;
        }
        qInfo("%d struct formats agree with struct.calcsize", agreed);
    }

    void recordsAgreeWithNumpy()
    {
        const Json expected = oracle(kRecordOracle, kRecordFormats);
        QVERIFY(expected.is_object());
        for (const char *format : kRecordFormats) {
            const Json ours = formatJson(format, 0);
            QVERIFY2(ours.is_object(), format);
            Json fields = Json::array();
            for (const auto &field : ours["fields"])
                fields.push_back({field["name"], field["offset"]});
            const Json &numpy = expected[format];
            QVERIFY2(ours["itemsize"] == numpy["itemsize"] && fields == numpy["fields"],
                     (std::string(format) + ": " + ours.dump() + " vs " + numpy.dump()).c_str());
        }
    }

    void refusedFormatsExitTwo()
    {
        const Json refusedBy = oracle(kBadOracle, kBadFormats);
        QVERIFY(refusedBy.is_object());
        for (const char *format : kBadFormats) {
            QVERIFY2(!refusedBy[format].empty(), format); // someone else refuses it too
            const auto run = testing::runCli({QStringLiteral("format"), QString::fromUtf8(format)});
            QCOMPARE(run.exitCode, 2);
            const Json error = Json::parse(run.out.toStdString(), nullptr, false);
            QVERIFY2(error.is_object() && error["error"].is_string(), run.out.constData());
            QVERIFY(error["position"].is_number_unsigned());
            QCOMPARE(run.err,
                     QByteArray("error: ") + QByteArray::fromStdString(error["error"]) + '\n');
        }
    }
};

QTEST_GUILESS_MAIN(CliFormatTest)
#include "cli_format_test.moc"
