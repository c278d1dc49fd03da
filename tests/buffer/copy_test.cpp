// SPDX-License-Identifier: GPL-3.0-or-later
// Contiguous copies: hand layouts and refusals as rows, the engine's choice of kernel, then
// memoryview.tobytes('C'/'F'/'A') on 600 _testbuffer layouts and NumPy's tobytes on larger
// transposed, stepped, broadcast and column views (also through the streaming-store kernels),
// each also copied back with copyFromContiguous.
#include "buffer/addressing.h"
#include "buffer/copy.h"
#include "buffer/strided_copy.h"
#include "testbuffer_cases.h"

#include <QTest>

#include <cstring>

using namespace bufferscope;
using Shape = std::vector<std::int64_t>;
using Strides = std::vector<ByteOffset>;

class CopyTest : public QObject
{
    Q_OBJECT
private slots:
    void handLayouts_data();
    void handLayouts();
    void pilRows();
    void refusals();
    void kernelChoice();
    void againstMemoryview();
    void againstNumpy();
};

namespace {

QByteArray hex(const std::vector<std::byte> &bytes)
{
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()))
        .toHex();
}

QByteArray asBytes(const std::vector<std::byte> &bytes)
{
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

std::vector<std::byte> counting(int n)
{
    std::vector<std::byte> v(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        v[static_cast<std::size_t>(i)] = std::byte(i);
    return v;
}

// Writes `in` back into a sentinel-filled copy of `memory` (bytes marked `keep` are left as
// they are) and checks that every element byte is as in `memory` and every other byte is
// untouched.
bool roundTrip(const std::vector<std::byte> &memory, Descriptor d, ByteOffset bufOffset,
               const QByteArray &in, Order order, std::vector<std::byte> &clone,
               const std::vector<bool> &keep)
{
    constexpr std::byte kSentinel{0xA5};
    for (std::size_t i = 0; i < clone.size(); ++i) {
        if (!keep[i])
            clone[i] = kSentinel;
    }
    d.buf = clone.data() + bufOffset;
    d.readonly = false;
    const auto *data = reinterpret_cast<const std::byte *>(in.constData());
    if (!copyFromContiguous(d, std::span<const std::byte>(data, std::size_t(in.size())), order))
        return false;
    std::vector<bool> covered(clone.size(), false);
    std::vector<std::int64_t> index(d.shape.size(), 0);
    bool more = d.len > 0;
    while (more) {
        const std::byte *p = elementPointer(d, index);
        for (ByteOffset k = 0; k < d.itemsize; ++k)
            covered[std::size_t(p - clone.data() + k)] = true;
        more = testing::nextIndex(index, d.shape);
    }
    for (std::size_t i = 0; i < clone.size(); ++i) {
        if (keep[i])
            continue; // a PIL row pointer: it points into the clone
        if (clone[i] != (covered[i] ? memory[i] : kSentinel))
            return false;
    }
    return true;
}

// Runs the engine directly on a view into C order with non-temporal stores from the first
// byte (a plan for these small arrays would not stream otherwise), the output starting
// `misalign` bytes past a 64-byte boundary so the streaming kernels' alignment heads run too.
QByteArray streamedToC(const Descriptor &d, std::size_t misalign)
{
    std::vector<detail::CopyDim> dims;
    ByteOffset dstStride = d.itemsize;
    for (std::size_t i = d.shape.size(); i-- > 0;) {
        dims.insert(dims.begin(), detail::CopyDim{d.shape[i], dstStride, d.strides[i]});
        dstStride *= d.shape[i];
    }
    std::vector<std::byte> out(std::size_t(d.len) + 64 + misalign);
    const std::size_t head = (64 - reinterpret_cast<std::uintptr_t>(out.data()) % 64) % 64;
    std::byte *dst = out.data() + head + misalign;
    detail::StridedCopy(dims, d.itemsize, 0).run(dst, d.buf);
    return QByteArray(reinterpret_cast<const char *>(dst), qsizetype(d.len));
}

} // namespace

void CopyTest::handLayouts_data()
{
    QTest::addColumn<int>("memorySize");
    QTest::addColumn<int>("bufOffset");
    QTest::addColumn<qint64>("itemsize");
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<Strides>("strides");
    QTest::addColumn<QByteArray>("c");
    QTest::addColumn<QByteArray>("f");
    QTest::addColumn<QByteArray>("a");

    // memory holds the bytes 00 01 02 ...
    QTest::newRow("transposed 3x2")
        << 6 << 0 << 1LL << Shape{3, 2} << Strides{1, 3} << QByteArray("000301040205")
        << QByteArray("000102030405") << QByteArray("000102030405");
    QTest::newRow("reversed") << 4 << 3 << 1LL << Shape{4} << Strides{-1} << QByteArray("03020100")
                              << QByteArray("03020100") << QByteArray("03020100");
    QTest::newRow("broadcast rows")
        << 3 << 0 << 1LL << Shape{2, 3} << Strides{0, 1} << QByteArray("000102000102")
        << QByteArray("000001010202") << QByteArray("000102000102");
    QTest::newRow("2-byte items, every other column")
        << 16 << 0 << 2LL << Shape{2, 2} << Strides{8, 4} << QByteArray("0001040508090c0d")
        << QByteArray("000108090405 0c0d").replace(" ", "") << QByteArray("0001040508090c0d");
    QTest::newRow("ndim 0") << 4 << 2 << 2LL << Shape{} << Strides{} << QByteArray("0203")
                            << QByteArray("0203") << QByteArray("0203");
    QTest::newRow("zero-sized") << 4 << 0 << 4LL << Shape{3, 0} << Strides{-4, 8} << QByteArray()
                                << QByteArray() << QByteArray();
    QTest::newRow("C-contiguous, length-1 dim odd stride")
        << 4 << 0 << 2LL << Shape{1, 2} << Strides{99, 2} << QByteArray("00010203")
        << QByteArray("00010203") << QByteArray("00010203");
}

void CopyTest::handLayouts()
{
    QFETCH(int, memorySize);
    QFETCH(int, bufOffset);
    QFETCH(qint64, itemsize);
    QFETCH(Shape, shape);
    QFETCH(Strides, strides);
    QFETCH(QByteArray, c);
    QFETCH(QByteArray, f);
    QFETCH(QByteArray, a);
    std::vector<std::byte> memory = counting(memorySize);
    Descriptor d;
    d.buf = memory.data() + bufOffset;
    d.itemsize = itemsize;
    d.shape = shape;
    d.strides = strides;
    d.len = itemsize;
    for (auto n : shape)
        d.len *= n;
    for (auto [order, expected] : {std::pair{Order::C, c}, {Order::F, f}, {Order::A, a}}) {
        Result<std::vector<std::byte>> bytes = toBytes(d, order);
        QVERIFY(bytes.ok());
        QCOMPARE(hex(*bytes), expected);
    }
}

void CopyTest::pilRows()
{
    // Rows in separate arrays, listed bottom-up: strides[0] is negative and buf points at the
    // last pointer.
    std::vector<std::byte> row0 = counting(4), row1 = counting(8);
    std::array<std::byte *, 2> pointers{row1.data() + 4, row0.data()}; // row 1 = 04..07
    Descriptor d;
    d.buf = reinterpret_cast<std::byte *>(pointers.data() + 1);
    d.itemsize = 2;
    d.shape = {2, 2};
    d.strides = {-ByteOffset(sizeof(void *)), 2};
    d.suboffsets = {0, -1};
    d.len = 8;
    QCOMPARE(hex(*toBytes(d, Order::C)), QByteArray("0001020304050607"));
    QCOMPARE(hex(*toBytes(d, Order::F)), QByteArray("0001040502030607"));
    QCOMPARE(hex(*toBytes(d, Order::A)), QByteArray("0001020304050607"));
    d.readonly = false;
    const std::vector<std::byte> in = counting(8);
    std::vector<std::byte> reversed(in.rbegin(), in.rend());
    QVERIFY(copyFromContiguous(d, reversed, Order::F).ok());
    QCOMPARE(hex(row0), QByteArray("07060302"));
    QCOMPARE(hex(row1), QByteArray("0001020305040100"));
}

void CopyTest::refusals()
{
    std::vector<std::byte> memory = counting(12);
    Descriptor d;
    d.buf = memory.data();
    d.itemsize = 4;
    d.shape = {3};
    d.strides = {4};
    d.len = 12;
    std::vector<std::byte> out(10);
    Status s = copyToContiguous(d, out, Order::C);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, std::string("copy: destination holds 10 bytes, the buffer has 12"));
    QCOMPARE(s.error().category, ErrorCategory::Bounds);
    s = copyFromContiguous(d, out, Order::C);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, std::string("copy: destination is read-only"));
    QCOMPARE(s.error().category, ErrorCategory::Export);
    d.readonly = false;
    s = copyFromContiguous(d, out, Order::C);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, std::string("copy: source holds 10 bytes, the buffer has 12"));
    d.len = 16;
    Result<std::vector<std::byte>> r = toBytes(d, Order::C);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message,
             std::string("descriptor: len is 16 but product(shape) * itemsize is 12"));
    QCOMPARE(r.error().category, ErrorCategory::Structure);
}

void CopyTest::kernelChoice()
{
    using detail::CopyDim;
    using detail::StridedCopy;
    // dims as {n, dst stride, src stride}
    QCOMPARE(StridedCopy({{4, 16, 16}, {4, 4, 4}}, 4).kernel(), StridedCopy::Kernel::Memcpy);
    QCOMPARE(StridedCopy({{4, 16, 16}, {4, 4, 4}}, 4).mergedNdim(), 1);
    QCOMPARE(StridedCopy({{64, 256, 4}, {64, 4, 256}}, 4).kernel(), StridedCopy::Kernel::Tiled);
    QCOMPARE(StridedCopy({{64, 256, 512}, {64, 4, 8}}, 4).kernel(), StridedCopy::Kernel::Strided);
    QCOMPARE(StridedCopy({{1, 4, 4}, {1, 4, 4}}, 4).kernel(), StridedCopy::Kernel::Single);
    QCOMPARE(StridedCopy({{3, 8, 4}, {2, 4, 12}}, 4).kernel(), StridedCopy::Kernel::Strided);
}

void CopyTest::againstMemoryview()
{
    QString error;
    auto cases = testing::loadTestbufferCases(error);
    QVERIFY2(!cases.empty(), qPrintable(error));
    int agreed = 0;
    int roundTrips = 0;
    for (auto &tc : cases) {
        const Descriptor d = tc->descriptor();
        Result<std::vector<std::byte>> c = toBytes(d, Order::C);
        Result<std::vector<std::byte>> f = toBytes(d, Order::F);
        Result<std::vector<std::byte>> a = toBytes(d, Order::A);
        const bool same = c.ok() && f.ok() && a.ok() && asBytes(*c) == tc->tobytesC &&
                          asBytes(*f) == tc->tobytesF && asBytes(*a) == tc->tobytesA;
        if (!same)
            qWarning("%s: tobytes differs from memoryview", qPrintable(tc->name()));
        agreed += same ? 1 : 0;

        // Back again: pointer slots are kept, everything else starts as a sentinel.
        std::vector<std::byte> clone = tc->memory;
        std::vector<bool> keep(clone.size(), false);
        for (ByteOffset slot : tc->slotOffsets)
            for (std::size_t k = 0; k < sizeof(void *); ++k)
                keep[std::size_t(slot) + k] = true;
        tc->pointInto(clone);
        const bool back =
            roundTrip(tc->memory, d, tc->bufOffset, tc->tobytesC, Order::C, clone, keep) &&
            roundTrip(tc->memory, d, tc->bufOffset, tc->tobytesF, Order::F, clone, keep);
        if (!back)
            qWarning("%s: copyFromContiguous does not restore the elements",
                     qPrintable(tc->name()));
        roundTrips += back ? 1 : 0;
    }
    qInfo("copy: %d of %d _testbuffer cases agree with memoryview.tobytes('C'/'F'/'A'); "
          "%d round-trip through copyFromContiguous",
          agreed, int(cases.size()), roundTrips);
    QCOMPARE(agreed, int(cases.size()));
    QCOMPARE(roundTrips, int(cases.size()));
}

void CopyTest::againstNumpy()
{
    QFile script(QStringLiteral(BUFFERSCOPE_TEST_DATA "/numpy_copy_cases.py"));
    QVERIFY(script.open(QIODevice::ReadOnly));
    constexpr int kSeed = 7;
    const testing::PythonRun run =
        testing::runPython(QString::fromUtf8(script.readAll()), {}, {QString::number(kSeed)});
    QVERIFY2(run.ok, qPrintable(run.error));
    const QJsonArray cases = QJsonDocument::fromJson(run.out).array();
    QVERIFY(!cases.isEmpty());
    int agreed = 0;
    for (const QJsonValue &value : cases) {
        const QJsonObject o = value.toObject();
        const QByteArray raw = QByteArray::fromHex(o.value("memory").toString().toLatin1());
        std::vector<std::byte> memory(std::size_t(raw.size()));
        std::memcpy(memory.data(), raw.constData(), memory.size());
        Descriptor d;
        const ByteOffset offset = o.value("offset").toInteger();
        d.buf = memory.data() + offset;
        d.itemsize = o.value("itemsize").toInteger();
        d.shape = testing::toVector<std::int64_t>(o.value("shape"));
        d.strides = testing::toVector<ByteOffset>(o.value("strides"));
        d.len = d.itemsize;
        for (auto n : d.shape)
            d.len *= n;
        const QByteArray c = QByteArray::fromHex(o.value("tobytesC").toString().toLatin1());
        const QByteArray f = QByteArray::fromHex(o.value("tobytesF").toString().toLatin1());
        Result<std::vector<std::byte>> ourC = toBytes(d, Order::C);
        Result<std::vector<std::byte>> ourF = toBytes(d, Order::F);
        std::vector<std::byte> clone = memory;
        const std::vector<bool> keep(clone.size(), false);
        const bool same = ourC.ok() && ourF.ok() && asBytes(*ourC) == c && asBytes(*ourF) == f &&
                          streamedToC(d, 0) == c && streamedToC(d, 4) == c &&
                          roundTrip(memory, d, offset, c, Order::C, clone, keep) &&
                          roundTrip(memory, d, offset, f, Order::F, clone, keep);
        if (!same)
            qWarning("NumPy case '%s' (seed %d) differs", qPrintable(o.value("name").toString()),
                     kSeed);
        agreed += same ? 1 : 0;
    }
    qInfo("copy: %d of %d NumPy views agree with tobytes('C'/'F') (also with streaming stores) "
          "and round-trip",
          agreed, int(cases.size()));
    QCOMPARE(agreed, int(cases.size()));
}

QTEST_GUILESS_MAIN(CopyTest)
#include "copy_test.moc"
