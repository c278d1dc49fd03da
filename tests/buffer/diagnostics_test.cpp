// SPDX-License-Identifier: GPL-3.0-or-later
// Stride diagnostics: one row per message (exact texts), then differential cases against
// NumPy: overlap of random as_strided layouts (exact, by enumerating byte offsets in Python,
// and NumPy's internal_overlap) and misalignment against ndarray.flags.aligned.
#include "buffer/diagnostics.h"
#include "python_oracle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bufferscope;
using Shape = std::vector<std::int64_t>;
using Strides = std::vector<ByteOffset>;

namespace {

Descriptor make(Shape shape, Strides strides, ByteOffset itemsize, Strides suboffsets = {},
                std::uintptr_t address = 0x10000, std::string format = "B")
{
    Descriptor d;
    d.buf = reinterpret_cast<std::byte *>(address); // never dereferenced by the diagnostics
    d.itemsize = itemsize;
    d.format = std::move(format);
    d.shape = std::move(shape);
    d.strides = std::move(strides);
    d.suboffsets = std::move(suboffsets);
    d.len = itemsize;
    for (auto n : d.shape)
        d.len *= n;
    return d;
}

QStringList messages(const std::vector<Diagnostic> &diagnostics)
{
    QStringList out;
    for (const auto &diagnostic : diagnostics)
        out << QString::fromStdString(diagnostic.message);
    return out;
}

std::vector<std::int64_t> toVector(const QJsonValue &value)
{
    std::vector<std::int64_t> out;
    for (const auto &entry : value.toArray())
        out.push_back(entry.toInteger());
    return out;
}

} // namespace

class DiagnosticsTest : public QObject
{
    Q_OBJECT
private slots:
    void messages_data();
    void messages();
    void severityAndAxis();
    void formatAlignment();
    void overlapAgainstNumpy();
    void alignmentAgainstNumpy();
};

void DiagnosticsTest::messages_data()
{
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<Strides>("strides");
    QTest::addColumn<qint64>("itemsize");
    QTest::addColumn<Strides>("suboffsets");
    QTest::addColumn<qint64>("address");
    QTest::addColumn<qint64>("alignment");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("C-contiguous") << Shape{2, 3} << Strides{12, 4} << 4LL << Strides{} << 0x1000LL
                                  << 4LL << QStringList{};
    QTest::newRow("F-contiguous") << Shape{2, 3} << Strides{4, 8} << 4LL << Strides{} << 0x1000LL
                                  << 4LL << QStringList{};
    QTest::newRow("negative") << Shape{3, 4} << Strides{32, -8} << 8LL << Strides{} << 0x1000LL
                              << 8LL
                              << QStringList{
                                     "axis 1 has a negative stride (-8): elements run backwards"};
    QTest::newRow("broadcast")
        << Shape{2, 3} << Strides{0, 4} << 4LL << Strides{} << 0x1000LL << 4LL
        << QStringList{"axis 0 has stride 0: every index reads the same bytes (broadcast)",
                       "elements overlap: indices (0, 0) and (1, 0) share bytes"};
    QTest::newRow("sliding window")
        << Shape{3, 4} << Strides{1, 1} << 1LL << Strides{} << 0x1000LL << 1LL
        << QStringList{"elements overlap: indices (0, 1) and (1, 0) share bytes"};
    QTest::newRow("partial overlap")
        << Shape{3} << Strides{2} << 4LL << Strides{} << 0x1000LL << 4LL
        << QStringList{"elements overlap: indices (0,) and (1,) share bytes",
                       "items are misaligned: stride 2 is not a multiple of alignment 4"};
    QTest::newRow("may overlap")
        << Shape{2048, 1024} << Strides{1, 1} << 1LL << Strides{} << 0x1000LL << 1LL
        << QStringList{"elements may overlap: the stride test fails and more than 1048576 "
                       "elements would have to be compared"};
    QTest::newRow("large outer axis cleared")
        << Shape{100000, 3, 4} << Strides{64, 1, 1} << 1LL << Strides{} << 0x1000LL << 1LL
        << QStringList{"elements overlap: indices (0, 0, 1) and (0, 1, 0) share bytes",
                       "axis 0 skips 58 bytes between rows (stride 64, row 6 bytes)"};
    QTest::newRow("misaligned stride")
        << Shape{5} << Strides{6} << 4LL << Strides{} << 0x1000LL << 4LL
        << QStringList{"items are misaligned: stride 6 is not a multiple of alignment 4",
                       "axis 0 skips 2 bytes between items (stride 6, item 4 bytes)"};
    QTest::newRow("misaligned buf")
        << Shape{2} << Strides{4} << 4LL << Strides{} << 0x1002LL << 4LL
        << QStringList{"items are misaligned: buf address 0x1002 is not a multiple of alignment 4"};
    QTest::newRow("alignment 1 allows odd strides")
        << Shape{3} << Strides{3} << 2LL << Strides{} << 0x1001LL << 1LL
        << QStringList{"axis 0 skips 1 byte between items (stride 3, item 2 bytes)"};
    QTest::newRow("gap between rows")
        << Shape{4, 8} << Strides{48, 4} << 4LL << Strides{} << 0x1000LL << 4LL
        << QStringList{"axis 0 skips 16 bytes between rows (stride 48, row 32 bytes)"};
    QTest::newRow("every other row and column")
        << Shape{4, 4} << Strides{64, 8} << 4LL << Strides{} << 0x1000LL << 4LL
        << QStringList{"axis 0 skips 32 bytes between rows (stride 64, row 32 bytes)",
                       "axis 1 skips 4 bytes between items (stride 8, item 4 bytes)"};
    QTest::newRow("transposed with gap")
        << Shape{128, 16} << Strides{4, 131072} << 4LL << Strides{} << 0x1000LL << 4LL
        << QStringList{"axis 1 skips 130560 bytes between rows (stride 131072, row 512 bytes)"};
    QTest::newRow("one-byte item")
        << Shape{3} << Strides{2} << 1LL << Strides{} << 0x1000LL << 1LL
        << QStringList{"axis 0 skips 1 byte between items (stride 2, item 1 byte)"};
    QTest::newRow("PIL image") << Shape{2, 3, 3} << Strides{8, 3, 1} << 1LL << Strides{0, -1, -1}
                               << 0x1003LL << 1LL
                               << QStringList{"axis 0 dereferences a pointer (suboffset 0)"};
    QTest::newRow("suboffsets: only direct axes judged")
        << Shape{2, 3} << Strides{6, 2} << 2LL << Strides{4, -1} << 0x1001LL << 4LL
        << QStringList{"axis 0 dereferences a pointer (suboffset 4)",
                       "items are misaligned: stride 2 is not a multiple of alignment 4"};
    QTest::newRow("length-1 axes ignored") << Shape{1, 3, 1} << Strides{0, 4, -7} << 4LL
                                           << Strides{} << 0x1000LL << 4LL << QStringList{};
    QTest::newRow("empty") << Shape{3, 0} << Strides{0, -4} << 4LL << Strides{} << 0x1001LL << 4LL
                           << QStringList{};
    QTest::newRow("ndim 0") << Shape{} << Strides{} << 8LL << Strides{} << 0x1000LL << 8LL
                            << QStringList{};
}

void DiagnosticsTest::messages()
{
    QFETCH(Shape, shape);
    QFETCH(Strides, strides);
    QFETCH(qint64, itemsize);
    QFETCH(Strides, suboffsets);
    QFETCH(qint64, address);
    QFETCH(qint64, alignment);
    QFETCH(QStringList, expected);
    const auto d = make(shape, strides, itemsize, suboffsets, static_cast<std::uintptr_t>(address));
    QCOMPARE(::messages(diagnoseLayout(d, alignment)), expected);
}

void DiagnosticsTest::severityAndAxis()
{
    const auto d = make({3, 2, 2}, {-16, 0, 8}, 8, {}, 0x1000);
    const auto diagnostics = diagnoseLayout(d, 8);
    QCOMPARE(diagnostics.size(), std::size_t{3});
    QCOMPARE(diagnostics[0].kind, Diagnostic::NegativeStride);
    QCOMPARE(diagnostics[0].severity, Diagnostic::Info);
    QCOMPARE(diagnostics[0].axis, 0);
    QCOMPARE(diagnostics[1].kind, Diagnostic::ZeroStride);
    QCOMPARE(diagnostics[1].severity, Diagnostic::Warning);
    QCOMPARE(diagnostics[1].axis, 1);
    QCOMPARE(diagnostics[2].kind, Diagnostic::Overlap);
    QCOMPARE(diagnostics[2].severity, Diagnostic::Warning);
    QCOMPARE(diagnostics[2].axis, -1);

    OverlapWitness witness;
    QCOMPARE(elementsOverlap(d, &witness), std::optional<bool>(true));
    QCOMPARE(witness.first, (Shape{0, 0, 0}));
    QCOMPARE(witness.second, (Shape{0, 1, 0}));
}

void DiagnosticsTest::formatAlignment()
{
    // Native 'd' aligns to 8; '<d' (standard size) has no alignment, as struct says.
    auto d = make({4}, {12}, 8, {}, 0x1000, "d");
    QCOMPARE(::messages(diagnoseLayout(d)),
             (QStringList{"items are misaligned: stride 12 is not a multiple of alignment 8",
                          "axis 0 skips 4 bytes between items (stride 12, item 8 bytes)"}));
    d.format = "<d";
    QCOMPARE(::messages(diagnoseLayout(d)),
             QStringList{"axis 0 skips 4 bytes between items (stride 12, item 8 bytes)"});
    d.format = "not a format";
    QCOMPARE(::messages(diagnoseLayout(d)),
             QStringList{"axis 0 skips 4 bytes between items (stride 12, item 8 bytes)"});
}

// Random layouts (seeded): Python enumerates every element's byte range to decide overlap
// exactly, and NumPy's internal_overlap answers for the same array built with as_strided.
void DiagnosticsTest::overlapAgainstNumpy()
{
    const QString program = QStringLiteral(R"PY(
import json, random
import numpy as np
from numpy.lib.stride_tricks import as_strided
from numpy.core._multiarray_tests import internal_overlap
random.seed(3118)
cases = []
for n in range(1500):
    ndim = random.randint(1, 4)
    itemsize = random.choice([1, 2, 4, 8])
    shape = [random.randint(0 if random.random() < 0.05 else 1, 5) for _ in range(ndim)]
    strides = [random.choice([0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 40]) * random.choice([1, -1])
               for _ in range(ndim)]
    if random.random() < 0.2:
        shape.insert(0, random.randint(2, 300))
        strides.insert(0, random.choice([1, 7, 64, 200, 1000]))
    offsets = [0]
    for extent, stride in zip(shape, strides):
        offsets = [o + stride * k for o in offsets for k in range(extent)]
    ordered = sorted(offsets)
    exact = any(b - a < itemsize for a, b in zip(ordered, ordered[1:]))
    low = min(offsets, default=0)
    high = max(offsets, default=0) + itemsize
    base = np.zeros(high - low, dtype=np.uint8)
    first = base[-low:-low + itemsize].view('V%d' % itemsize)  # the element at index 0
    array = as_strided(first, shape=shape, strides=strides)
    cases.append({"shape": shape, "strides": strides, "itemsize": itemsize, "exact": exact,
                  "numpy": bool(internal_overlap(array))})
print(json.dumps(cases))
)PY");
    const auto run = testing::runPython(program);
    QVERIFY2(run.ok, qPrintable(run.error));
    const auto cases = QJsonDocument::fromJson(run.out).array();
    QVERIFY(cases.size() == 1500);
    int agreed = 0, overlapping = 0;
    QStringList failures;
    for (const auto &value : cases) {
        const auto c = value.toObject();
        const bool exact = c["exact"].toBool();
        QCOMPARE(c["numpy"].toBool(), exact); // the two oracles agree with each other
        const auto d =
            make(toVector(c["shape"]), toVector(c["strides"]), c["itemsize"].toInteger());
        OverlapWitness witness;
        const auto ours = elementsOverlap(d, &witness);
        if (ours == std::optional<bool>(exact)) {
            ++agreed;
            overlapping += exact;
        } else {
            failures << QString::fromUtf8(QJsonDocument(c).toJson(QJsonDocument::Compact));
        }
        if (ours == std::optional<bool>(true)) {
            // The witness really is two different indices within itemsize of each other.
            ByteOffset a = 0, b = 0;
            for (int i = 0; i < d.ndim(); ++i) {
                a += d.strides[i] * witness.first[i];
                b += d.strides[i] * witness.second[i];
            }
            QVERIFY(witness.first != witness.second);
            QVERIFY(std::abs(a - b) < d.itemsize);
        }
    }
    qInfo("overlap: %d of %lld cases agree with NumPy (seed 3118), %d overlapping", agreed,
          static_cast<long long>(cases.size()), overlapping);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 5).join('\n')));
    QVERIFY(overlapping > 100 && overlapping < 1400);
}

// NumPy's flags.aligned over an aligned base with a byte offset: our Misaligned diagnostics
// appear exactly when NumPy says the array is not aligned.
void DiagnosticsTest::alignmentAgainstNumpy()
{
    const QString program = QStringLiteral(R"PY(
import json, random
import numpy as np
random.seed(42)
base = np.zeros(4096, dtype=np.uint8)
cases = []
for n in range(600):
    dtype = np.dtype(random.choice(['f4', 'f8', 'i2', 'u1', 'c16', 'i8']))
    ndim = random.randint(1, 3)
    shape = [random.randint(0 if random.random() < 0.05 else 1, 4) for _ in range(ndim)]
    strides = [random.choice([1, 2, 3, 4, 6, 8, 12, 16, 24]) * random.choice([1, -1])
               for _ in range(ndim)]
    offset = random.choice([0, 0, 1, 2, 4, 8, 16]) + 2048
    array = np.ndarray(shape, dtype, buffer=base, offset=offset, strides=strides)
    cases.append({"shape": shape, "strides": strides, "itemsize": dtype.itemsize,
                  "alignment": dtype.alignment, "address": array.ctypes.data % 64 + 64,
                  "aligned": bool(array.flags.aligned)})
print(json.dumps(cases))
)PY");
    const auto run = testing::runPython(program);
    QVERIFY2(run.ok, qPrintable(run.error));
    const auto cases = QJsonDocument::fromJson(run.out).array();
    QVERIFY(cases.size() == 600);
    int agreed = 0, misaligned = 0;
    QStringList failures;
    for (const auto &value : cases) {
        const auto c = value.toObject();
        const auto d = make(toVector(c["shape"]), toVector(c["strides"]), c["itemsize"].toInteger(),
                            {}, static_cast<std::uintptr_t>(c["address"].toInteger()));
        const auto diagnostics = diagnoseLayout(d, c["alignment"].toInteger());
        const bool ours = std::none_of(diagnostics.begin(), diagnostics.end(), [](const auto &x) {
            return x.kind == Diagnostic::Misaligned;
        });
        if (ours == c["aligned"].toBool()) {
            ++agreed;
            misaligned += !ours;
        } else {
            failures << QString::fromUtf8(QJsonDocument(c).toJson(QJsonDocument::Compact));
        }
    }
    qInfo("alignment: %d of %lld cases agree with NumPy's flags.aligned (seed 42), %d misaligned",
          agreed, static_cast<long long>(cases.size()), misaligned);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 5).join('\n')));
    QVERIFY(misaligned > 50);
}

QTEST_GUILESS_MAIN(DiagnosticsTest)
#include "diagnostics_test.moc"
