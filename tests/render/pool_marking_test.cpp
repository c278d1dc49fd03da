// SPDX-License-Identifier: GPL-3.0-or-later
// Pooling with non-finite values marked, against NumPy: random float32 planes with NaN and
// ±inf sprinkled in (sometimes a whole row, sometimes one cell) are pooled by poolPlane and
// by poolFromBuffer (bands on threads) with markNonFinite, and each cell is compared with
// NumPy's reading of the same block: NaN when the block holds a NaN; else nanmean, or max
// with a -inf block minimum shown as -inf (min with +inf likewise). Unmarked pooling still
// ignores NaN (the cell of a NaN row is its neighbours' mean).
#include "python_oracle.h"
#include "render/pooled_plane.h"
#include "render/pooling.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <random>

using namespace bufferscope;
using namespace bufferscope::render;

namespace {

const char *const kOracle = R"(
import json, sys
import numpy as np
case = json.load(sys.stdin)
rows, cols, orows, ocols = case['rows'], case['cols'], case['orows'], case['ocols']
a = np.frombuffer(bytes.fromhex(case['data']), dtype='<f4').reshape(rows, cols)
out = []
for mode in ('mean', 'max', 'min'):
    cells = []
    for r in range(orows):
        r0, r1 = r * rows // orows, (r + 1) * rows // orows
        for c in range(ocols):
            c0, c1 = c * cols // ocols, (c + 1) * cols // ocols
            b = a[r0:r1, c0:c1].astype(np.float64)
            if np.isnan(b).any():
                cells.append('nan')
                continue
            if mode == 'mean':
                with np.errstate(invalid='ignore'):
                    v = b.mean()
            elif mode == 'max':
                v = b.max()
                if np.isneginf(b.min()) and not np.isinf(v):
                    v = -np.inf
            else:
                v = b.min()
                if np.isposinf(b.max()) and not np.isinf(v):
                    v = np.inf
            cells.append(repr(float(v)))
    out.append(cells)
print(json.dumps(out))
)";

QString text(float v)
{
    if (std::isnan(v))
        return QStringLiteral("nan");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(v, 'g', 9);
}

} // namespace

class PoolMarkingTest : public QObject
{
    Q_OBJECT

private slots:
    void againstNumpy()
    {
        const unsigned seed = 1313;
        std::mt19937 rng(seed);
        int compared = 0;
        for (int trial = 0; trial < 12; ++trial) {
            const Index rows = 40 + rng() % 90, cols = 40 + rng() % 90;
            const PlaneShape input{rows, cols};
            // The shape poolFromBuffer picks for this budget (whole factors per side).
            const PlaneShape output =
                pooledShape(input, {1 + Index(rng() % 17), 1 + Index(rng() % 17)});
            std::vector<float> plane(std::size_t(rows * cols));
            std::uniform_real_distribution<float> value(-100.0f, 100.0f);
            for (float &v : plane)
                v = value(rng);
            const float specials[] = {std::nanf(""), INFINITY, -INFINITY};
            for (int k = 0; k < 6; ++k)
                plane[rng() % plane.size()] = specials[rng() % 3];
            const Index badRow = rng() % rows; // a whole row of one kind
            for (Index c = 0; c < cols; ++c)
                plane[std::size_t(badRow * cols + c)] = specials[trial % 3];

            QJsonObject request{{"rows", int(rows)}, {"cols", int(cols)},
                                {"orows", int(output.rows)}, {"ocols", int(output.columns)},
                                {"data", QString::fromLatin1(QByteArray(
                                             reinterpret_cast<const char *>(plane.data()),
                                             qsizetype(plane.size() * 4)).toHex())}};
            const auto run = testing::runPython(QString::fromUtf8(kOracle),
                                                QJsonDocument(request).toJson());
            QVERIFY2(run.ok, qPrintable(run.error));
            const QJsonArray expected = QJsonDocument::fromJson(run.out).array();

            Descriptor d;
            d.buf = reinterpret_cast<std::byte *>(plane.data());
            d.itemsize = 4;
            d.format = "f";
            d.shape = {rows, cols};
            d.strides = {cols * 4, 4};
            d.len = rows * cols * 4;
            int m = 0;
            for (PoolMode mode : {PoolMode::Mean, PoolMode::Max, PoolMode::Min}) {
                std::vector<float> pooled(std::size_t(output.count()));
                QVERIFY(poolPlane(plane, input, pooled, output, mode, true).ok());
                auto fromBuffer = poolFromBuffer(d, {NumericType::Float32, false},
                                                 defaultSelection(d), {}, output, mode, {}, true);
                QVERIFY(fromBuffer.ok());
                QCOMPARE(fromBuffer->shape.rows, output.rows);
                const QJsonArray cells = expected[m++].toArray();
                for (Index i = 0; i < output.count(); ++i) {
                    const QString where = QStringLiteral("seed %1 trial %2 mode %3 cell %4")
                                              .arg(seed).arg(trial).arg(m).arg(i);
                    const QString want = cells[i].toString();
                    const float got = pooled[std::size_t(i)];
                    if (want == "nan" || want == "inf" || want == "-inf") {
                        QCOMPARE(text(got) + " " + where, want + " " + where);
                    } else {
                        QVERIFY2(std::isfinite(got), qPrintable(where + " got " + text(got)));
                        QVERIFY2(std::abs(got - want.toDouble()) <= 1e-4 * (1 + std::abs(got)),
                                 qPrintable(where + " got " + text(got) + " want " + want));
                    }
                    QCOMPARE(text(fromBuffer->values[std::size_t(i)]), text(got));
                    ++compared;
                }
            }
        }
        qInfo("%d pooled cells compared with NumPy (seed %u)", compared, seed);
    }

    // Without marking, a NaN row is pooled away (the old behaviour, kept as the other choice).
    void unmarkedIgnoresNan()
    {
        std::vector<float> plane(64 * 64, 1.0f);
        for (int c = 0; c < 64; ++c)
            plane[std::size_t(10 * 64 + c)] = std::nanf("");
        std::vector<float> marked(8 * 8), unmarked(8 * 8);
        QVERIFY(poolPlane(plane, {64, 64}, unmarked, {8, 8}, PoolMode::Mean).ok());
        QVERIFY(poolPlane(plane, {64, 64}, marked, {8, 8}, PoolMode::Mean, true).ok());
        for (int c = 0; c < 8; ++c) {
            QCOMPARE(unmarked[std::size_t(8 + c)], 1.0f);
            QVERIFY(std::isnan(marked[std::size_t(8 + c)]));
            QCOMPARE(marked[std::size_t(c)], 1.0f);
        }
    }
};

QTEST_GUILESS_MAIN(PoolMarkingTest)
#include "pool_marking_test.moc"
