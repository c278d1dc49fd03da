// SPDX-License-Identifier: GPL-3.0-or-later
// Strict validation of JSON view descriptors: one valid descriptor, then one mutation per row
// with the exact message that names the key.
#include "descriptors/descriptor_json.h"

#include <QTest>

using namespace bufferscope;
using Json = nlohmann::json;

Q_DECLARE_METATYPE(std::string)

namespace {

// A valid descriptor as viewDescriptor writes it for a (3, 4) int32 .npy file's [1:3] view.
Json validDescriptor()
{
    return Json::parse(R"({
        "version": 1, "format": "<i", "itemsize": 4, "ndim": 2, "shape": [2, 4],
        "strides": [16, 4], "suboffsets": null, "offset": 144, "len": 32, "readonly": true,
        "c_contiguous": true, "f_contiguous": false, "expression": "[1:3]",
        "source": {"kind": "npy", "path": "/tmp/a.npy", "options": {}},
        "exports": 0, "requests": ["SIMPLE", "ND"]})");
}

} // namespace

class DescriptorJsonTest : public QObject
{
    Q_OBJECT

private slots:
    void acceptsValid()
    {
        auto record = parseDescriptor(validDescriptor());
        QVERIFY2(record.ok(), record.ok() ? "" : record.error().message.c_str());
        QCOMPARE(record->format, std::string("<i"));
        QCOMPARE(record->shape, (std::vector<std::int64_t>{2, 4}));
        QCOMPARE(record->strides, (std::vector<std::int64_t>{16, 4}));
        QVERIFY(record->suboffsets.empty());
        QCOMPARE(record->offset, std::optional<std::int64_t>(144));
        QCOMPARE(record->expression, std::string("[1:3]"));
        QCOMPARE(record->source.kind, std::string("npy"));
        QCOMPARE(record->source.path, std::string("/tmp/a.npy"));
    }

    void acceptsWithoutOptionalKeys()
    {
        Json json = validDescriptor();
        for (const char *key : {"c_contiguous", "f_contiguous", "exports", "requests"})
            json.erase(key);
        QVERIFY(parseDescriptor(json).ok());
    }

    void acceptsSuboffsetsAndNullOffset()
    {
        Json json = validDescriptor();
        json["suboffsets"] = {0, -1};
        json["offset"] = nullptr;
        auto record = parseDescriptor(json);
        QVERIFY(record.ok());
        QCOMPARE(record->suboffsets, (std::vector<std::int64_t>{0, -1}));
        QVERIFY(!record->offset);
    }

    void refuses_data()
    {
        QTest::addColumn<std::string>("patch"); // a JSON merge patch on the valid descriptor
        QTest::addColumn<std::string>("message");
        const auto row = [](const char *name, const char *patch, const char *message) {
            QTest::newRow(name) << std::string(patch) << std::string(message);
        };
        row("unknown key", R"({"shapes": [1]})", "descriptor: unknown key 'shapes'");
        row("missing shape", R"({"__erase": "shape"})", "descriptor: missing key 'shape'");
        row("version 2", R"({"version": 2})", "descriptor: 'version' must be 1");
        row("version text", R"({"version": "1"})", "descriptor: 'version' must be 1");
        row("format number", R"({"format": 5})", "descriptor: 'format' must be a string");
        row("itemsize negative", R"({"itemsize": -4})",
            "descriptor: 'itemsize' must be a non-negative integer");
        row("ndim 65", R"({"ndim": 65})", "descriptor: 'ndim' must be an integer from 0 to 64");
        row("ndim float", R"({"ndim": 2.0})", "descriptor: 'ndim' must be an integer from 0 to 64");
        row("shape negative", R"({"shape": [2, -4]})",
            "descriptor: 'shape' must be a list of non-negative integers");
        row("shape text", R"({"shape": "2,4"})",
            "descriptor: 'shape' must be a list of non-negative integers");
        row("shape huge", R"({"shape": [18446744073709551615, 4]})",
            "descriptor: 'shape' must be a list of non-negative integers");
        row("strides float", R"({"strides": [16, 4.5]})",
            "descriptor: 'strides' must be a list of integers");
        row("suboffsets empty", R"({"suboffsets": []})",
            "descriptor: 'suboffsets' must be null or a non-empty list of integers");
        row("shape vs ndim", R"({"shape": [2, 4, 1]})",
            "descriptor: 'shape' has 3 entries but 'ndim' is 2");
        row("strides vs ndim", R"({"strides": [4]})",
            "descriptor: 'strides' has 1 entries but 'ndim' is 2");
        row("suboffsets vs ndim", R"({"suboffsets": [0, -1, -1]})",
            "descriptor: 'suboffsets' has 3 entries but 'ndim' is 2");
        row("offset text", R"({"offset": "144"})",
            "descriptor: 'offset' must be null or an integer");
        row("len mismatch", R"({"len": 30})",
            "descriptor: 'len' is 30 but product(shape) * itemsize is 32");
        row("len overflow", R"({"shape": [4294967296, 4294967296], "len": 0})",
            "descriptor: product(shape) * itemsize overflows");
        row("readonly", R"({"readonly": 1})", "descriptor: 'readonly' must be true or false");
        row("expression", R"({"expression": 5})", "descriptor: 'expression' must be a string");
        row("source list", R"({"source": []})",
            "descriptor: 'source' must be an object with 'kind', 'path' and 'options'");
        row("source unknown key", R"({"source": {"format": "i"}})",
            "descriptor: unknown key 'source.format'");
        row("source kind", R"({"source": {"kind": 3}})",
            "descriptor: 'source.kind' must be a string");
        row("source options", R"({"source": {"options": []}})",
            "descriptor: 'source.options' must be an object");
        row("c_contiguous", R"({"c_contiguous": "yes"})",
            "descriptor: 'c_contiguous' must be true or false");
        row("exports", R"({"exports": -1})",
            "descriptor: 'exports' must be a non-negative integer");
        row("requests", R"({"requests": [1]})", "descriptor: 'requests' must be a list of strings");
    }

    void refuses()
    {
        QFETCH(std::string, patch);
        QFETCH(std::string, message);
        Json json = validDescriptor();
        Json changes = Json::parse(patch);
        if (changes.contains("__erase")) {
            json.erase(changes["__erase"].get<std::string>());
        } else {
            // Nested objects are merged so one source key can be changed at a time.
            json.merge_patch(changes);
        }
        auto record = parseDescriptor(json);
        QVERIFY(!record.ok());
        QCOMPARE(QString::fromStdString(record.error().message), QString::fromStdString(message));
        QCOMPARE(record.error().category, ErrorCategory::Structure);
    }

    void refusesNonObjects()
    {
        for (const char *text : {"[]", "null", "3", "\"x\""}) {
            auto record = parseDescriptor(Json::parse(text));
            QVERIFY(!record.ok());
            QCOMPARE(record.error().message, std::string("descriptor: must be a JSON object"));
        }
    }

    void reportsJsonSyntaxErrors()
    {
        auto json = parseDescriptorText("{\"version\": 1,, }");
        QVERIFY(!json.ok());
        QCOMPARE(json.error().category, ErrorCategory::Syntax);
        QCOMPARE(json.error().message, std::string("descriptor: invalid JSON at byte 14"));
        QCOMPARE(json.error().position, std::optional<std::size_t>(14));
        QVERIFY(parseDescriptorText(validDescriptor().dump()).ok());
    }
};

QTEST_GUILESS_MAIN(DescriptorJsonTest)
#include "descriptor_json_test.moc"
