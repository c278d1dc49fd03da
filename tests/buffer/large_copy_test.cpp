// SPDX-License-Identifier: GPL-3.0-or-later
// Copies big enough to take the non-temporal paths (StridedCopy::kDefaultStreamBytes and
// more): a contiguous buffer both ways, and a PIL-style image whose rows are small but whose
// whole copy is large, with the destination 0 and 4 bytes past 16-byte alignment. Expected
// bytes come from a plain item-by-item walk through elementPointer.
#include "buffer/addressing.h"
#include "buffer/copy.h"
#include "buffer/strided_copy.h"

#include <QTest>

#include <cstring>
#include <vector>

using namespace bufferscope;

namespace {

constexpr ByteOffset kLarge = detail::StridedCopy::kDefaultStreamBytes + 4099;

std::vector<std::byte> pattern(std::size_t n, std::uint32_t seed)
{
    std::vector<std::byte> bytes(n);
    for (std::size_t i = 0; i < n; ++i)
        bytes[i] = static_cast<std::byte>((i * 2654435761u + seed) >> 13);
    return bytes;
}

// The C-order bytes of `d`, one item at a time.
std::vector<std::byte> itemByItem(const Descriptor &d)
{
    std::vector<std::byte> out;
    out.reserve(static_cast<std::size_t>(d.len));
    std::vector<Index> index(d.shape.size(), 0);
    for (std::int64_t n = 0; n < d.len / d.itemsize; ++n) {
        const std::byte *item = elementPointer(d, index);
        out.insert(out.end(), item, item + d.itemsize);
        for (int axis = d.ndim() - 1; axis >= 0; --axis) {
            if (++index[std::size_t(axis)] < d.shape[std::size_t(axis)])
                break;
            index[std::size_t(axis)] = 0;
        }
    }
    return out;
}

} // namespace

class LargeCopyTest : public QObject
{
    Q_OBJECT

private slots:
    void contiguousBothWays()
    {
        std::vector<std::byte> memory = pattern(std::size_t(kLarge), 1);
        Descriptor d;
        d.buf = memory.data();
        d.itemsize = 1;
        d.format = "B";
        d.shape = {kLarge};
        d.strides = {1};
        d.len = kLarge;
        for (const std::size_t shift : {std::size_t(0), std::size_t(4)}) {
            std::vector<std::byte> out(std::size_t(kLarge) + 16);
            std::span<std::byte> target(out.data() + shift, std::size_t(kLarge));
            QVERIFY(copyToContiguous(d, target, Order::C).ok());
            QVERIFY(std::memcmp(target.data(), memory.data(), std::size_t(kLarge)) == 0);
            std::vector<std::byte> back(static_cast<std::size_t>(kLarge));
            Descriptor writable = d;
            writable.buf = back.data();
            writable.readonly = false;
            QVERIFY(copyFromContiguous(writable, target, Order::C).ok());
            QVERIFY(back == memory);
        }
    }

    void pilRowsOfALargeImage()
    {
        // 4099 rows of 8196 bytes (2049 RGBA pixels), rows in reverse order in memory.
        const Index rows = 4099, pixels = 2049;
        const std::size_t rowBytes = std::size_t(pixels) * 4;
        std::vector<std::byte> memory = pattern(std::size_t(rows) * rowBytes, 7);
        std::vector<std::byte *> pointers(static_cast<std::size_t>(rows));
        for (Index r = 0; r < rows; ++r)
            pointers[std::size_t(r)] = memory.data() + std::size_t(rows - 1 - r) * rowBytes;
        Descriptor d;
        d.buf = reinterpret_cast<std::byte *>(pointers.data());
        d.itemsize = 1;
        d.format = "B";
        d.shape = {rows, pixels, 4};
        d.strides = {ByteOffset(sizeof(std::byte *)), 4, 1};
        d.suboffsets = {0, -1, -1};
        d.len = rows * pixels * 4;
        QVERIFY(d.len >= detail::StridedCopy::kDefaultStreamBytes);
        const std::vector<std::byte> expected = itemByItem(d);
        for (const std::size_t shift : {std::size_t(0), std::size_t(4)}) {
            std::vector<std::byte> out(std::size_t(d.len) + 16);
            std::span<std::byte> target(out.data() + shift, std::size_t(d.len));
            QVERIFY(copyToContiguous(d, target, Order::C).ok());
            QVERIFY(std::memcmp(target.data(), expected.data(), expected.size()) == 0);
        }
    }
};

QTEST_GUILESS_MAIN(LargeCopyTest)
#include "large_copy_test.moc"
