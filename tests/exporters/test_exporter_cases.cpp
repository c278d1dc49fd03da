// SPDX-License-Identifier: GPL-3.0-or-later
// The test exporter's cases for the interface suite: layouts the real exporters never make
// (negative and zero strides, a start pointer inside the block, PIL rows in reverse order).
// For direct layouts NumPy computes the logical bytes (np.ndarray over the same buffer,
// offset and strides); a PIL layout's logical bytes are the rows it was filled from.
#include "case_files.h"
#include "exporter_cases.h"
#include "python_oracle.h"

#include "testing/test_exporter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace bufferscope::testing {
namespace {

const char *kStridedOracle = R"PY(
import json, sys
import numpy as np
spec = json.loads(sys.argv[1])
buf = bytes.fromhex(spec['bytes'])
a = np.ndarray(tuple(spec['shape']), dtype=spec['dtype'], buffer=buf, offset=spec['start'],
               strides=tuple(spec['strides']))
sys.stdout.write(a.tobytes('C').hex())
)PY";

std::span<const std::byte> asBytes(const QByteArray &bytes)
{
    return {reinterpret_cast<const std::byte *>(bytes.constData()),
            static_cast<std::size_t>(bytes.size())};
}

ExporterCase stridedCase(QString name, QString dtype, TestLayout layout, int blockSize,
                         quint32 seed)
{
    const QString file = QStringLiteral("test-%1.expected").arg(seed);
    auto prepare = [=](const QString &dir) -> QString {
        QJsonArray shape, strides;
        for (auto n : layout.shape)
            shape.append(static_cast<qint64>(n));
        for (auto s : layout.strides)
            strides.append(static_cast<qint64>(s));
        const QJsonObject spec{
            {"bytes", QString::fromLatin1(patternBytes(blockSize, seed).toHex())},
            {"dtype", dtype},
            {"shape", shape},
            {"strides", strides},
            {"start", static_cast<qint64>(layout.start)}};
        const auto run = runPython(QString::fromLatin1(kStridedOracle), {},
                                   {QString::fromUtf8(QJsonDocument(spec).toJson())});
        if (!run.ok)
            return run.error;
        return writeFile(dir + "/" + file, QByteArray::fromHex(run.out))
                   ? QString()
                   : QStringLiteral("cannot write %1").arg(file);
    };
    auto make = [=](const QString &dir) {
        ExporterFixture fixture;
        fixture.what = QStringLiteral("test exporter");
        fixture.exporter = TestExporter::direct(asBytes(patternBytes(blockSize, seed)), layout);
        fixture.expectedCBytes = readFile(dir + "/" + file);
        return fixture;
    };
    return ExporterCase{std::move(name), prepare, make};
}

ExporterCase pilCase(QString name, std::vector<std::int64_t> shape, ByteOffset itemsize,
                     ByteOffset suboffset, bool reversed, quint32 seed)
{
    auto make = [=](const QString &) {
        std::int64_t count = 1;
        for (auto n : shape)
            count *= n;
        ExporterFixture fixture;
        fixture.what = QStringLiteral("test exporter");
        fixture.expectedCBytes = patternBytes(count * itemsize, seed);
        fixture.exporter = TestExporter::pil(itemsize == 1 ? "B" : "i", itemsize, shape,
                                             asBytes(fixture.expectedCBytes), suboffset, reversed);
        return fixture;
    };
    return ExporterCase{std::move(name), {}, make};
}

TestLayout layout(std::string format, ByteOffset itemsize, std::vector<std::int64_t> shape,
                  std::vector<ByteOffset> strides, ByteOffset start, bool readonly)
{
    TestLayout l;
    l.format = std::move(format);
    l.itemsize = itemsize;
    l.shape = std::move(shape);
    l.strides = std::move(strides);
    l.start = start;
    l.readonly = readonly;
    return l;
}

const ExporterCaseRegistrar registrar({
    // Rows reversed: buf points at the last row of a 2x3 block of int32.
    stridedCase(QStringLiteral("test negative strides (2,3)"), "<i4",
                layout("<i", 4, {2, 3}, {-12, 4}, 12, true), 24, 31),
    // Both axes reversed, writable, with spare bytes around the array.
    stridedCase(QStringLiteral("test both axes reversed (3,4)"), "<i2",
                layout("<h", 2, {3, 4}, {-10, -2}, 30, false), 40, 32),
    // A broadcast row: stride 0 repeats one row of 4 bytes three times.
    stridedCase(QStringLiteral("test zero stride (3,4)"), "u1",
                layout("B", 1, {3, 4}, {0, 1}, 2, true), 8, 33),
    // Fortran order inside a larger block.
    stridedCase(QStringLiteral("test fortran (2,3) in a block"), "<f8",
                layout("d", 8, {2, 3}, {8, 16}, 8, false), 64, 34),
    pilCase(QStringLiteral("test PIL (3,4,2)"), {3, 4, 2}, 1, 0, false, 35),
    pilCase(QStringLiteral("test PIL reversed rows, suboffset 5 (4,3)"), {4, 3}, 4, 5, true, 36),
});

} // namespace
} // namespace bufferscope::testing
