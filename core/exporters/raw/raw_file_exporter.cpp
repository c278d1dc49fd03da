// SPDX-License-Identifier: GPL-3.0-or-later
// RawFileExporter: map the file, check it is large enough, describe the array in it.
#include "exporters/raw/raw_file_exporter.h"

#include "buffer/layout.h"
#include "format/parser.h"

namespace bufferscope {

Result<std::unique_ptr<RawFileExporter>> RawFileExporter::open(const std::string &path,
                                                               const RawOptions &options)
{
    // Every option is checked before the file is touched.
    auto parsed = parseFormat(options.format);
    if (!parsed)
        return parsed.error();
    const ByteOffset itemsize = parsed->itemsize();
    if (options.order != Order::C && options.order != Order::F)
        return makeError(ErrorCategory::Value, "raw: order must be 'C' or 'F'");
    if (options.offset < 0)
        return makeError(ErrorCategory::Value, "raw: offset must be a non-negative integer: '" +
                                                   std::to_string(options.offset) + "'");
    // Checks ndim, negative entries and overflow of the data size.
    auto layout = makeContiguous(nullptr, options.format, itemsize, options.shape, options.order,
                                 !options.copyOnWrite);
    if (!layout)
        return layout.error();
    const ByteOffset dataBytes = layout->len;
    ByteOffset needed = 0;
    if (__builtin_add_overflow(dataBytes, options.offset, &needed))
        return makeError(ErrorCategory::Limit, "raw: offset " + std::to_string(options.offset) +
                                                   " + " + std::to_string(dataBytes) +
                                                   " data bytes overflows");

    auto file =
        MappedFile::open(path, options.copyOnWrite ? MapMode::CopyOnWrite : MapMode::ReadOnly);
    if (!file)
        return file.error();
    if (needed > (*file)->size())
        return makeError(ErrorCategory::Io,
                         "raw: file '" + path + "' is too small: offset " +
                             std::to_string(options.offset) + " + " + std::to_string(dataBytes) +
                             " data bytes = " + std::to_string(needed) + " needed, " +
                             std::to_string((*file)->size()) + " available");

    layout->buf = (*file)->bytes().data() + options.offset;
    auto exporter = std::make_unique<RawFileExporter>(PrivateTag{});
    exporter->m_options = options;
    exporter->adopt(path, std::move(*file), std::move(*layout));
    return exporter;
}

SourceInfo RawFileExporter::source() const
{
    return SourceInfo{"raw", path(),
                      nlohmann::json{{"format", m_options.format},
                                     {"shape", m_options.shape},
                                     {"offset", m_options.offset},
                                     {"order", m_options.order == Order::F ? "F" : "C"}}};
}

} // namespace bufferscope
