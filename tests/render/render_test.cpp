// SPDX-License-Identifier: GPL-3.0-or-later
// Rendering against NumPy: plane extraction (any strides, byte orders, complex parts),
// the min/max + scale + lookup pipeline, statistics, histograms and pooling. Every
// expectation is computed by NumPy from the same bytes.
#include "format/parser.h"
#include "float_compare.h"
#include "python_oracle.h"
#include "render/colour_map.h"
#include "render/plane.h"
#include "render/pooling.h"
#include "render/statistics.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace bufferscope;
using namespace bufferscope::render;
using bufferscope::testing::floatsFromHex;
using bufferscope::testing::sameFloat;

namespace {

QJsonArray oracleCases(const char *program)
{
    const auto run = testing::runPython(QString::fromUtf8(program));
    if (!run.ok)
        qFatal("python oracle failed: %s", qPrintable(run.error));
    return QJsonDocument::fromJson(run.out).array();
}

const char *planeProgram = R"PY(
import json, numpy as np
rng = np.random.default_rng(20261125)
dtypes = ['i1','u1','<i2','>i2','<u2','>u4','<i4','<i8','>u8','<f2','>f2','<f4','>f4','<f8','>f8','<c8','>c16','?']
cases = []
for n in range(400):
    dt = np.dtype(dtypes[n % len(dtypes)])
    ndim = int(rng.integers(1, 5))
    shape = tuple(int(s) for s in rng.integers(1, 6, ndim))
    if dt.kind == 'f':
        base = rng.normal(0, 1000, shape).astype(dt)
        if base.size > 2:
            base.flat[0] = np.nan; base.flat[1] = np.inf; base.flat[-1] = -np.inf
    elif dt.kind == 'c':
        base = (rng.normal(0, 10, shape) + 1j * rng.normal(0, 10, shape)).astype(dt)
    elif dt.kind == 'b':
        base = rng.integers(0, 2, shape).astype(dt)
    else:
        info = np.iinfo(dt)
        base = rng.integers(info.min, info.max, shape, dtype=np.int64 if info.min < 0 else np.uint64, endpoint=True).astype(dt)
    if rng.integers(0, 2):
        base = np.asfortranarray(base)
    # a strided view: random step signs per axis, then maybe a transpose
    index = tuple(slice(None, None, int(rng.choice([1, 2, -1, -2]))) for _ in range(ndim))
    view = base[index]
    if rng.integers(0, 2):
        view = view.transpose(rng.permutation(ndim))
    axes = rng.permutation(view.ndim)
    row, col = (int(axes[0]), int(axes[1])) if view.ndim >= 2 else (-1, 0)
    fixed = [int(rng.integers(0, s)) for s in view.shape]
    part = int(rng.integers(0, 4))
    sel = [slice(None) if a in (row, col) else fixed[a] for a in range(view.ndim)]
    plane = view[tuple(sel)]
    if row > col and row >= 0:
        plane = plane.T
    plane = np.atleast_2d(plane)
    if dt.kind == 'c':
        plane = [np.abs(plane), np.angle(plane), plane.real, plane.imag][part]
    expected = np.ascontiguousarray(plane.astype(np.float32))
    raw = np.frombuffer(base.tobytes('A'), np.uint8)
    start = view.__array_interface__['data'][0] - base.__array_interface__['data'][0]
    cases.append(dict(format=memoryview(np.empty(1, dt)).format, itemsize=dt.itemsize,
        bytes=raw.tobytes().hex(), start=int(start), shape=list(view.shape), strides=list(view.strides),
        row=row, col=col, fixed=fixed, part=part, rows=int(expected.shape[0]), cols=int(expected.shape[1]),
        expected=expected.tobytes().hex()))
print(json.dumps(cases))
)PY";

const char *pipelineProgram = R"PY(
import json, numpy as np
rng = np.random.default_rng(3118)
cases = []
for n in range(60):
    rows, cols = int(rng.integers(1, 70)), int(rng.integers(1, 70))
    v = (rng.normal(0, 1, (rows, cols)) * 10 ** rng.uniform(-3, 6)).astype(np.float32)
    for _ in range(int(rng.integers(0, 8))):
        v[rng.integers(0, rows), rng.integers(0, cols)] = rng.choice([np.nan, np.inf, -np.inf])
    finite = v[np.isfinite(v)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    lo32, hi32 = np.float32(low), np.float32(high)
    span = hi32 - lo32
    factor = np.float32(255) / span if span > 0 else np.float32(0)
    with np.errstate(invalid='ignore', over='ignore'):
        pos = (v - lo32) * factor + np.float32(0.5)
    index = np.where(pos > 0, np.where(pos >= 255, 255, np.floor(np.nan_to_num(pos, nan=0, posinf=255, neginf=0))), 0).astype(np.int32)
    index = np.where(np.isfinite(v), index, -1)
    p = np.percentile(finite, [1, 99]).tolist() if finite.size else [0.0, 0.0]
    bins = int(rng.integers(1, 50))
    hist = np.histogram(finite, bins, (low, high))[0].tolist() if finite.size else [0] * bins
    out_rows, out_cols = int(rng.integers(1, rows + 1)), int(rng.integers(1, cols + 1))
    pooled = {}
    for mode, fn in (('mean', np.nanmean), ('max', np.nanmax), ('min', np.nanmin)):
        out = np.empty((out_rows, out_cols), np.float32)
        for r in range(out_rows):
            for c in range(out_cols):
                block = v[r * rows // out_rows:(r + 1) * rows // out_rows, c * cols // out_cols:(c + 1) * cols // out_cols].astype(np.float64)
                with np.errstate(invalid='ignore'):
                    import warnings
                    with warnings.catch_warnings():
                        warnings.simplefilter('ignore')
                        out[r, c] = np.float32(fn(block))
        pooled[mode] = out.tobytes().hex()
    cases.append(dict(rows=rows, cols=cols, values=v.tobytes().hex(), low=low, high=high,
        finite=int(finite.size), nan=int(np.isnan(v).sum()), posinf=int(np.isposinf(v).sum()),
        neginf=int(np.isneginf(v).sum()), index=index.ravel().tolist(), p1=p[0], p99=p[1],
        bins=bins, hist=hist, out_rows=out_rows, out_cols=out_cols, pooled=pooled))
print(json.dumps(cases))
)PY";

} // namespace

class RenderTest : public QObject
{
    Q_OBJECT

private slots:
    void planesAgreeWithNumpy()
    {
        const QJsonArray cases = oracleCases(planeProgram);
        QVERIFY(cases.size() >= 400);
        int compared = 0;
        for (const QJsonValue &item : cases) {
            const QJsonObject c = item.toObject();
            QByteArray bytes = QByteArray::fromHex(c["bytes"].toString().toLatin1());
            auto layout = parseFormat(c["format"].toString().toStdString());
            QVERIFY2(layout.ok(), qPrintable(c["format"].toString()));
            auto source = numericSource(layout->root);
            QVERIFY2(source.ok(), qPrintable(c["format"].toString()));

            Descriptor d;
            d.buf = reinterpret_cast<std::byte *>(bytes.data()) + c["start"].toInteger();
            d.itemsize = c["itemsize"].toInteger();
            d.format = c["format"].toString().toStdString();
            for (const auto v : c["shape"].toArray())
                d.shape.push_back(v.toInteger());
            for (const auto v : c["strides"].toArray())
                d.strides.push_back(v.toInteger());
            PlaneSelection selection;
            selection.rowAxis = c["row"].toInt();
            selection.columnAxis = c["col"].toInt();
            for (const auto v : c["fixed"].toArray())
                selection.fixed.push_back(v.toInteger());
            selection.complexPart = static_cast<ComplexPart>(c["part"].toInt());

            auto shape = planeShape(d, selection);
            QVERIFY(shape.ok());
            QCOMPARE(shape->rows, c["rows"].toInteger());
            QCOMPARE(shape->columns, c["cols"].toInteger());
            std::vector<float> out(static_cast<std::size_t>(shape->count()));
            QVERIFY(extractPlane(d, *source, selection, out).ok());
            const std::vector<float> expected = floatsFromHex(c["expected"]);
            QCOMPARE(out.size(), expected.size());
            // Complex magnitude/phase: libm may differ from NumPy's in the last bit.
            const float tolerance = isComplex(source->type) ? 2e-6f : 0.0f;
            for (std::size_t i = 0; i < out.size(); ++i) {
                if (!sameFloat(out[i], expected[i], tolerance))
                    QFAIL(qPrintable(QStringLiteral("case %1 (%2) element %3: %4 != %5")
                                         .arg(compared).arg(c["format"].toString()).arg(i)
                                         .arg(out[i]).arg(expected[i])));
            }
            ++compared;
        }
        qInfo("%d planes agree with NumPy", compared);
    }

    void pipelineAgreesWithNumpy()
    {
        const QJsonArray cases = oracleCases(pipelineProgram);
        QVERIFY(cases.size() >= 60);
        const Gradient &gradient = gradients()[0];
        for (const QJsonValue &item : cases) {
            const QJsonObject c = item.toObject();
            const std::vector<float> values = floatsFromHex(c["values"]);
            const ValueStatistics statistics = computeStatistics(values);
            QCOMPARE(statistics.min, c["low"].toDouble());
            QCOMPARE(statistics.max, c["high"].toDouble());
            QCOMPARE(statistics.finite, c["finite"].toInteger());
            QCOMPARE(statistics.nan, c["nan"].toInteger());
            QCOMPARE(statistics.positiveInfinity, c["posinf"].toInteger());
            QCOMPARE(statistics.negativeInfinity, c["neginf"].toInteger());

            ColourScale scale;
            scale.low = statistics.min;
            scale.high = statistics.max;
            std::vector<std::uint32_t> pixels(values.size());
            colourMap(values, gradient, scale, pixels);
            const QJsonArray index = c["index"].toArray();
            for (std::size_t i = 0; i < values.size(); ++i) {
                const int expected = index[static_cast<qsizetype>(i)].toInt();
                std::uint32_t colour = expected >= 0 ? gradient.colours[static_cast<std::size_t>(expected)]
                                       : std::isnan(values[i]) ? scale.nanColour
                                       : values[i] > 0         ? scale.posInfColour
                                                               : scale.negInfColour;
                QCOMPARE(pixels[i], colour);
            }

            const auto [p1, p99] = percentileRange(values, 1, 99);
            QVERIFY(qFuzzyCompare(1.0 + p1, 1.0 + c["p1"].toDouble()) ||
                    std::fabs(p1 - c["p1"].toDouble()) <= 1e-6 * std::fabs(p1));
            QVERIFY(std::fabs(p99 - c["p99"].toDouble()) <= 1e-6 * std::fabs(p99) + 1e-30);

            const Histogram histogram = computeHistogram(values, statistics.min, statistics.max, c["bins"].toInt());
            const QJsonArray hist = c["hist"].toArray();
            QCOMPARE(static_cast<qsizetype>(histogram.counts.size()), hist.size());
            for (qsizetype b = 0; b < hist.size(); ++b)
                QCOMPARE(histogram.counts[static_cast<std::size_t>(b)], hist[b].toInteger());

            const PlaneShape in{c["rows"].toInteger(), c["cols"].toInteger()};
            const PlaneShape outShape{c["out_rows"].toInteger(), c["out_cols"].toInteger()};
            const QJsonObject pooled = c["pooled"].toObject();
            const std::pair<const char *, PoolMode> modes[] = {
                {"mean", PoolMode::Mean}, {"max", PoolMode::Max}, {"min", PoolMode::Min}};
            for (const auto &[name, mode] : modes) {
                std::vector<float> out(static_cast<std::size_t>(outShape.count()));
                QVERIFY(poolPlane(values, in, out, outShape, mode).ok());
                const std::vector<float> expected = floatsFromHex(pooled[name]);
                for (std::size_t i = 0; i < out.size(); ++i)
                    QVERIFY2(sameFloat(out[i], expected[i], 1e-6f), name);
            }
        }
    }

    void refusesBadSelections()
    {
        std::vector<std::byte> bytes(24 * 4);
        Descriptor d;
        d.buf = bytes.data();
        d.itemsize = 4;
        d.format = "f";
        d.shape = {2, 3, 4};
        d.strides = {48, 16, 4};
        PlaneSelection selection = defaultSelection(d);
        QCOMPARE(selection.rowAxis, 1);
        QCOMPARE(selection.columnAxis, 2);
        selection.fixed[0] = 2;
        QCOMPARE(planeShape(d, selection).error().message,
                 std::string("render: index 2 is out of bounds for axis 0 with size 2"));
        selection.fixed[0] = 0;
        selection.rowAxis = 3;
        QCOMPARE(planeShape(d, selection).error().message,
                 std::string("render: row axis 3 is out of range for a 3-dimensional buffer"));
        selection.rowAxis = 2;
        QCOMPARE(planeShape(d, selection).error().message,
                 std::string("render: row and column axis are both 2"));
    }

    void pooledShapeFitsTheLimit()
    {
        const PlaneShape shape = pooledShape({4096, 4096}, {800, 1000});
        QVERIFY(shape.rows <= 800 && shape.columns <= 1000);
        QCOMPARE(shape.rows, 4096 / 6 + 1);
        QCOMPARE(pooledShape({10, 20}, {100, 100}).columns, 20);
    }
};

QTEST_GUILESS_MAIN(RenderTest)
#include "render_test.moc"
