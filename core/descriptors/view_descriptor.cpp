// SPDX-License-Identifier: GPL-3.0-or-later
// viewDescriptor: a BufferSource's descriptor, source and rebuild recipe as JSON.
#include "descriptors/view_descriptor.h"

#include "buffer/contiguity.h"
#include "buffer/request.h"
#include "exporters/exporter.h"
#include "views/view.h"

#include <cstdint>
#include <filesystem>
#include <system_error>

namespace bufferscope {

std::string absolutePath(const std::string &path)
{
    if (path.empty())
        return path;
    std::error_code error;
    auto absolute = std::filesystem::absolute(path, error);
    return error ? path : absolute.lexically_normal().string();
}

std::string chainExpression(const BufferSource &source)
{
    if (const auto *view = dynamic_cast<const View *>(&source))
        return view->fullExpression();
    return {};
}

std::optional<std::int64_t> dataOffset(const BufferSource &source)
{
    const Exporter &exporter = source.rootExporter();
    const auto start = reinterpret_cast<std::uintptr_t>(exporter.data().data());
    const auto buf = reinterpret_cast<std::uintptr_t>(source.descriptor().buf);
    // A view that followed a pointer (indexing a PIL-style dimension) starts inside a row:
    // it has no offset in data(). Any other start pointer is data() plus the strides walked
    // so far, which for an empty view may lie past the end, as in NumPy.
    const auto allocations = exporter.allocations();
    for (std::size_t i = 1; i < allocations.size(); ++i) {
        const auto first = reinterpret_cast<std::uintptr_t>(allocations[i].data());
        if (buf >= first && buf < first + allocations[i].size())
            return std::nullopt;
    }
    return static_cast<std::int64_t>(buf - start);
}

std::string tupleText(std::span<const std::int64_t> values)
{
    std::string text = "(";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            text += ", ";
        text += std::to_string(values[i]);
    }
    if (values.size() == 1)
        text += ',';
    return text + ')';
}

nlohmann::json viewDescriptor(const BufferSource &source)
{
    const Descriptor &d = source.descriptor();
    const SourceInfo info = source.rootExporter().source();
    const auto offset = dataOffset(source);

    nlohmann::json json;
    json["version"] = kDescriptorVersion;
    json["format"] = d.format;
    json["itemsize"] = d.itemsize;
    json["ndim"] = d.ndim();
    json["shape"] = d.shape;
    json["strides"] = d.strides;
    json["suboffsets"] = d.hasSuboffsets() ? nlohmann::json(d.suboffsets) : nlohmann::json();
    json["offset"] = offset ? nlohmann::json(*offset) : nlohmann::json();
    json["len"] = d.len;
    json["readonly"] = d.readonly;
    json["c_contiguous"] = isCContiguous(d);
    json["f_contiguous"] = isFContiguous(d);
    json["expression"] = chainExpression(source);
    json["source"] = {
        {"kind", info.kind}, {"path", absolutePath(info.path)}, {"options", info.options}};
    json["exports"] = source.exports();
    json["requests"] = satisfiableRequests(d);
    return json;
}

} // namespace bufferscope
