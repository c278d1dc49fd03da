// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for decodeScalar / formatScalarValue / toDouble and the UTF-8 helpers:
// the first byte picks a code and byte order, the second a size (natural, or any), the rest
// are the element's bytes. Nothing may crash, read out of bounds or trip UBSan.
#include "format/decode.h"
#include "format/value_text.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string_view>

namespace {

using bufferscope::format::Scalar;
using bufferscope::format::ScalarKind;

struct Code
{
    char code;
    ScalarKind kind;
    std::int64_t size; // natural size; 0 means "as many bytes as given"
};

constexpr Code kCodes[] = {
    {'x', ScalarKind::Padding, 1},
    {'c', ScalarKind::Char, 1},
    {'b', ScalarKind::SignedInt, 1},
    {'B', ScalarKind::UnsignedInt, 1},
    {'?', ScalarKind::Bool, 1},
    {'h', ScalarKind::SignedInt, 2},
    {'H', ScalarKind::UnsignedInt, 2},
    {'i', ScalarKind::SignedInt, 4},
    {'I', ScalarKind::UnsignedInt, 4},
    {'q', ScalarKind::SignedInt, 8},
    {'Q', ScalarKind::UnsignedInt, 8},
    {'e', ScalarKind::Float, 2},
    {'f', ScalarKind::Float, 4},
    {'d', ScalarKind::Float, 8},
    {'g', ScalarKind::Float, 16},
    {'f', ScalarKind::Complex, 8},
    {'d', ScalarKind::Complex, 16},
    {'g', ScalarKind::Complex, 32},
    {'s', ScalarKind::Bytes, 0},
    {'p', ScalarKind::PascalString, 0},
    {'u', ScalarKind::Ucs2, 0},
    {'w', ScalarKind::Ucs4, 0},
    {'P', ScalarKind::Pointer, 8},
    {'O', ScalarKind::Object, 8},
    {'X', ScalarKind::FunctionPointer, 8},
    {'t', ScalarKind::Bit, 1},
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    const Code &pick = kCodes[data[0] % std::size(kCodes)];
    Scalar scalar;
    scalar.code = pick.code;
    scalar.kind = pick.kind;
    scalar.byteOrder = (data[0] / std::size(kCodes)) % 2 ? bufferscope::format::ByteOrder::Big
                                                         : bufferscope::format::ByteOrder::Little;
    const auto rest = std::as_bytes(std::span(data + 2, size - 2));
    // Second byte: below 192 the natural size, otherwise any size up to 63 (often wrong).
    if (data[1] < 192)
        scalar.size = pick.size != 0 ? pick.size : static_cast<std::int64_t>(rest.size());
    else
        scalar.size = data[1] - 192;

    auto value = bufferscope::decodeScalar(scalar, rest);
    if (value) {
        const std::string text = bufferscope::formatScalarValue(*value);
        (void)bufferscope::toDouble(*value);
        (void)bufferscope::decodeUtf8(text);
    }
    const std::string_view raw(reinterpret_cast<const char *>(data + 2), size - 2);
    const std::u32string codePoints = bufferscope::decodeUtf8(raw);
    (void)bufferscope::textRepr(codePoints);
    (void)bufferscope::bytesRepr(raw);
    (void)bufferscope::encodeUtf8(codePoints);
    return 0;
}
