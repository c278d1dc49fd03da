// SPDX-License-Identifier: GPL-3.0-or-later
// Footprint: touched byte intervals and the elements reading a byte, compared with NumPy's
// enumeration of every element of random sliced, transposed and as_strided views (overlapping,
// zero and negative strides included), capped footprints as supersets, and PIL-style layouts
// from the test exporter (pointer array and separate row allocations).
#include "buffer/footprint.h"
#include "python_oracle.h"
#include "testing/test_exporter.h"
#include "views/steps.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <vector>

using namespace bufferscope;
using nlohmann::json;

namespace {

// Views of a base array; for each, NumPy enumerates every element's offset (idx @ strides
// from the view's data pointer) and lists touched bytes as merged intervals, and for probe
// bytes the C-ordered indices of all elements whose item bytes hold them.
const char *const kDirectOracle = R"PY(
import json, sys
import numpy as np
from numpy.lib.stride_tricks import as_strided
seed = int(sys.argv[1])
rng = np.random.default_rng(seed)
def merged(byteset):
    out = []
    for b in sorted(byteset):
        if out and out[-1][1] == b:
            out[-1][1] = b + 1
        else:
            out.append([b, b + 1])
    return out
def describe(base, v, kind):
    start = v.__array_interface__['data'][0] - base.__array_interface__['data'][0]
    idx = list(np.ndindex(v.shape))
    idx = np.array(idx, dtype=np.int64).reshape(len(idx), v.ndim)
    offs = start + idx @ np.array(v.strides, dtype=np.int64)
    touched = set()
    for o in offs.tolist():
        touched.update(range(o, o + v.itemsize))
    probes = []
    candidates = list(rng.integers(0, base.nbytes, 6)) + ([rng.choice(sorted(touched))] if touched else [])
    for b in candidates:
        b = int(b)
        mask = (offs <= b) & (b < offs + v.itemsize)
        probes.append({'byte': b, 'elements': idx[mask].tolist()})
    return {'kind': kind, 'allocation': base.nbytes, 'start': int(start), 'itemsize': v.itemsize,
            'shape': list(v.shape), 'strides': list(v.strides), 'ranges': merged(touched),
            'probes': probes}
cases = []
dtypes = ['u1', 'i2', 'f4', 'f8', 'c16', 'V3']
for n in range(160):
    dt = np.dtype(dtypes[n % len(dtypes)])
    shape = tuple(int(x) for x in rng.integers(1, 9, rng.integers(1, 5)))
    base = np.zeros(shape, dtype=dt)
    if rng.random() < 0.3:
        base = np.asfortranarray(base)
    key = []
    for extent in shape:
        r = rng.random()
        if r < 0.15:
            key.append(int(rng.integers(0, extent)))
        else:
            step = int(rng.choice([1, 1, 2, 3, -1, -2]))
            a, b = sorted(int(x) for x in rng.integers(0, extent + 1, 2))
            key.append(slice(a, b, step) if step > 0 else slice(b - 1 if b > 0 else None, a - 1 if a > 0 else None, step))
    v = base[tuple(key) + (Ellipsis,)]
    if v.ndim > 1 and rng.random() < 0.5:
        v = v.transpose(rng.permutation(v.ndim))
    cases.append(describe(base, v, 'slice'))
for n in range(140):
    k = int(rng.choice([1, 2, 4, 8, 3]))
    raw = np.zeros(600, np.uint8)
    ndim = int(rng.integers(0, 4))
    shape = [int(x) for x in rng.integers(0, 7, ndim)]
    strides = [int(x) for x in rng.integers(-30, 31, ndim)]
    if rng.random() < 0.3 and ndim:
        strides[rng.integers(0, ndim)] = 0
    lo = sum(min(0, s * (e - 1)) for s, e in zip(strides, shape) if e > 0)
    hi = sum(max(0, s * (e - 1)) for s, e in zip(strides, shape) if e > 0) + k
    start = int(rng.integers(-lo, raw.nbytes - hi + 1))
    item = np.frombuffer(raw, dtype='V%d' % k, count=1, offset=start)
    v = as_strided(item, shape=shape, strides=strides)
    cases.append(describe(raw, v, 'as_strided'))
print(json.dumps(cases))
)PY";

Descriptor describe(const json &c, std::vector<std::byte> &memory)
{
    memory.assign(c["allocation"].get<std::size_t>(), std::byte{0});
    Descriptor d;
    d.buf = memory.data() + c["start"].get<ByteOffset>();
    d.itemsize = c["itemsize"].get<ByteOffset>();
    d.shape = c["shape"].get<std::vector<std::int64_t>>();
    d.strides = c["strides"].get<std::vector<ByteOffset>>();
    d.len = d.itemsize;
    for (auto n : d.shape)
        d.len *= n;
    return d;
}

std::vector<ByteRange> rangesOf(const json &list)
{
    std::vector<ByteRange> out;
    for (const auto &r : list)
        out.push_back({r[0].get<ByteOffset>(), r[1].get<ByteOffset>()});
    return out;
}

QString text(const std::vector<ByteRange> &ranges)
{
    QStringList parts;
    for (const auto &r : ranges)
        parts << QStringLiteral("[%1,%2)").arg(r.begin).arg(r.end);
    return parts.join(QLatin1Char(' '));
}

bool covers(const std::vector<ByteRange> &outer, const std::vector<ByteRange> &inner)
{
    Footprint f;
    f.ranges = outer;
    for (const auto &r : inner)
        for (ByteOffset b = r.begin; b < r.end; ++b)
            if (!f.contains(b))
                return false;
    return true;
}

json runOracle(const char *program, int seed)
{
    const auto run = testing::runPython(QString::fromUtf8(program), {}, {QString::number(seed)});
    if (!run.ok) {
        qWarning("python oracle failed: %s", qPrintable(run.error));
        return json::array();
    }
    return json::parse(run.out.toStdString());
}

} // namespace

class FootprintTest : public QObject
{
    Q_OBJECT
private slots:
    void mergeRanges_data();
    void mergeRanges();
    void againstNumPy();
    void hugeContiguousIsOneRange();
    void pilLayout();
};

void FootprintTest::mergeRanges_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("touching") << "0 2 2 4"
                              << "[0,4)";
    QTest::newRow("unsorted overlap") << "5 9 0 3 2 6"
                                      << "[0,9)";
    QTest::newRow("gap kept") << "0 1 2 3"
                              << "[0,1) [2,3)";
    QTest::newRow("empty dropped") << "4 4 1 2"
                                   << "[1,2)";
}

void FootprintTest::mergeRanges()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const auto numbers = input.split(QLatin1Char(' '));
    std::vector<ByteRange> ranges;
    for (int i = 0; i + 1 < numbers.size(); i += 2)
        ranges.push_back({numbers[i].toLongLong(), numbers[i + 1].toLongLong()});
    bufferscope::mergeRanges(ranges);
    QCOMPARE(text(ranges), expected);
}

void FootprintTest::againstNumPy()
{
    const int seed = 3118;
    const json cases = runOracle(kDirectOracle, seed);
    int agreed = 0, probesAgreed = 0, cappedChecked = 0;
    std::vector<std::byte> memory;
    for (std::size_t n = 0; n < cases.size(); ++n) {
        const json &c = cases[n];
        const Descriptor d = describe(c, memory);
        const auto where = QStringLiteral("seed %1 case %2 (%3 shape %4 strides %5 start %6)")
                               .arg(seed)
                               .arg(n)
                               .arg(QString::fromStdString(c["kind"].get<std::string>()))
                               .arg(QString::fromStdString(c["shape"].dump()))
                               .arg(QString::fromStdString(c["strides"].dump()))
                               .arg(c["start"].get<ByteOffset>());
        const auto expected = rangesOf(c["ranges"]);
        const Footprint exact = footprint(d, memory);
        QVERIFY2(exact.exact, qPrintable(where));
        QVERIFY2(text(exact.ranges) == text(expected),
                 qPrintable(where + ": got " + text(exact.ranges) + " expected " + text(expected)));
        ++agreed;

        // A capped footprint is a superset of at most maxRanges intervals, equal when exact.
        for (std::size_t cap : {std::size_t(1), std::size_t(3), std::size_t(8)}) {
            const Footprint coarse = footprint(d, memory, cap);
            QVERIFY2(coarse.ranges.size() <= cap, qPrintable(where));
            QVERIFY2(covers(coarse.ranges, expected), qPrintable(where));
            if (coarse.exact)
                QVERIFY2(text(coarse.ranges) == text(expected), qPrintable(where));
            ++cappedChecked;
        }

        for (const json &probe : c["probes"]) {
            const auto byte = probe["byte"].get<ByteOffset>();
            const auto want = probe["elements"].get<std::vector<std::vector<Index>>>();
            const auto got = elementsReading(d, memory, byte, 1 << 20);
            QVERIFY2(got == want,
                     qPrintable(QStringLiteral("%1 byte %2: got %3 expected %4")
                                    .arg(where)
                                    .arg(byte)
                                    .arg(QString::fromStdString(json(got).dump()))
                                    .arg(QString::fromStdString(probe["elements"].dump()))));
            if (want.size() > 1) {
                const auto capped = elementsReading(d, memory, byte, 1);
                QCOMPARE(capped.size(), std::size_t(1));
                QVERIFY2(std::find(want.begin(), want.end(), capped[0]) != want.end(),
                         qPrintable(where));
            }
            for (const auto &element : want) {
                const ByteRange bytes = elementBytes(d, element, memory);
                QVERIFY2(bytes.contains(byte), qPrintable(where));
            }
            ++probesAgreed;
        }
    }
    qInfo("footprint: %d views and %d probes agreed with NumPy, %d capped footprints checked",
          agreed, probesAgreed, cappedChecked);
    QCOMPARE(agreed, 300);
}

void FootprintTest::hugeContiguousIsOneRange()
{
    // Descriptor math only: nothing is read, so a 4 GiB "allocation" needs no memory behind it.
    std::vector<std::byte> memory(16);
    const std::span<const std::byte> allocation(memory.data(), std::size_t(1) << 32);
    Descriptor d;
    d.buf = memory.data();
    d.itemsize = 4;
    d.shape = {1024, 1024, 1024};
    d.strides = {4 << 20, 4 << 10, 4};
    const Footprint whole = footprint(d, allocation);
    QVERIFY(whole.exact);
    QCOMPARE(text(whole.ranges), QStringLiteral("[0,4294967296)"));
    // Every other column: 2^29 runs, far over the cap, so the result is a coarse superset.
    d.shape = {1024, 1024, 512};
    d.strides = {4 << 20, 4 << 10, 8};
    const Footprint strided = footprint(d, allocation, 1000);
    QVERIFY(!strided.exact);
    QVERIFY(strided.ranges.size() <= 1000);
    QCOMPARE(strided.ranges.front().begin, ByteOffset(0));
    const std::vector<Index> lastElement{1023, 1023, 511};
    QCOMPARE(elementsReading(d, allocation, (ByteOffset(1) << 32) - 6, 4),
             std::vector<std::vector<Index>>{lastElement});
    QVERIFY(elementsReading(d, allocation, (ByteOffset(1) << 32) - 2, 4).empty());
}

// PIL-style (H, W, C) uint8 images in the test exporter and views of them. NumPy lays the
// same array out contiguously; element offset o lives in row o // (W*C) at o % (W*C), which
// the exporter stores at suboffset + o % (W*C) of that row's allocation, reached through the
// pointer slot of that row.
const char *const kPilOracle = R"PY(
import json, sys
import numpy as np
H, W, C, sub = 5, 4, 3, 2
rows = W * C
out = []
# An integer index on the row axis follows the row pointer when the view is made (as
# memoryview's indexing does), so such a view reads no pointer slot: pointer=False.
for expr, pointer in [('', True), ('[::2, 1::3]', True), ('[1:4, ::-1, 1]', True), ('[::-1]', True),
                      ('[:, 2:, ::2]', True), ('[3, 1:]', False), ('[::-2, ::-1, ::-1]', True)]:
    a = np.zeros((H, W, C), np.uint8)
    v = eval('a' + expr)
    start = v.__array_interface__['data'][0] - a.__array_interface__['data'][0]
    idx = np.indices(v.shape).reshape(v.ndim, -1).T
    offs = start + idx @ np.array(v.strides, dtype=np.int64)
    touched = {}
    for o in offs.tolist():
        touched.setdefault(o // rows, set()).add(sub + o % rows)
    elements = {}
    for y in range(H):
        sel = (offs // rows) == y
        elements[y] = {'slot': idx[sel].tolist() if pointer else [],
                       'bytes': {b: idx[sel & (sub + offs % rows == b)].tolist() for b in range(sub + rows)}}
    out.append({'expr': expr, 'pointer': pointer, 'rows': {str(y): sorted(s) for y, s in touched.items()},
                'elements': {str(y): e for y, e in elements.items()}})
print(json.dumps({'H': H, 'W': W, 'C': C, 'sub': sub, 'cases': out}))
)PY";

void FootprintTest::pilLayout()
{
    const json oracle = runOracle(kPilOracle, 0);
    const auto H = oracle["H"].get<std::int64_t>(), W = oracle["W"].get<std::int64_t>(),
               C = oracle["C"].get<std::int64_t>(), sub = oracle["sub"].get<std::int64_t>();
    const std::vector<std::byte> pixels(static_cast<std::size_t>(H * W * C));
    int checked = 0;
    for (const bool reversed : {false, true}) {
        auto exporter = testing::TestExporter::pil("B", 1, {H, W, C}, pixels, sub, reversed);
        const auto allocations = exporter->allocations();
        QCOMPARE(allocations.size(), std::size_t(H + 1));
        for (const json &c : oracle["cases"]) {
            const auto expr = c["expr"].get<std::string>();
            auto view = applyExpression(exporter->descriptor(), expr);
            QVERIFY2(view.ok(), expr.c_str());
            const Descriptor &d = *view;
            const auto where =
                QStringLiteral("%1 reversed=%2").arg(QString::fromStdString(expr)).arg(reversed);
            std::vector<ByteRange> pointerSlots;
            std::int64_t rowsRead = 0;
            for (std::int64_t y = 0; y < H; ++y) {
                const json rowBytes = c["rows"].value(std::to_string(y), json::array());
                std::vector<ByteRange> expected;
                for (const auto &b : rowBytes)
                    expected.push_back({b.get<ByteOffset>(), b.get<ByteOffset>() + 1});
                bufferscope::mergeRanges(expected);
                const auto row = allocations[static_cast<std::size_t>(y + 1)];
                const Footprint f = footprint(d, row);
                QVERIFY2(text(f.ranges) == text(expected),
                         qPrintable(QStringLiteral("%1 row %2: got %3 expected %4")
                                        .arg(where)
                                        .arg(y)
                                        .arg(text(f.ranges), text(expected))));
                if (!rowBytes.empty() && c["pointer"].get<bool>()) {
                    ++rowsRead;
                    const ByteOffset slot = (reversed ? H - 1 - y : y) * ByteOffset(sizeof(void *));
                    pointerSlots.push_back({slot, slot + ByteOffset(sizeof(void *))});
                }
                const json &elements = c["elements"][std::to_string(y)];
                for (ByteOffset b = 0; b < sub + W * C; ++b) {
                    const auto want =
                        elements["bytes"][std::to_string(b)].get<std::vector<std::vector<Index>>>();
                    QVERIFY2(
                        elementsReading(d, row, b, 1 << 16) == want,
                        qPrintable(QStringLiteral("%1 row %2 byte %3").arg(where).arg(y).arg(b)));
                }
                const ByteOffset slotByte =
                    (reversed ? H - 1 - y : y) * ByteOffset(sizeof(void *)) + 3;
                QVERIFY2(elementsReading(d, allocations[0], slotByte, 1 << 16) ==
                             elements["slot"].get<std::vector<std::vector<Index>>>(),
                         qPrintable(QStringLiteral("%1 slot of row %2").arg(where).arg(y)));
                ++checked;
            }
            bufferscope::mergeRanges(pointerSlots);
            const Footprint pointers = footprint(d, allocations[0]);
            QVERIFY2(text(pointers.ranges) == text(pointerSlots),
                     qPrintable(where + ": pointer array " + text(pointers.ranges)));
            QCOMPARE(pointers.blocksOutside, rowsRead);
        }
    }
    qInfo("footprint: %d PIL rows agreed with NumPy", checked);
}

QTEST_GUILESS_MAIN(FootprintTest)
#include "footprint_test.moc"
