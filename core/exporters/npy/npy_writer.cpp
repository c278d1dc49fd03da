// SPDX-License-Identifier: GPL-3.0-or-later
// The .npy writer: descr and shape from the format, header text as Python literals, data
// streamed from the source into an AtomicFile.
#include "exporters/npy/npy_writer.h"

#include "buffer/copy.h"
#include "common/atomic_write.h"
#include "descriptors/numpy_export.h"
#include "exporters/exporter.h"
#include "exporters/source_bytes.h"
#include "format/numpy_typestr.h"
#include "format/parser.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <span>

namespace bufferscope {

namespace {

constexpr std::size_t kAlign = 64; // numpy.lib.format.ARRAY_ALIGN

std::string tupleRepr(const nlohmann::json &values)
{
    std::string out = "(";
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i ? ", " : "") + std::to_string(values[i].get<std::int64_t>());
    return out + (values.size() == 1 ? ",)" : ")");
}

// numpyDescr's JSON lists as dtype.descr prints them: a list of (name, type[, shape])
// tuples, a nested record's type being such a list again.
std::string descrRepr(const nlohmann::json &descr)
{
    std::string out = "[";
    for (std::size_t i = 0; i < descr.size(); ++i) {
        const nlohmann::json &field = descr[i];
        out += i ? ", (" : "(";
        out += pythonQuote(field[0].get<std::string>()) + ", ";
        out +=
            field[1].is_string() ? pythonQuote(field[1].get<std::string>()) : descrRepr(field[1]);
        if (field.size() > 2)
            out += ", " + tupleRepr(field[2]);
        out += ")";
    }
    return out + "]";
}

// UTF-8 text as latin1 bytes, or nullopt when a character is past U+00FF.
std::optional<std::string> toLatin1(const std::string &utf8)
{
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto byte = static_cast<unsigned char>(utf8[i]);
        if (byte < 0x80) {
            out += static_cast<char>(byte);
        } else if ((byte & 0xe0) == 0xc0 && byte <= 0xc3 && i + 1 < utf8.size()) {
            out += static_cast<char>(((byte & 0x03) << 6) |
                                     (static_cast<unsigned char>(utf8[++i]) & 0x3f));
        } else {
            return std::nullopt;
        }
    }
    return out;
}

} // namespace

Result<std::string> npyHeaderBytes(const BufferSource &source)
{
    const Descriptor &descriptor = source.descriptor();
    auto layout = parseFormat(descriptor.format);
    if (!layout)
        return layout.error();
    std::string descr;
    if (layout->root.isStruct) {
        auto fields = numpyDescr(layout->root);
        if (!fields)
            return fields.error();
        descr = descrRepr(*fields);
    } else {
        auto typestr = numpyTypestr(layout->root);
        if (!typestr)
            return typestr.error();
        descr = pythonQuote(*typestr);
    }
    nlohmann::json shape = descriptor.shape;
    for (const std::int64_t extent : numpyItemShape(layout->root))
        shape.push_back(extent);

    std::string dict =
        "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + tupleRepr(shape) + ", }";
    // NumPy leaves room to grow the first axis in place (GROWTH_AXIS_MAX_DIGITS = 21).
    if (!shape.empty())
        dict.append(
            21 - std::min<std::size_t>(21, std::to_string(shape[0].get<std::int64_t>()).size()),
            ' ');
    // Versions 1.0 and 2.0 are latin1; only text latin1 cannot hold needs 3.0 (UTF-8).
    int major = 1;
    if (auto latin1 = toLatin1(dict))
        dict = std::move(*latin1);
    else
        major = 3;
    // Padding as numpy.lib.format._wrap_header: always 1..64 spaces before the '\n'.
    const auto padded = [&](std::size_t lengthBytes) {
        const std::size_t used = 8 + lengthBytes + dict.size() + 1; // magic+version, length, '\n'
        return dict.size() + 1 + (kAlign - used % kAlign);
    };
    if (major == 1 && padded(2) > 0xffff)
        major = 2;
    const std::size_t lengthBytes = major == 1 ? 2 : 4;
    const std::size_t headerLength = padded(lengthBytes);

    std::string out = "\x93NUMPY";
    out += static_cast<char>(major);
    out += '\0';
    for (std::size_t i = 0; i < lengthBytes; ++i)
        out += static_cast<char>((headerLength >> (8 * i)) & 0xff);
    out += dict;
    out.append(headerLength - dict.size() - 1, ' ');
    out += '\n';
    return out;
}

Result<std::vector<std::byte>> npyFileBytes(const BufferSource &source)
{
    auto header = npyHeaderBytes(source);
    if (!header)
        return header.error();
    auto data = sourceBytes(source, Order::C);
    if (!data)
        return data.error();
    std::vector<std::byte> file(header->size() + data->size());
    std::memcpy(file.data(), header->data(), header->size());
    if (!data->empty())
        std::memcpy(file.data() + header->size(), data->data(), data->size());
    return file;
}

Status writeNpy(const std::string &path, const BufferSource &source, Durability durability)
{
    // The header first (its refusals leave no file behind), then the data streamed a block at a
    // time into the temporary file: nothing of the data's size is allocated.
    auto header = npyHeaderBytes(source);
    if (!header)
        return header.error();
    auto file = AtomicFile::create(path, "npy");
    if (!file)
        return file.error();
    if (auto appended = file->append(std::as_bytes(std::span(*header))); !appended)
        return appended;
    const ByteSink sink = [&](std::span<const std::byte> block) { return file->append(block); };
    if (auto written = writeSourceBytes(source, Order::C, sink); !written)
        return written;
    // A file truncated while mapped reads as zeros (fault guard): refuse to keep them.
    if (auto trusted = source.rootExporter().checkData(); !trusted)
        return trusted;
    return file->commit(durability);
}

} // namespace bufferscope
