// SPDX-License-Identifier: GPL-3.0-or-later
// Copies large enough to run as two halves on two threads (copy_tuning.h: parallelBytes), in
// C and Fortran order: transposed, reversed, an odd extent on the split axis, leading axes of
// one item, a gather; checked against a plain item-by-item walk through elementPointer. Also
// the BUFFERSCOPE_COPY_TUNING overrides and the per-vendor gather choice.
#include "buffer/addressing.h"
#include "buffer/copy.h"
#include "buffer/copy_tuning.h"

#include <QTest>

#include <cstdlib>
#include <cstring>
#include <vector>

using namespace bufferscope;

namespace {

// The bytes of `d` in `order`, one item at a time.
std::vector<std::byte> itemByItem(const Descriptor &d, Order order)
{
    std::vector<std::byte> out;
    out.reserve(static_cast<std::size_t>(d.len));
    std::vector<Index> index(d.shape.size(), 0);
    for (std::int64_t n = 0; n < d.len / d.itemsize; ++n) {
        const std::byte *item = elementPointer(d, index);
        out.insert(out.end(), item, item + d.itemsize);
        for (int k = 0; k < d.ndim(); ++k) {
            const auto axis = std::size_t(order == Order::F ? k : d.ndim() - 1 - k);
            if (++index[axis] < d.shape[axis])
                break;
            index[axis] = 0;
        }
    }
    return out;
}

Descriptor view(std::vector<std::uint32_t> &memory, ByteOffset offset, std::vector<std::int64_t> shape,
                std::vector<ByteOffset> strides)
{
    Descriptor d;
    d.buf = reinterpret_cast<std::byte *>(memory.data()) + offset;
    d.itemsize = 4;
    d.format = "I";
    d.shape = std::move(shape);
    d.strides = std::move(strides);
    d.len = 4;
    for (auto n : d.shape)
        d.len *= n;
    return d;
}

} // namespace

class ParallelCopyTest : public QObject
{
    Q_OBJECT

private slots:
    void largeCopiesAgreeWithItemByItem_data()
    {
        QTest::addColumn<int>("which");
        QTest::newRow("transposed 3001 x 3001") << 0;
        QTest::newRow("reversed both axes") << 1;
        QTest::newRow("leading axis of one, odd split extent") << 2;
        QTest::newRow("every other column") << 3;
    }
    void largeCopiesAgreeWithItemByItem()
    {
        QFETCH(int, which);
        // Split whatever the load (the test machine may be busy).
        ::setenv("BUFFERSCOPE_COPY_TUNING", "checkload=0", 1);
        QVERIFY(!detail::copyTuning().checkLoad);
        QVERIFY(detail::copyTuning().parallelBytes <= (ByteOffset(32) << 20));
        const std::int64_t side = 3001; // 36 MiB of uint32, odd: halves of 1500 and 1501
        std::vector<std::uint32_t> memory(std::size_t(side * side) * 2);
        for (std::size_t i = 0; i < memory.size(); ++i)
            memory[i] = static_cast<std::uint32_t>(i * 2654435761u);
        const ByteOffset row = side * 4;
        Descriptor d;
        switch (which) {
        case 0: d = view(memory, 0, {side, side}, {4, row}); break;
        case 1: d = view(memory, (side * side - 1) * 4, {side, side}, {-row, -4}); break;
        case 2: d = view(memory, 0, {1, side, side}, {0, row, 4}); break;
        default: d = view(memory, 0, {side, side}, {2 * row, 8}); break;
        }
        for (const Order order : {Order::C, Order::F}) {
            std::vector<std::byte> out(static_cast<std::size_t>(d.len));
            QVERIFY(copyToContiguous(d, out, order).ok());
            QVERIFY(out == itemByItem(d, order));
        }
    }

    void overridesFromTheEnvironment()
    {
        ::setenv("BUFFERSCOPE_COPY_TUNING", "paged=1,stream=64,parallel=0,threads=1,bogus=3", 1);
        QVERIFY(!detail::secondThreadPays(detail::defaultCopyTuning()));
        detail::CopyTuning t = detail::defaultCopyTuning();
        QCOMPARE(t.source, std::string("environment"));
        QVERIFY(t.pagedGather);
        QCOMPARE(t.streamBytes, ByteOffset(64) << 20);
        QCOMPARE(t.parallelBytes, ByteOffset(0));
        QCOMPARE(t.threads, 1);
        ::setenv("BUFFERSCOPE_COPY_TUNING", "paged=0,stream=-5,parallel=x", 1);
        t = detail::defaultCopyTuning();
        QVERIFY(!t.pagedGather);
        QCOMPARE(t.streamBytes, ByteOffset(32) << 20); // bad numbers are ignored
        QCOMPARE(t.parallelBytes, ByteOffset(32) << 20);
        ::unsetenv("BUFFERSCOPE_COPY_TUNING");
        t = detail::defaultCopyTuning();
        QVERIFY(t.source == "intel" || t.source == "amd" || t.source == "other");
        QVERIFY(t.checkLoad);
        // The page-apart gather order was measured to pay on Intel only.
        QCOMPARE(t.pagedGather, t.source == "intel");
    }
};

QTEST_GUILESS_MAIN(ParallelCopyTest)
#include "parallel_copy_test.moc"
