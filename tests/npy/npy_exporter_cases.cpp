// SPDX-License-Identifier: GPL-3.0-or-later
// NpyExporter's cases for the interface suite: NumPy saves a random array (C or F order,
// every header version, an aligned record type) and its bytes in C order are the expected content.
#include "case_files.h"
#include "exporter_cases.h"
#include "python_oracle.h"

#include "exporters/npy/npy_exporter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace bufferscope::testing {
namespace {

const char *kWriter = R"PY(
import ast, json, sys
import numpy as np
from numpy.lib import format as npformat
spec = json.loads(sys.argv[1])
rng = np.random.default_rng(spec['seed'])
dtype = np.dtype(ast.literal_eval(spec['dtype']), align=True)
shape = tuple(spec['shape'])
raw = rng.integers(0, 256, int(np.prod(shape)) * dtype.itemsize, dtype=np.uint8).tobytes()
arr = np.frombuffer(raw, dtype).reshape(shape)
arr = np.asfortranarray(arr) if spec['order'] == 'F' else np.ascontiguousarray(arr)
with open(spec['path'], 'wb') as f:
    npformat.write_array(f, arr, version=tuple(spec['version']))
with open(spec['path'] + '.expected', 'wb') as f:
    f.write(arr.view(np.dtype((np.void, dtype.itemsize))).tobytes('C'))
)PY";

ExporterCase npyCase(QString name, QString dtype, QList<int> shape, QString order, int major,
                     bool copyOnWrite, int seed)
{
    const QString file = QStringLiteral("npy-%1.npy").arg(seed);
    auto prepare = [=](const QString &dir) -> QString {
        QJsonArray shapeJson;
        for (int n : shape)
            shapeJson.append(n);
        const QJsonObject spec{{"seed", seed},
                               {"shape", shapeJson},
                               {"dtype", dtype},
                               {"order", order},
                               {"version", QJsonArray{major, 0}},
                               {"path", dir + "/" + file}};
        const auto run = runPython(QString::fromLatin1(kWriter), {},
                                   {QString::fromUtf8(QJsonDocument(spec).toJson())});
        return run.ok ? QString() : run.error;
    };
    auto make = [=](const QString &dir) {
        ExporterFixture fixture;
        fixture.what = QStringLiteral("npy file");
        auto exporter = NpyExporter::open((dir + "/" + file).toStdString(), copyOnWrite);
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
    npyCase(QStringLiteral("npy <f4 (3,4) C v1"), "'<f4'", {3, 4}, "C", 1, false, 31),
    npyCase(QStringLiteral("npy >i2 (4,3,2) F v2"), "'>i2'", {4, 3, 2}, "F", 2, false, 32),
    npyCase(QStringLiteral("npy u1 (5,) copy-on-write v3"), "'u1'", {5}, "C", 3, true, 33),
    npyCase(QStringLiteral("npy c16 0-d"), "'<c16'", {}, "C", 1, false, 34),
    npyCase(QStringLiteral("npy i8 (0,3)"), "'<i8'", {0, 3}, "C", 1, false, 35),
    npyCase(QStringLiteral("npy aligned record (2,3) F"),
            "[('a', 'u1'), ('b', '<i4'), ('c', '>f8', (2,))]", {2, 3}, "F", 1, false, 36),
});

} // namespace
} // namespace bufferscope::testing
