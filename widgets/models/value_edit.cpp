// SPDX-License-Identifier: GPL-3.0-or-later
// encodeScalar: from_chars for the number, a range check against the item's size, then the
// bytes in the item's byte order.
#include "models/value_edit.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace bufferscope {

namespace {

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

Error refuse(const std::string &what)
{
    return makeError(ErrorCategory::Value, "value: " + what);
}

std::string quoted(std::string_view text)
{
    return "'" + std::string(text) + "'";
}

// The low `size` bytes of `bits`, in the item's byte order.
std::vector<std::byte> bytesOf(std::uint64_t bits, std::int64_t size, format::ByteOrder order)
{
    std::vector<std::byte> out(static_cast<std::size_t>(size));
    for (std::int64_t i = 0; i < size; ++i) {
        const auto byte = static_cast<std::byte>((bits >> (8 * i)) & 0xff);
        const std::int64_t at = order == format::ByteOrder::Little ? i : size - 1 - i;
        out[static_cast<std::size_t>(at)] = byte;
    }
    return out;
}

Result<std::vector<std::byte>> encodeInteger(const format::Scalar &scalar, std::string_view text)
{
    std::string_view digits = text;
    if (digits.starts_with('+'))
        digits.remove_prefix(1); // from_chars takes '-' but not '+'
    const bool isSigned = scalar.kind == format::ScalarKind::SignedInt;
    const int bits = static_cast<int>(scalar.size * 8);
    if (isSigned) {
        std::int64_t value = 0;
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), value);
        const bool whole = end == digits.data() + digits.size() && !digits.empty();
        const std::int64_t high =
            bits >= 64 ? std::numeric_limits<std::int64_t>::max() : (std::int64_t{1} << (bits - 1)) - 1;
        const std::int64_t low = -high - 1;
        if (!whole || (error != std::errc() && error != std::errc::result_out_of_range))
            return refuse(quoted(text) + " is not an integer");
        if (error == std::errc::result_out_of_range || value < low || value > high)
            return refuse(std::string(digits) + " is out of range for '" +
                          std::string(1, scalar.code) + "' (" + std::to_string(low) + " to " +
                          std::to_string(high) + ")");
        return bytesOf(static_cast<std::uint64_t>(value), scalar.size, scalar.byteOrder);
    }
    std::uint64_t value = 0;
    const bool negative = digits.starts_with('-');
    const auto [end, error] = std::from_chars(digits.data() + (negative ? 1 : 0),
                                              digits.data() + digits.size(), value);
    const bool whole = end == digits.data() + digits.size() && digits.size() > (negative ? 1u : 0u);
    const std::uint64_t high =
        bits >= 64 ? std::numeric_limits<std::uint64_t>::max() : (std::uint64_t{1} << bits) - 1;
    if (!whole || (error != std::errc() && error != std::errc::result_out_of_range))
        return refuse(quoted(text) + " is not an integer");
    if (error == std::errc::result_out_of_range || value > high || (negative && value != 0))
        return refuse(std::string(digits) + " is out of range for '" +
                      std::string(1, scalar.code) + "' (0 to " + std::to_string(high) + ")");
    return bytesOf(value, scalar.size, scalar.byteOrder);
}

Result<std::vector<std::byte>> encodeFloat(const format::Scalar &scalar, std::string_view text)
{
    std::string_view digits = text;
    if (digits.starts_with('+'))
        digits.remove_prefix(1);
    double value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (end != digits.data() + digits.size() || digits.empty() ||
        (error != std::errc() && error != std::errc::result_out_of_range))
        return refuse(quoted(text) + " is not a number");
    if (error == std::errc::result_out_of_range) {
        // Python's float() gives ±inf past the double range and ±0 below it; from_chars
        // leaves the value alone then, so the exponent's sign decides.
        const auto e = digits.find_first_of("eE");
        const bool underflow = e != std::string_view::npos && e + 1 < digits.size() &&
                               digits[e + 1] == '-';
        const bool negative = digits.starts_with('-');
        value = underflow ? (negative ? -0.0 : 0.0)
                          : (negative ? -std::numeric_limits<double>::infinity()
                                      : std::numeric_limits<double>::infinity());
    }
    if (scalar.size == 8)
        return bytesOf(std::bit_cast<std::uint64_t>(value), 8, scalar.byteOrder);
    // PyFloat_Pack4: (float)x, refused when that overflows a finite x.
    const auto single = static_cast<float>(value);
    if (std::isinf(single) && std::isfinite(value))
        return refuse(std::string(digits) + " is too large for '" + std::string(1, scalar.code) +
                      "'");
    return bytesOf(std::bit_cast<std::uint32_t>(single), 4, scalar.byteOrder);
}

} // namespace

Result<std::vector<std::byte>> encodeScalar(const format::Scalar &scalar, std::string_view text)
{
    const std::string_view value = trimmed(text);
    switch (scalar.kind) {
    case format::ScalarKind::SignedInt:
    case format::ScalarKind::UnsignedInt:
        if (scalar.size >= 1 && scalar.size <= 8)
            return encodeInteger(scalar, value);
        break;
    case format::ScalarKind::Float:
        if (scalar.size == 4 || scalar.size == 8)
            return encodeFloat(scalar, value);
        break;
    case format::ScalarKind::Bool:
        if (value == "True" || value == "true" || value == "1")
            return std::vector<std::byte>{std::byte{1}};
        if (value == "False" || value == "false" || value == "0")
            return std::vector<std::byte>{std::byte{0}};
        return refuse(quoted(text) + " is not True or False");
    default:
        break;
    }
    return refuse("cannot write '" + std::string(1, scalar.code) + "' items from text");
}

} // namespace bufferscope
