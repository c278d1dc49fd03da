// SPDX-License-Identifier: GPL-3.0-or-later
// viewDescriptor: a BufferSource's descriptor, source and rebuild recipe as JSON.
#include "descriptors/view_descriptor.h"

#include "buffer/contiguity.h"
#include "buffer/request.h"
#include "exporters/exporter.h"
#include "views/view.h"

#include <cstdint>
#include <filesystem>
#include <functional>
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
    const auto data = source.rootExporter().data();
    const auto start = reinterpret_cast<std::uintptr_t>(data.data());
    const auto buf = reinterpret_cast<std::uintptr_t>(source.descriptor().buf);
    // One past the end is allowed: an empty view may point there.
    if (buf < start || buf > start + data.size())
        return std::nullopt;
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
    json["source"] = {{"kind", info.kind},
                      {"path", absolutePath(info.path)},
                      {"options", info.options}};
    json["exports"] = source.exports();
    json["requests"] = satisfiableRequests(d);
    return json;
}

} // namespace bufferscope
