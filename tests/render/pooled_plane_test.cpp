// SPDX-License-Identifier: GPL-3.0-or-later
// The display read straight from the buffer (poolFromBuffer, histogramFromBuffer,
// planeValue) against NumPy: random dtypes, byte orders, strided and transposed views, random
// regions and pixel budgets; each case also runs on a PIL-style copy of the descriptor (axis 0
// behind a pointer array) and must give the very same numbers.
#include "format/parser.h"
#include "float_compare.h"
#include "python_oracle.h"
#include "render/numeric_type.h"
#include "render/pooled_plane.h"

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

const char *program = R"PY(
import json, warnings, numpy as np
rng = np.random.default_rng(11252026)
dtypes = ['<f4', '>f4', '<f8', '>i2', 'u1', '<u4', '>f2', '<c8']
cases = []
for n in range(240):
    dt = np.dtype(dtypes[n % len(dtypes)])
    ndim = int(rng.integers(2, 4))
    shape = tuple(int(s) for s in rng.integers(1, 41, ndim))
    if dt.kind == 'f':
        base = rng.normal(0, 100, shape).astype(dt)
        flat = base.reshape(-1)
        for _ in range(int(rng.integers(0, 6))):
            flat[rng.integers(0, flat.size)] = rng.choice([np.nan, np.inf, -np.inf])
        if n % 37 == 0:
            flat[:] = np.nan
    elif dt.kind == 'c':
        base = (rng.normal(0, 10, shape) + 1j * rng.normal(0, 10, shape)).astype(dt)
    else:
        info = np.iinfo(dt)
        base = rng.integers(info.min, info.max, shape, endpoint=True).astype(dt)
    index = tuple(slice(None, None, int(rng.choice([1, 1, 2, -1]))) for _ in range(ndim))
    view = base[index]
    if rng.integers(0, 2):
        view = view.transpose(rng.permutation(ndim))
    axes = rng.permutation(view.ndim)
    row, col = int(axes[0]), int(axes[1])
    fixed = [int(rng.integers(0, s)) for s in view.shape]
    sel = [slice(None) if a in (row, col) else fixed[a] for a in range(view.ndim)]
    plane = view[tuple(sel)]
    if row > col:
        plane = plane.T
    if dt.kind == 'c':  # |z| as glibc's hypotf rounds it (NumPy's own SIMD abs may differ by 1 ulp)
        plane = np.hypot(plane.real.astype(np.float64), plane.imag.astype(np.float64))
    plane = plane.astype(np.float32)
    R, C = plane.shape
    if rng.integers(0, 3):
        r0, c0 = int(rng.integers(0, R)), int(rng.integers(0, C))
        region = [r0, c0, int(rng.integers(1, R - r0 + 1)), int(rng.integers(1, C - c0 + 1))]
    else:
        region = [0, 0, R, C]
    part = plane[region[0]:region[0] + region[2], region[1]:region[1] + region[3]]
    limit = [int(rng.integers(1, 30)), int(rng.integers(1, 30))]
    def reduce(size, most):
        if size <= most: return size
        f = -(-size // most); return -(-size // f)
    out_rows, out_cols = reduce(part.shape[0], limit[0]), reduce(part.shape[1], limit[1])
    pooled = {}
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for mode, fn in (('mean', np.nanmean), ('max', np.nanmax), ('min', np.nanmin)):
            out = np.empty((out_rows, out_cols), np.float32)
            rr, cc = part.shape
            for r in range(out_rows):
                for c in range(out_cols):
                    block = part[r * rr // out_rows:(r + 1) * rr // out_rows,
                                 c * cc // out_cols:(c + 1) * cc // out_cols].astype(np.float64)
                    out[r, c] = np.float32(fn(block))
            pooled[mode] = out.tobytes().hex()
    finite = part[np.isfinite(part)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    bins = int(rng.integers(1, 40))
    hlow, hhigh = (low, high) if low != high else (low - 0.5, high + 0.5)
    hist = np.histogram(finite, bins, (hlow, hhigh))[0].tolist()
    cell = [int(rng.integers(0, R)), int(rng.integers(0, C))]
    raw = np.frombuffer(base.tobytes('A'), np.uint8)
    start = view.__array_interface__['data'][0] - base.__array_interface__['data'][0]
    cases.append(dict(format=memoryview(np.empty(1, dt)).format, itemsize=dt.itemsize,
        bytes=raw.tobytes().hex(), start=int(start), shape=list(view.shape),
        strides=list(view.strides), row=row, col=col, fixed=fixed, region=region, limit=limit,
        out_rows=out_rows, out_cols=out_cols, pooled=pooled, low=low, high=high,
        finite=int(finite.size), nan=int(np.isnan(part).sum()),
        posinf=int(np.isposinf(part).sum()), neginf=int(np.isneginf(part).sum()),
        bins=bins, hist=hist, cell=cell, value=plane[cell[0], cell[1]].tobytes().hex()))
print(json.dumps(cases))
)PY";

std::vector<Index> indices(const QJsonValue &value)
{
    std::vector<Index> out;
    for (const auto &v : value.toArray())
        out.push_back(v.toInteger());
    return out;
}

// The same elements, axis 0 reached through a pointer array (PIL-style, suboffsets[0] = 0).
Descriptor pilStyle(const Descriptor &direct, std::vector<std::byte *> &pointers)
{
    Descriptor pil = direct;
    pointers.resize(static_cast<std::size_t>(direct.shape[0]));
    for (Index i = 0; i < direct.shape[0]; ++i)
        pointers[static_cast<std::size_t>(i)] = direct.buf + i * direct.strides[0];
    pil.buf = reinterpret_cast<std::byte *>(pointers.data());
    pil.strides[0] = sizeof(const std::byte *);
    pil.suboffsets.assign(direct.shape.size(), -1);
    pil.suboffsets[0] = 0;
    return pil;
}

} // namespace

class PooledPlaneTest : public QObject
{
    Q_OBJECT

private slots:
    void agreesWithNumpy()
    {
        const auto run = testing::runPython(QString::fromUtf8(program));
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray cases = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(cases.size(), 240);
        int compared = 0;
        for (qsizetype n = 0; n < cases.size(); ++n) {
            const QJsonObject c = cases[n].toObject();
            QByteArray bytes = QByteArray::fromHex(c["bytes"].toString().toLatin1());
            auto type = parseFormat(c["format"].toString().toStdString());
            QVERIFY(type.ok());
            auto source = numericSource(type->root);
            QVERIFY(source.ok());
            Descriptor direct;
            direct.buf = reinterpret_cast<std::byte *>(bytes.data()) + c["start"].toInteger();
            direct.itemsize = c["itemsize"].toInt();
            direct.format = c["format"].toString().toStdString();
            direct.shape = indices(c["shape"]);
            direct.strides = indices(c["strides"]);
            PlaneSelection selection;
            selection.rowAxis = c["row"].toInt();
            selection.columnAxis = c["col"].toInt();
            selection.fixed = indices(c["fixed"]);
            const auto r = indices(c["region"]);
            const PlaneRegion region{r[0], r[1], r[2], r[3]};
            const auto l = indices(c["limit"]);
            std::vector<std::byte *> pointers;
            const Descriptor pil = pilStyle(direct, pointers);
            const Descriptor *layouts[] = {&direct, &pil};
            for (const Descriptor *descriptor : layouts) {
                const QByteArray where = QByteArray("case ") + QByteArray::number(n) +
                                         (descriptor == &pil ? " (PIL-style)" : "");
                const std::pair<const char *, PoolMode> modes[] = {
                    {"mean", PoolMode::Mean}, {"max", PoolMode::Max}, {"min", PoolMode::Min}};
                for (const auto &[name, mode] : modes) {
                    auto pooled = poolFromBuffer(*descriptor, *source, selection, region,
                                                 {l[0], l[1]}, mode);
                    QVERIFY2(pooled.ok(), where.constData());
                    QCOMPARE(pooled->shape.rows, c["out_rows"].toInteger());
                    QCOMPARE(pooled->shape.columns, c["out_cols"].toInteger());
                    const auto expected = floatsFromHex(c["pooled"].toObject()[name]);
                    QCOMPARE(pooled->values.size(), expected.size());
                    for (std::size_t i = 0; i < expected.size(); ++i)
                        QVERIFY2(sameFloat(pooled->values[i], expected[i], 1e-6f),
                                 (where + " " + name + " cell " + QByteArray::number(qulonglong(i))).constData());
                    const ValueStatistics &s = pooled->statistics;
                    QCOMPARE(s.finite, c["finite"].toInteger());
                    QCOMPARE(s.nan, c["nan"].toInteger());
                    QCOMPARE(s.positiveInfinity, c["posinf"].toInteger());
                    QCOMPARE(s.negativeInfinity, c["neginf"].toInteger());
                    QCOMPARE(s.min, c["low"].toDouble());
                    QCOMPARE(s.max, c["high"].toDouble());
                    ++compared;
                }
                auto histogram = histogramFromBuffer(*descriptor, *source, selection, region,
                                                     c["low"].toDouble(), c["high"].toDouble(),
                                                     c["bins"].toInt());
                QVERIFY2(histogram.ok(), where.constData());
                const QJsonArray hist = c["hist"].toArray();
                QCOMPARE(static_cast<qsizetype>(histogram->counts.size()), hist.size());
                for (qsizetype b = 0; b < hist.size(); ++b)
                    QCOMPARE(histogram->counts[static_cast<std::size_t>(b)], hist[b].toInteger());
                const auto cell = indices(c["cell"]);
                auto value = planeValue(*descriptor, *source, selection, cell[0], cell[1]);
                QVERIFY2(value.ok(), where.constData());
                QVERIFY2(sameFloat(*value, floatsFromHex(c["value"])[0], 1e-6f), where.constData());
            }
        }
        qInfo("%d pooled planes agree with NumPy (mean, max, min; direct and PIL-style)", compared);
    }

    // Values on every float32 bin edge and one ulp either side, where the first guess of the
    // bin is corrected: the vector path (whole runs) and the scalar one (one value at a time)
    // both give numpy.histogram's counts.
    void histogramEdgesAgreeWithNumpy()
    {
        const auto run = testing::runPython(QStringLiteral(R"PY(
import json, numpy as np
rng = np.random.default_rng(7)
cases = []
for n in range(40):
    low = float(np.float32(rng.normal(0, 10.0 ** rng.integers(-3, 5))))
    high = low + float(np.float32(abs(rng.normal(0, 10.0 ** rng.integers(-3, 5))))) if n % 9 else low
    bins = int(rng.integers(1, 300))
    lo, hi = (low, high) if low != high else (low - 0.5, high + 0.5)
    edges = np.linspace(lo, hi, bins + 1).astype(np.float32)
    # (one ulp outside the range is left out: NumPy 1.24 itself fails there with an IndexError)
    v = np.concatenate([edges, np.nextafter(edges[:-1], np.float32(np.inf)), np.nextafter(edges[1:], np.float32(-np.inf)),
                        np.array([np.nan, np.inf, -np.inf], np.float32), rng.uniform(lo, hi, 37).astype(np.float32)])
    rng.shuffle(v)
    cases.append(dict(low=low, high=high, bins=bins, values=v.tobytes().hex(),
                      counts=np.histogram(v[np.isfinite(v)], bins, (lo, hi))[0].tolist()))
print(json.dumps(cases))
)PY"));
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray cases = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(cases.size(), 40);
        for (const auto &item : cases) {
            const QJsonObject c = item.toObject();
            const auto values = floatsFromHex(c["values"]);
            HistogramCounter whole(c["low"].toDouble(), c["high"].toDouble(), c["bins"].toInt());
            whole.add(values);
            HistogramCounter single(c["low"].toDouble(), c["high"].toDouble(), c["bins"].toInt());
            for (const float v : values)
                single.add(std::span<const float>(&v, 1));
            const QJsonArray counts = c["counts"].toArray();
            QCOMPARE(static_cast<qsizetype>(whole.histogram().counts.size()), counts.size());
            for (qsizetype b = 0; b < counts.size(); ++b) {
                QCOMPARE(whole.histogram().counts[std::size_t(b)], counts[b].toInteger());
                QCOMPARE(single.histogram().counts[std::size_t(b)], counts[b].toInteger());
            }
        }
    }

    void cancelsBetweenRows()
    {
        std::vector<float> values(64 * 64, 1.0f);
        Descriptor d;
        d.buf = reinterpret_cast<std::byte *>(values.data());
        d.itemsize = 4;
        d.format = "f";
        d.shape = {64, 64};
        d.strides = {256, 4};
        int rowsAsked = 0;
        auto pooled = poolFromBuffer(d, {NumericType::Float32, false}, defaultSelection(d), {},
                                     {8, 8}, PoolMode::Mean, [&] { return ++rowsAsked < 10; });
        QVERIFY(!pooled.ok());
        QCOMPARE(pooled.error().message, std::string("render: cancelled"));
        QCOMPARE(rowsAsked, 10);
        auto outside = planeValue(d, {NumericType::Float32, false}, defaultSelection(d), 64, 0);
        QCOMPARE(outside.error().message, std::string("render: cell (64, 0) is outside the 64x64 plane"));
    }
};

QTEST_GUILESS_MAIN(PooledPlaneTest)
#include "pooled_plane_test.moc"
