// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the first bytes choose a small array (format, shape, C or F order, or a
// PIL-style layout); the rest is a view expression. Whatever applyExpression returns, every
// element of the result is read through elementPointer, so ASan proves that no step can
// describe memory outside the exporter's allocations.
#include "buffer/addressing.h"
#include "buffer/layout.h"
#include "testing/test_exporter.h"
#include "views/steps.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace {

struct Item
{
    const char *format;
    bufferscope::ByteOffset itemsize;
};

constexpr std::array<Item, 6> kItems{
    {{"B", 1}, {"<h", 2}, {"<i", 4}, {"<d", 8}, {"T{<i:a:B:b:(2)<h:c:}", 9}, {"3s", 3}}};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace bufferscope;
    if (size < 3)
        return 0;
    const Item item = kItems[data[0] % kItems.size()];
    const int ndim = data[1] % 5; // 0..4
    const bool fortran = data[1] & 0x10;
    const bool indirect = (data[1] & 0x20) && ndim >= 1;
    const bool reversedRows = data[1] & 0x40;
    std::vector<std::int64_t> shape;
    std::size_t used = 2;
    for (int i = 0; i < ndim && used < size; ++i)
        shape.push_back(data[used++] % 5);
    while (static_cast<int>(shape.size()) < ndim)
        shape.push_back(2);
    const std::string_view expression(reinterpret_cast<const char *>(data + used), size - used);

    const std::int64_t count = checkedProduct(shape, 1).value_or(0);
    std::vector<std::byte> bytes(static_cast<std::size_t>(count * item.itemsize));
    std::unique_ptr<testing::TestExporter> exporter;
    if (indirect) {
        exporter = testing::TestExporter::pil(item.format, item.itemsize, shape, bytes,
                                              data[1] & 0x80 ? 3 : 0, reversedRows);
    } else {
        testing::TestLayout layout;
        layout.format = item.format;
        layout.itemsize = item.itemsize;
        layout.shape = shape;
        layout.strides = contiguousStrides(shape, item.itemsize, fortran ? Order::F : Order::C);
        layout.readonly = false;
        exporter = testing::TestExporter::direct(bytes, layout);
    }

    const auto result = applyExpression(exporter->descriptor(), expression);
    if (!result)
        return 0;
    const Descriptor &d = *result;
    for (std::int64_t n : d.shape) {
        if (n == 0)
            return 0;
    }
    // Read every element (bounded: the shapes are tiny, but new axes and views can grow it).
    std::vector<Index> index(d.ndim(), 0);
    std::vector<std::byte> sink(static_cast<std::size_t>(d.itemsize));
    for (int visited = 0; visited < 4096; ++visited) {
        std::memcpy(sink.data(), elementPointer(d, index), sink.size());
        int i = d.ndim() - 1;
        while (i >= 0 && ++index[i] == d.shape[i])
            index[i--] = 0;
        if (i < 0)
            break;
    }
    return 0;
}
