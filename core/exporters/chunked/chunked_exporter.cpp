// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkedExporter: the descriptor of a whole chunked array at its virtual base address.
#include "exporters/chunked/chunked_exporter.h"

#include "buffer/layout.h"
#include "format/parser.h"
#include "format/size_math.h"

namespace bufferscope {

namespace {
constexpr const char *kWhat = "chunked array";
}

Result<std::unique_ptr<ChunkedExporter>> ChunkedExporter::create(std::shared_ptr<const ChunkSource> source)
{
    const ChunkedArrayInfo &info = source->info();
    auto layout = parseFormat(info.format);
    if (!layout)
        return makeError(ErrorCategory::Format, "chunked: format '" + info.format +
                                                    "' does not parse: " + layout.error().message);
    if (layout->itemsize() != info.itemsize || info.itemsize <= 0 ||
        info.fill.size() != static_cast<std::size_t>(info.itemsize))
        return makeError(ErrorCategory::Format, "chunked: format '" + info.format + "' has " +
                                                    std::to_string(layout->itemsize()) +
                                                    " bytes, the store's items have " +
                                                    std::to_string(info.itemsize));
    if (info.chunks.size() != info.shape.size())
        return makeError(ErrorCategory::Structure, "chunked: the chunk shape has " +
                                                       std::to_string(info.chunks.size()) +
                                                       " dimensions, the array " +
                                                       std::to_string(info.shape.size()));
    std::int64_t items = 1, chunkItems = 1;
    for (std::size_t k = 0; k < info.shape.size(); ++k) {
        if (info.shape[k] < 0 || info.chunks[k] <= 0)
            return makeError(ErrorCategory::Structure,
                             "chunked: shape and chunk shape must be positive");
        if (!format::checkedMul(items, info.shape[k], items) ||
            !format::checkedMul(chunkItems, info.chunks[k], chunkItems))
            return makeError(ErrorCategory::Limit, "chunked: the array's size overflows 64 bits");
    }
    std::int64_t len = 0, chunkLen = 0;
    if (!format::checkedMul(items, info.itemsize, len) ||
        !format::checkedMul(chunkItems, info.itemsize, chunkLen) || len > (std::int64_t(1) << 60))
        return makeError(ErrorCategory::Limit, "chunked: the array's size overflows 64 bits");
    if (chunkLen > (std::int64_t(1) << 32))
        return makeError(ErrorCategory::Limit, "chunked: a chunk of " + std::to_string(chunkLen) +
                                                   " bytes is more than 4 GiB");
    Descriptor d;
    d.buf = reinterpret_cast<std::byte *>(ChunkReader::kBaseAddress);
    d.len = len;
    d.itemsize = info.itemsize;
    d.format = info.format;
    d.readonly = true;
    d.shape = info.shape;
    d.strides = contiguousStrides(d.shape, d.itemsize, Order::C);
    if (auto valid = validateDescriptor(d); !valid)
        return valid.error();
    return std::make_unique<ChunkedExporter>(PrivateTag{}, std::move(source), std::move(d));
}

ChunkedExporter::ChunkedExporter(PrivateTag, std::shared_ptr<const ChunkSource> source,
                                 Descriptor descriptor)
    : m_source(std::move(source)), m_reader(std::make_shared<ChunkReader>(m_source)),
      m_descriptor(std::move(descriptor))
{
}

SourceInfo ChunkedExporter::source() const
{
    return SourceInfo{info().kind, info().path, nlohmann::json::object()};
}

std::span<std::byte> ChunkedExporter::data() const
{
    return {m_descriptor.buf, static_cast<std::size_t>(m_descriptor.len)};
}

Status ChunkedExporter::checkData() const
{
    if (m_metadataChange)
        return *m_metadataChange;
    const std::vector<std::string> changed = m_reader->changedChunks();
    if (changed.empty())
        return {};
    if (changed.size() == 1)
        return makeError(ErrorCategory::Io, "chunked: chunk '" + changed.front() +
                                                "' changed on storage since it was first read");
    std::string names = "'" + changed[0] + "', '" + changed[1] + "'";
    if (changed.size() > 2)
        names += " and " + std::to_string(changed.size() - 2) + " more";
    else
        names = "'" + changed[0] + "' and '" + changed[1] + "'";
    return makeError(ErrorCategory::Io,
                     "chunked: chunks " + names + " changed on storage since they were first read");
}

void ChunkedExporter::refresh()
{
    if (!m_metadataChange)
        if (auto status = m_source->checkMetadata(); !status)
            m_metadataChange = status.error();
    m_reader->invalidate();
}

std::optional<std::uint64_t> ChunkedExporter::storedBytesTotal() const
{
    std::call_once(m_totalOnce, [this] { m_storedTotal = m_source->storedBytesTotal(); });
    return m_storedTotal;
}

std::string ChunkedExporter::closingName() const
{
    return kWhat;
}

void ChunkedExporter::freeData()
{
    describeClosed(m_descriptor);
    m_reader->chunkCache().clear();
}

} // namespace bufferscope
