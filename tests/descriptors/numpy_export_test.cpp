// SPDX-License-Identifier: GPL-3.0-or-later
// Differential test of view descriptors against NumPy 1.24: for .npy and raw files written by
// NumPy and views given by expressions NumPy evaluates too, our bytes (tobytes C and F),
// offset and __array_interface__ must equal NumPy's, our Python snippet, run by
// /usr/bin/python3, must rebuild an array with NumPy's bytes, shape, strides and dtype, and
// an object carrying our __array_interface__ (with the file's address added) must read back
// the same bytes. Every case also round-trips: descriptor -> loadDescriptor -> same descriptor.
#include "buffer/copy.h"
#include "descriptors/load_descriptor.h"
#include "descriptors/numpy_export.h"
#include "descriptors/view_descriptor.h"
#include "exporters/open_source.h"
#include "python_oracle.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bufferscope;
using Json = nlohmann::json;

namespace {

QString oracleProgram()
{
    QFile file(QStringLiteral(BUFFERSCOPE_TEST_DATA "/numpy_export_oracle.py"));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

Json runOracle(const Json &request)
{
    const auto run = testing::runPython(oracleProgram(), QByteArray::fromStdString(request.dump()));
    if (!run.ok) {
        qWarning("%s", qPrintable(run.error));
        return {};
    }
    return Json::parse(run.out.toStdString(), nullptr, false);
}

std::string hex(const std::vector<std::byte> &bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string text;
    for (const auto b : bytes) {
        text += digits[std::to_integer<int>(b) >> 4];
        text += digits[std::to_integer<int>(b) & 15];
    }
    return text;
}

Result<LoadedView> openCase(const std::string &folder, const Json &c)
{
    std::optional<RawOptions> raw;
    if (c.contains("raw")) {
        const Json &o = c["raw"];
        std::string shape;
        for (const auto &d : o["shape"])
            shape += std::to_string(d.get<int>()) + ",";
        auto parsed =
            parseRawOptions(o["format"].get<std::string>(), shape,
                            std::to_string(o["offset"].get<int>()), o["order"].get<std::string>());
        if (!parsed)
            return parsed.error();
        raw = *parsed;
    }
    auto exporter = openFile(folder + "/" + c["file"].get<std::string>(), raw);
    if (!exporter)
        return exporter.error();
    return openView(std::move(*exporter), c["expr"].get<std::string>());
}

} // namespace

class NumpyExportTest : public QObject
{
    Q_OBJECT

private slots:
    void agreesWithNumpy()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string folder = dir.path().toStdString();
        Json cases = runOracle({{"phase", "make"}, {"folder", folder}});
        QVERIFY(cases.is_array() && !cases.empty());

        // Our answers, kept alive until NumPy has checked them.
        std::vector<Json> descriptors;
        std::vector<std::string> bytesC, bytesF;
        for (auto &c : cases) {
            auto loaded = openCase(folder, c);
            QVERIFY2(loaded.ok(),
                     (c.dump() + ": " + (loaded.ok() ? "" : loaded.error().message)).c_str());
            const BufferSource &source = loaded->source();
            descriptors.push_back(viewDescriptor(source));
            auto c1 = toBytes(source.descriptor(), Order::C);
            auto f1 = toBytes(source.descriptor(), Order::F);
            QVERIFY(c1.ok() && f1.ok());
            bytesC.push_back(hex(*c1));
            bytesF.push_back(hex(*f1));
            auto snippet = pythonSnippet(source);
            QVERIFY2(snippet.ok(),
                     (c.dump() + (snippet.ok() ? "" : snippet.error().message)).c_str());
            c["snippet"] = *snippet;
            auto interface = arrayInterface(source);
            QVERIFY2(interface.ok(), interface.ok() ? "" : interface.error().message.c_str());
            c["interface"] = *interface;
        }

        const Json results = runOracle({{"phase", "check"}, {"folder", folder}, {"cases", cases}});
        QVERIFY(results.is_array());
        QCOMPARE(results.size(), cases.size());
        int agreed = 0;
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const Json &c = cases[i];
            const Json &numpy = results[i];
            const std::string where =
                c["file"].get<std::string>() + " '" + c["expr"].get<std::string>() + "'";
            // Every difference is reported; the case counts as agreeing only without any.
            bool same = true;
            const auto check = [&](bool equal, const std::string &what, const Json &ours,
                                   const Json &theirs) {
                if (!equal)
                    qWarning("%s", (where + ": " + what + " " + ours.dump() + " != numpy " +
                                    theirs.dump())
                                       .c_str());
                same = same && equal;
            };
            check(bytesC[i] == numpy["c"], "tobytes C", bytesC[i], numpy["c"]);
            check(bytesF[i] == numpy["f"], "tobytes F", bytesF[i], numpy["f"]);
            Json ours = c["interface"];
            check(ours["data"][1] == numpy["readonly"], "readonly", ours["data"][1],
                  numpy["readonly"]);
            if (!numpy["offset"].is_null()) {
                check(descriptors[i]["offset"] == numpy["offset"], "offset",
                      descriptors[i]["offset"], numpy["offset"]);
                check(ours["data"][0] == numpy["offset"], "interface data", ours["data"][0],
                      numpy["offset"]);
            }
            ours.erase("data");
            check(ours == numpy["interface"], "__array_interface__", ours, numpy["interface"]);
            const Json &snippet = numpy["snippet"];
            check(snippet["c"] == numpy["c"], "snippet bytes", snippet["c"], numpy["c"]);
            check(snippet["same_dtype"] == true, "snippet dtype", snippet["dtype"],
                  numpy["interface"]["descr"]);
            check(snippet["shape"] == numpy["interface"]["shape"], "snippet shape",
                  snippet["shape"], numpy["interface"]["shape"]);
            check(numpy["from_interface"] == numpy["c"], "bytes through __array_interface__",
                  numpy["from_interface"], numpy["c"]);

            // The descriptor loads back to itself.
            auto reloaded = loadDescriptor(descriptors[i]);
            QVERIFY2(reloaded.ok(),
                     (where + ": " + (reloaded.ok() ? "" : reloaded.error().message)).c_str());
            Json again = viewDescriptor(reloaded->source());
            check(again == descriptors[i], "reloaded descriptor", again, descriptors[i]);
            agreed += same ? 1 : 0;
        }
        qInfo("%d of %zu cases agree with NumPy", agreed, cases.size());
        QCOMPARE(agreed, int(cases.size()));
    }
};

QTEST_GUILESS_MAIN(NumpyExportTest)
#include "numpy_export_test.moc"
