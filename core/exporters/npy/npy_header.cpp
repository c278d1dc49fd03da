// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the .npy preamble and checking the header dict's keys and values, in the order
// numpy.lib.format reads them (magic, version, length, header, keys, shape, fortran_order).
#include "exporters/npy/npy_header.h"

#include <array>
#include <cstring>

namespace bufferscope::npy {

namespace {

constexpr std::array<unsigned char, 6> kMagic = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr std::size_t kVersionOffset = 6;
constexpr std::size_t kLengthOffset = 8;

Error headerError(const std::string &path, ErrorCategory category, const std::string &what,
                  std::size_t offset)
{
    return npyError(category, path, "header: " + what, offset);
}

} // namespace

Error npyError(ErrorCategory category, const std::string &path, const std::string &what,
               std::size_t offset)
{
    return makeError(category,
                     "npy: '" + path + "': " + what + " at byte " + std::to_string(offset), offset);
}

Error npyTruncated(const std::string &path, const std::string &what, std::uint64_t needed,
                   std::size_t offset, std::size_t fileSize)
{
    return makeError(ErrorCategory::Io,
                     "npy: '" + path + "': " + what + " needs " + std::to_string(needed) +
                         " bytes at byte " + std::to_string(offset) + " but the file has " +
                         std::to_string(fileSize),
                     offset);
}

std::string shapeRepr(const std::vector<std::int64_t> &shape)
{
    std::string out = "(";
    for (std::size_t i = 0; i < shape.size(); ++i)
        out += (i ? ", " : "") + std::to_string(shape[i]);
    if (shape.size() == 1)
        out += ',';
    return out + ")";
}

Result<Header> parseHeader(std::span<const std::byte> file, const std::string &path)
{
    const std::size_t fileSize = file.size();
    const auto *bytes = reinterpret_cast<const unsigned char *>(file.data());

    // The magic is compared as far as the file goes, so a short file of the wrong kind
    // says "bad magic" rather than "too short".
    const std::size_t available = std::min(fileSize, kMagic.size());
    if (available > 0 && std::memcmp(bytes, kMagic.data(), available) != 0)
        return npyError(ErrorCategory::Syntax, path, "bad magic", 0);
    if (fileSize < kMagic.size())
        return npyTruncated(path, "magic", kMagic.size(), 0, fileSize);
    if (fileSize < kLengthOffset)
        return npyTruncated(path, "version", 2, kVersionOffset, fileSize);

    Header header;
    header.major = bytes[kVersionOffset];
    header.minor = bytes[kVersionOffset + 1];
    if (header.minor != 0 || header.major < 1 || header.major > 3)
        return npyError(ErrorCategory::Syntax, path,
                        "unsupported version " + std::to_string(header.major) + "." +
                            std::to_string(header.minor),
                        kVersionOffset);

    // 1.0: two-byte length and latin1 text; 2.0: four-byte length; 3.0: four bytes, UTF-8.
    const std::size_t lengthBytes = header.major == 1 ? 2 : 4;
    if (fileSize < kLengthOffset + lengthBytes)
        return npyTruncated(path, "header length", lengthBytes, kLengthOffset, fileSize);
    std::uint64_t length = 0;
    for (std::size_t i = lengthBytes; i-- > 0;)
        length = (length << 8) | bytes[kLengthOffset + i];
    const std::size_t textOffset = kLengthOffset + lengthBytes;
    if (length > kMaxHeaderLength)
        return npyError(ErrorCategory::Limit, path,
                        "header length " + std::to_string(length) + " is more than " +
                            std::to_string(kMaxHeaderLength),
                        kLengthOffset);
    if (fileSize - textOffset < length)
        return npyTruncated(path, "header", static_cast<std::size_t>(length), textOffset, fileSize);
    header.headerLength = static_cast<std::size_t>(length);
    header.dataOffset = static_cast<ByteOffset>(textOffset + header.headerLength);

    LiteralOptions options;
    options.encoding = header.major == 3 ? TextEncoding::Utf8 : TextEncoding::Latin1;
    options.allowLongSuffix = header.major < 3;
    options.baseOffset = textOffset;
    const std::string_view text(reinterpret_cast<const char *>(bytes + textOffset),
                                header.headerLength);
    auto parsed = parseLiteral(text, options);
    if (!parsed)
        return headerError(path, ErrorCategory::Syntax, parsed.error().message,
                           parsed.error().position.value_or(textOffset));
    Literal &dict = *parsed;
    if (!dict.isDict())
        return headerError(path, ErrorCategory::Value, "not a dict", dict.offset);

    // Exactly these three keys, as numpy's EXPECTED_KEYS check demands.
    const Literal *descr = nullptr;
    const Literal *fortranOrder = nullptr;
    const Literal *shape = nullptr;
    for (std::size_t i = 0; i < dict.keys.size(); ++i) {
        const std::string &key = dict.keys[i];
        const Literal **slot = key == "descr"           ? &descr
                               : key == "fortran_order" ? &fortranOrder
                               : key == "shape"         ? &shape
                                                        : nullptr;
        if (!slot)
            return headerError(path, ErrorCategory::Value, "unexpected key '" + key + "'",
                               dict.keyOffsets[i]);
        if (*slot)
            return headerError(path, ErrorCategory::Value, "duplicate key '" + key + "'",
                               dict.keyOffsets[i]);
        *slot = &dict.items[i];
    }
    for (const auto &[slot, name] :
         {std::pair{descr, "descr"}, std::pair{fortranOrder, "fortran_order"},
          std::pair{shape, "shape"}})
        if (!slot)
            return headerError(path, ErrorCategory::Value,
                               std::string("missing key '") + name + "'", dict.offset);

    if (!shape->isTuple())
        return headerError(path, ErrorCategory::Value, "shape must be a tuple of integers",
                           shape->offset);
    if (shape->items.size() > static_cast<std::size_t>(kMaxNdim))
        return headerError(path, ErrorCategory::Limit,
                           "shape has " + std::to_string(shape->items.size()) +
                               " dimensions, at most " + std::to_string(kMaxNdim) + " are allowed",
                           shape->offset);
    for (const Literal &dim : shape->items) {
        if (!dim.isInt())
            return headerError(path, ErrorCategory::Value, "shape must be a tuple of integers",
                               dim.offset);
        if (dim.integer < 0)
            return headerError(path, ErrorCategory::Value,
                               "negative dimension " + std::to_string(dim.integer), dim.offset);
        header.shape.push_back(dim.integer);
    }
    header.shapeOffset = shape->offset;

    if (!fortranOrder->isBool())
        return headerError(path, ErrorCategory::Value, "fortran_order must be True or False",
                           fortranOrder->offset);
    header.fortranOrder = fortranOrder->boolean;
    header.descr = *descr;
    return header;
}

} // namespace bufferscope::npy
