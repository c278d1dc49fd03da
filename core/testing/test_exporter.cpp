// SPDX-License-Identifier: GPL-3.0-or-later
// TestExporter: deliberately unchecked construction of any descriptor, plus fault switches.
#include "testing/test_exporter.h"

#include <algorithm>
#include <cstring>

namespace bufferscope::testing {

namespace {

constexpr const char *kWhat = "test exporter";

std::int64_t product(const std::vector<std::int64_t> &shape, std::size_t from = 0)
{
    std::int64_t result = 1;
    for (std::size_t i = from; i < shape.size(); ++i)
        result *= shape[i];
    return result;
}

} // namespace

std::unique_ptr<TestExporter> TestExporter::direct(std::span<const std::byte> bytes,
                                                   TestLayout layout)
{
    auto exporter = std::make_unique<TestExporter>(PrivateTag{});
    exporter->m_size = bytes.size();
    exporter->m_storage = std::make_unique<std::byte[]>(std::max<std::size_t>(bytes.size(), 1));
    if (!bytes.empty())
        std::memcpy(exporter->m_storage.get(), bytes.data(), bytes.size());
    exporter->applyLayout(std::move(layout));
    return exporter;
}

std::unique_ptr<TestExporter> TestExporter::pil(std::string format, ByteOffset itemsize,
                                                std::vector<std::int64_t> shape,
                                                std::span<const std::byte> logicalBytes,
                                                ByteOffset suboffset, bool reversedRows,
                                                bool readonly)
{
    auto exporter = std::make_unique<TestExporter>(PrivateTag{});
    exporter->m_pil = true;
    const auto rows = static_cast<std::size_t>(shape.empty() ? 0 : shape[0]);
    const auto rowBytes = static_cast<std::size_t>(product(shape, 1) * itemsize);
    exporter->m_rowAllocation = static_cast<std::size_t>(suboffset) + rowBytes;
    exporter->m_size = rows * sizeof(std::byte *);
    exporter->m_storage = std::make_unique<std::byte[]>(std::max<std::size_t>(exporter->m_size, 1));
    for (std::size_t row = 0; row < rows; ++row) {
        auto allocation =
            std::make_unique<std::byte[]>(std::max<std::size_t>(exporter->m_rowAllocation, 1));
        const std::size_t from = row * rowBytes;
        if (from < logicalBytes.size())
            std::memcpy(allocation.get() + suboffset, logicalBytes.data() + from,
                        std::min(rowBytes, logicalBytes.size() - from));
        std::byte *pointer = allocation.get();
        const std::size_t slot = reversedRows ? rows - 1 - row : row;
        std::memcpy(exporter->m_storage.get() + slot * sizeof(std::byte *), &pointer,
                    sizeof pointer);
        exporter->m_rows.push_back(std::move(allocation));
    }

    TestLayout layout;
    layout.format = std::move(format);
    layout.itemsize = itemsize;
    layout.shape = shape;
    layout.strides.assign(shape.size(), 0);
    ByteOffset stride = itemsize;
    for (std::size_t i = shape.size(); i-- > 1;) {
        layout.strides[i] = stride;
        stride *= shape[i];
    }
    const auto pointerSize = static_cast<ByteOffset>(sizeof(std::byte *));
    if (!shape.empty())
        layout.strides[0] = reversedRows ? -pointerSize : pointerSize;
    layout.suboffsets.assign(shape.size(), -1);
    if (!shape.empty())
        layout.suboffsets[0] = suboffset;
    layout.start = reversedRows && rows > 0 ? static_cast<ByteOffset>(rows - 1) * pointerSize : 0;
    layout.readonly = readonly;
    exporter->applyLayout(std::move(layout));
    return exporter;
}

void TestExporter::applyLayout(TestLayout layout)
{
    if (layout.strides.empty() && !layout.shape.empty()) {
        layout.strides.assign(layout.shape.size(), 0);
        ByteOffset stride = layout.itemsize;
        for (std::size_t i = layout.shape.size(); i-- > 0;) {
            layout.strides[i] = stride;
            stride *= layout.shape[i];
        }
    }
    m_descriptor.buf = m_storage.get() + layout.start;
    m_descriptor.len = product(layout.shape) * layout.itemsize;
    m_descriptor.itemsize = layout.itemsize;
    m_descriptor.readonly = layout.readonly;
    m_descriptor.format = std::move(layout.format);
    m_descriptor.shape = std::move(layout.shape);
    m_descriptor.strides = std::move(layout.strides);
    m_descriptor.suboffsets = std::move(layout.suboffsets);
}

void TestExporter::setLayout(TestLayout layout)
{
    if (isClosed())
        return;
    applyLayout(std::move(layout));
}

SourceInfo TestExporter::source() const
{
    return SourceInfo{"test", "", nlohmann::json{{"pil", m_pil}}};
}

std::span<std::byte> TestExporter::data() const
{
    return isClosed() ? std::span<std::byte>() : std::span<std::byte>(m_storage.get(), m_size);
}

std::vector<std::span<const std::byte>> TestExporter::allocations() const
{
    std::vector<std::span<const std::byte>> result;
    if (isClosed())
        return result;
    result.emplace_back(m_storage.get(), m_size);
    for (const auto &row : m_rows)
        result.emplace_back(row.get(), m_rowAllocation);
    return result;
}

Status TestExporter::prepareOpenExport()
{
    if (m_nextFailure) {
        Error failure = std::move(*m_nextFailure);
        m_nextFailure.reset();
        return failure;
    }
    return {};
}

std::string TestExporter::closingName() const
{
    return kWhat;
}

void TestExporter::freeData()
{
    m_rows.clear();
    m_storage.reset();
    m_size = 0;
    describeClosed(m_descriptor);
}

} // namespace bufferscope::testing
