// SPDX-License-Identifier: GPL-3.0-or-later
// The bounds proof: exact refusal texts on hand layouts (direct, reversed, ndim 0, PIL with
// short pointer arrays, wild pointers and short rows), then every _testbuffer layout checked
// against its own memory, against its exact extent (from Python) and against one byte less.
#include "buffer/bounds.h"
#include "testbuffer_cases.h"

#include <QTest>

#include <array>
#include <cstring>

using namespace bufferscope;
using Span = std::span<const std::byte>;

class BoundsTest : public QObject
{
    Q_OBJECT
private slots:
    void direct();
    void pil();
    void againstTestbuffer();
};

namespace {

Descriptor direct2d(std::byte *buf, std::vector<std::int64_t> shape,
                    std::vector<ByteOffset> strides, ByteOffset itemsize)
{
    Descriptor d;
    d.buf = buf;
    d.itemsize = itemsize;
    d.len = itemsize;
    for (auto n : shape)
        d.len *= n;
    d.shape = std::move(shape);
    d.strides = std::move(strides);
    return d;
}

QString check(const Descriptor &d, std::vector<Span> allocations)
{
    const Status s = verifyBounds(d, allocations);
    return s.ok() ? QStringLiteral("ok") : QString::fromStdString(s.error().message);
}

} // namespace

void BoundsTest::direct()
{
    std::array<std::byte, 64> memory{};
    const Span first40(memory.data(), 40);
    QCOMPARE(check(direct2d(memory.data(), {3, 2}, {8, 4}, 4), {first40}), "ok");
    QCOMPARE(check(direct2d(memory.data(), {4, 2}, {12, 4}, 4), {first40}),
             "bounds: element [3, 1] at byte 40 lies outside the 40-byte buffer");
    const Span sixteen(memory.data(), 16);
    QCOMPARE(check(direct2d(memory.data() + 4, {2, 2}, {-8, 4}, 4), {sixteen}),
             "bounds: element [1, 0] at byte -4 lies outside the 16-byte buffer");
    QCOMPARE(check(direct2d(memory.data() + 8, {2, 2}, {-8, 4}, 4), {sixteen}), "ok");
    QCOMPARE(check(direct2d(memory.data() + 48, {2}, {4}, 4), {first40}),
             "bounds: element [0] lies outside every allocation");
    // Another allocation holding the escaping part does not help: one region, one allocation.
    QCOMPARE(
        check(direct2d(memory.data() + 32, {4}, {4}, 4), {first40, Span(memory.data() + 40, 24)}),
        "bounds: element [3] at byte 44 lies outside the 40-byte buffer");
    QCOMPARE(check(direct2d(nullptr, {0, 5}, {1 << 30, -7}, 8), {}), "ok");
    QCOMPARE(check(direct2d(memory.data(), {}, {}, 8), {Span(memory.data(), 4)}),
             "bounds: element [] at byte 0 lies outside the 4-byte buffer");
    QCOMPARE(check(direct2d(memory.data() + 63, {}, {}, 1), {Span(memory)}), "ok");
    const Status overflow =
        verifyBounds(direct2d(memory.data(), {ByteOffset(1) << 40, 2}, {ByteOffset(1) << 30, 4}, 4),
                     std::vector<Span>{Span(memory)});
    QVERIFY(!overflow.ok());
    QCOMPARE(overflow.error().message, std::string("bounds: byte offsets overflow in dimension 0"));
    QCOMPARE(overflow.error().category, ErrorCategory::Limit);
    const Status invalid =
        verifyBounds(direct2d(memory.data(), {2}, {4, 4}, 4), std::vector<Span>{});
    QCOMPARE(invalid.error().message, std::string("descriptor: 2 strides for 1 dimensions"));
}

void BoundsTest::pil()
{
    std::array<std::byte, 4> row0{};
    std::array<std::byte, 4> row1{};
    std::array<std::byte, 3> shortRow{};
    std::array<std::byte, 1> elsewhere{};
    std::array<std::byte *, 3> pointers{row0.data(), row1.data(), row0.data()};
    Descriptor d;
    d.buf = reinterpret_cast<std::byte *>(pointers.data());
    d.itemsize = 1;
    d.shape = {3, 4};
    d.strides = {ByteOffset(sizeof(void *)), 1};
    d.suboffsets = {0, -1};
    d.len = 12;
    const auto *pointerBytes = reinterpret_cast<const std::byte *>(pointers.data());
    const Span all(pointerBytes, sizeof pointers);
    QCOMPARE(check(d, {all, Span(row0), Span(row1)}), "ok");
    QCOMPARE(check(d, {Span(pointerBytes, 2 * sizeof(void *)), Span(row0), Span(row1)}),
             QStringLiteral("bounds: pointer [2] at byte %1 lies outside the %1-byte buffer")
                 .arg(2 * sizeof(void *)));
    QCOMPARE(check(d, {all, Span(row0)}), "bounds: element [1, 0] lies outside every allocation");
    pointers[1] = shortRow.data();
    QCOMPARE(check(d, {all, Span(row0), Span(shortRow)}),
             "bounds: element [1, 3] at byte 3 lies outside the 3-byte buffer");
    pointers[1] = row1.data();
    QCOMPARE(check(d, {Span(row0), Span(row1), Span(elsewhere)}),
             "bounds: pointer [0] lies outside every allocation");
    d.suboffsets = {2, -1}; // rows start 2 bytes after where the pointers point
    QCOMPARE(check(d, {all, Span(row0), Span(row1)}),
             "bounds: element [0, 3] at byte 5 lies outside the 4-byte buffer");
}

void BoundsTest::againstTestbuffer()
{
    QString error;
    auto cases = testing::loadTestbufferCases(error);
    QVERIFY2(!cases.empty(), qPrintable(error));
    int agreed = 0;
    for (auto &tc : cases) {
        const Descriptor d = tc->descriptor();
        const Span memory(tc->memory);
        bool same = verifyBounds(d, std::vector<Span>{memory}).ok();
        if (d.len > 0 && !d.hasSuboffsets()) {
            // The exact extent Python computed, then one byte less at either end.
            const std::byte *low = d.buf + tc->extentLow;
            const auto size = std::size_t(tc->extentHigh - tc->extentLow + d.itemsize);
            same = same && verifyBounds(d, std::vector<Span>{Span(low, size)}).ok() &&
                   !verifyBounds(d, std::vector<Span>{Span(low, size - 1)}).ok() &&
                   !verifyBounds(d, std::vector<Span>{Span(low + 1, size - 1)}).ok();
        } else if (d.len > 0) {
            // The generator cut the memory to the pointer array and the rows, so both of its
            // ends are needed.
            same = same &&
                   !verifyBounds(d, std::vector<Span>{memory.first(memory.size() - 1)}).ok() &&
                   !verifyBounds(d, std::vector<Span>{memory.subspan(1)}).ok();
        } else {
            same = same && verifyBounds(d, std::vector<Span>{}).ok();
        }
        if (!same)
            qWarning("%s: bounds verdicts differ from the layout's extent", qPrintable(tc->name()));
        agreed += same ? 1 : 0;
    }
    qInfo("bounds: %d of %d _testbuffer cases proven in bounds, and refused one byte short", agreed,
          int(cases.size()));
    QCOMPARE(agreed, int(cases.size()));
}

QTEST_GUILESS_MAIN(BoundsTest)
#include "bounds_test.moc"
