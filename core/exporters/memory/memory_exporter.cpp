// SPDX-License-Identifier: GPL-3.0-or-later
// MemoryExporter: the owned, resizable block and the metadata rules around exports.
#include "exporters/memory/memory_exporter.h"

#include "buffer/layout.h"
#include "common/memory_limit.h"
#include "format/parser.h"

#include <algorithm>
#include <cstring>

namespace bufferscope {

namespace {

constexpr const char *kWhat = "memory buffer";

Result<ByteOffset> itemsizeOf(const std::string &format)
{
    auto layout = parseFormat(format);
    if (!layout)
        return layout.error();
    return layout->itemsize();
}

std::string shapeText(const std::vector<std::int64_t> &shape)
{
    std::string text = "(";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? "," : "") + std::to_string(shape[i]);
    if (shape.size() == 1)
        text += ',';
    return text + ")";
}

} // namespace

Result<std::unique_ptr<MemoryExporter>> MemoryExporter::create(std::string format,
                                                               std::vector<std::int64_t> shape)
{
    auto itemsize = itemsizeOf(format);
    if (!itemsize)
        return itemsize.error();
    // Checks ndim, negative entries and overflow before anything is allocated.
    auto layout =
        makeContiguous(nullptr, std::move(format), *itemsize, std::move(shape), Order::C, false);
    if (!layout)
        return layout.error();
    // A shape that fits 64 bits may still be terabytes: refuse before make_unique throws.
    if (auto fits = checkMemoryLimit("memory", layout->len); !fits)
        return fits.error();
    auto exporter = std::make_unique<MemoryExporter>(PrivateTag{});
    const auto size = static_cast<std::size_t>(layout->len);
    // One spare byte when empty: a zero-length buffer still has a valid start pointer, as
    // bytearray's empty buffer does.
    exporter->m_storage = std::make_unique<std::byte[]>(std::max<std::size_t>(size, 1));
    exporter->m_size = size;
    exporter->m_descriptor = std::move(*layout);
    exporter->m_descriptor.buf = exporter->m_storage.get();
    return exporter;
}

SourceInfo MemoryExporter::source() const
{
    return SourceInfo{
        "memory", "",
        nlohmann::json{{"format", m_descriptor.format}, {"shape", m_descriptor.shape}}};
}

Status MemoryExporter::checkOpen() const
{
    if (isClosed())
        return closedError(kWhat);
    return {};
}

std::string MemoryExporter::closingName() const
{
    return kWhat;
}

void MemoryExporter::freeData()
{
    m_storage.reset();
    m_size = 0;
    describeClosed(m_descriptor);
}

Status MemoryExporter::resize(ByteOffset nbytes)
{
    if (auto open = checkOpen(); !open)
        return open;
    // PyByteArray_Resize returns early when the size does not change, before it asks
    // whether the object can be resized: no bytes move, so exports do not matter. The
    // shape still becomes 1-D, as for any resize; that is metadata, like reshape().
    if (nbytes >= 0 && static_cast<std::size_t>(nbytes) == m_size) {
        m_descriptor.shape.assign(1, nbytes / m_descriptor.itemsize);
        m_descriptor.strides.assign(1, m_descriptor.itemsize);
        return {};
    }
    // Otherwise bytearray checks exports first, before looking at the requested size.
    if (exports() > 0)
        return makeError(ErrorCategory::Export,
                         "Existing exports of data: object cannot be re-sized");
    if (nbytes < 0)
        return makeError(ErrorCategory::Value,
                         "memory: size must be non-negative: " + std::to_string(nbytes));
    const ByteOffset itemsize = m_descriptor.itemsize;
    if (nbytes % itemsize != 0)
        return makeError(ErrorCategory::Value, "memory: size " + std::to_string(nbytes) +
                                                   " is not a multiple of itemsize " +
                                                   std::to_string(itemsize));
    if (auto fits = checkMemoryLimit("memory", nbytes); !fits)
        return fits.error();
    const auto size = static_cast<std::size_t>(nbytes);
    if (size != m_size) {
        auto storage = std::make_unique<std::byte[]>(std::max<std::size_t>(size, 1));
        std::memcpy(storage.get(), m_storage.get(), std::min(size, m_size));
        m_storage = std::move(storage);
        m_size = size;
    }
    m_descriptor.shape.assign(1, nbytes / itemsize);
    m_descriptor.strides.assign(1, itemsize);
    m_descriptor.buf = m_storage.get();
    m_descriptor.len = nbytes;
    return {};
}

Status MemoryExporter::reshape(std::vector<std::int64_t> shape)
{
    return setLayout(m_descriptor.format, std::move(shape));
}

Status MemoryExporter::setFormat(std::string format)
{
    return setLayout(std::move(format), m_descriptor.shape);
}

Status MemoryExporter::setLayout(std::string format, std::vector<std::int64_t> shape)
{
    if (auto open = checkOpen(); !open)
        return open;
    auto itemsize = itemsizeOf(format);
    if (!itemsize)
        return itemsize.error();
    auto layout =
        makeContiguous(m_storage.get(), format, *itemsize, shape, Order::C, m_descriptor.readonly);
    if (!layout)
        return layout.error();
    if (static_cast<std::size_t>(layout->len) != m_size)
        return makeError(ErrorCategory::Value, "memory: cannot lay out " + std::to_string(m_size) +
                                                   " bytes as shape " + shapeText(shape) +
                                                   " of format '" + format + "' (" +
                                                   std::to_string(layout->len) + " bytes)");
    m_descriptor = std::move(*layout);
    return {};
}

void MemoryExporter::setReadonly(bool readonly)
{
    m_descriptor.readonly = readonly;
}

} // namespace bufferscope
