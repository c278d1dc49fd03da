// SPDX-License-Identifier: GPL-3.0-or-later
// RawFileExporter's cases for the interface suite: NumPy writes a random array after a
// header of junk bytes (C order with tofile, F order as arr.T.tofile), and its tobytes('C')
// is the expected content.
#include "case_files.h"
#include "exporter_cases.h"
#include "python_oracle.h"

#include "exporters/raw/raw_file_exporter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace bufferscope::testing {
namespace {

const char *kWriter = R"PY(
import json, sys
import numpy as np
spec = json.loads(sys.argv[1])
rng = np.random.default_rng(spec['seed'])
shape = tuple(spec['shape'])
arr = (rng.random(shape) * 20000 - 10000).astype(spec['dtype'])
with open(spec['path'], 'wb') as f:
    f.write(rng.integers(0, 256, spec['offset'], dtype=np.uint8).tobytes())
    (arr.T if spec['order'] == 'F' else arr).tofile(f)
    f.write(b'trailing bytes are ignored' if spec['trailing'] else b'')
with open(spec['path'] + '.expected', 'wb') as f:
    f.write(arr.tobytes('C'))
print(json.dumps({'format': memoryview(arr).format}))
)PY";

ExporterCase rawCase(QString name, QString dtype, QList<int> shape, int offset, QString order,
                     bool copyOnWrite, bool trailing, int seed)
{
    const QString file = QStringLiteral("raw-%1.bin").arg(seed);
    auto prepare = [=](const QString &dir) -> QString {
        QJsonArray shapeJson;
        for (int n : shape)
            shapeJson.append(n);
        const QJsonObject spec{
            {"seed", seed},   {"shape", shapeJson},   {"dtype", dtype},          {"offset", offset},
            {"order", order}, {"trailing", trailing}, {"path", dir + "/" + file}};
        const auto run = runPython(QString::fromLatin1(kWriter), {},
                                   {QString::fromUtf8(QJsonDocument(spec).toJson())});
        if (!run.ok)
            return run.error;
        return writeFile(dir + "/" + file + ".format",
                         QJsonDocument::fromJson(run.out).object()["format"].toString().toUtf8())
                   ? QString()
                   : QStringLiteral("cannot write the format file");
    };
    auto make = [=](const QString &dir) {
        ExporterFixture fixture;
        fixture.what = QStringLiteral("raw file");
        RawOptions options;
        options.format = readFile(dir + "/" + file + ".format").toStdString();
        for (int n : shape)
            options.shape.push_back(n);
        options.offset = offset;
        options.order = order == "F" ? Order::F : Order::C;
        options.copyOnWrite = copyOnWrite;
        auto exporter = RawFileExporter::open((dir + "/" + file).toStdString(), options);
        if (!exporter) {
            fixture.setupError = QString::fromStdString(exporter.error().message);
            return fixture;
        }
        fixture.exporter = std::move(*exporter);
        fixture.expectedCBytes = readFile(dir + "/" + file + ".expected");
        return fixture;
    };
    return ExporterCase{std::move(name), prepare, make};
}

const ExporterCaseRegistrar registrar({
    rawCase(QStringLiteral("raw <i2 (3,5) C offset 16"), "<i2", {3, 5}, 16, "C", false, false, 21),
    rawCase(QStringLiteral("raw f8 (4,3,2) F offset 7"), "f8", {4, 3, 2}, 7, "F", false, true, 22),
    rawCase(QStringLiteral("raw >i4 (6,) copy-on-write"), ">i4", {6}, 0, "C", true, false, 23),
    rawCase(QStringLiteral("raw u1 (0,) empty file"), "u1", {0}, 0, "C", false, false, 24),
    rawCase(QStringLiteral("raw f4 0-d offset 3"), "f4", {}, 3, "C", false, false, 25),
    rawCase(QStringLiteral("raw u2 (5,1,3) F"), "u2", {5, 1, 3}, 2, "F", true, false, 26),
});

} // namespace
} // namespace bufferscope::testing
