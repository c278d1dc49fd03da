// SPDX-License-Identifier: GPL-3.0-or-later
// NpyExporter: map the file, parse the header, check the file holds the data, describe it.
#include "exporters/npy/npy_exporter.h"

#include "buffer/layout.h"
#include "exporters/npy/npy_dtype.h"

namespace bufferscope {

Result<std::unique_ptr<NpyExporter>> NpyExporter::open(const std::string &path, bool copyOnWrite)
{
    auto file = MappedFile::open(path, copyOnWrite ? MapMode::CopyOnWrite : MapMode::ReadOnly);
    if (!file)
        return file.error();
    const auto bytes = (*file)->bytes();
    const auto fileSize = static_cast<std::size_t>((*file)->size());

    // Only the header's pages are touched here; the data stays on disk until looked at.
    auto header = npy::parseHeader(bytes, path);
    if (!header)
        return header.error();
    auto dtype = npy::dtypeFromDescr(header->descr);
    if (!dtype)
        return npy::npyError(dtype.error().category, path, dtype.error().message,
                             dtype.error().position.value_or(0));
    if (dtype->itemsize <= 0)
        return npy::npyError(ErrorCategory::Format, path, "descr: itemsize 0 cannot be exported",
                             header->descr.offset);

    const auto dataBytes = checkedProduct(header->shape, dtype->itemsize);
    if (!dataBytes)
        return npy::npyError(ErrorCategory::Limit, path,
                             "shape " + npy::shapeRepr(header->shape) + " of itemsize " +
                                 std::to_string(dtype->itemsize) + " overflows",
                             header->shapeOffset);
    const auto dataOffset = static_cast<std::size_t>(header->dataOffset);
    if (static_cast<std::uint64_t>(*dataBytes) > fileSize - dataOffset)
        return npy::npyTruncated(path, "data", static_cast<std::uint64_t>(*dataBytes), dataOffset,
                                 fileSize);

    const Order order = header->fortranOrder ? Order::F : Order::C;
    auto layout = makeContiguous(bytes.data() + dataOffset, dtype->format, dtype->itemsize,
                                 header->shape, order, !copyOnWrite);
    if (!layout)
        return npy::npyError(layout.error().category, path, layout.error().message,
                             header->shapeOffset);

    auto exporter = std::make_unique<NpyExporter>(PrivateTag{});
    exporter->m_header = std::move(*header);
    exporter->adopt(path, std::move(*file), std::move(*layout));
    return exporter;
}

SourceInfo NpyExporter::source() const
{
    return SourceInfo{"npy", path(), nlohmann::json::object()};
}

} // namespace bufferscope
