// SPDX-License-Identifier: GPL-3.0-or-later
// encodeScalar: from_chars for the number (Python's float() and int() read the same digits),
// a range check against the item's size, the rounding CPython's PyFloat_Pack2/Pack4 do, then
// the bytes in the item's byte order.
#include "format/encode.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
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

std::string codeText(const format::Scalar &scalar)
{
    return scalar.kind == format::ScalarKind::Complex ? "Z" + std::string(1, scalar.code)
                                                      : std::string(1, scalar.code);
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
    if (digits.size() < text.size() && digits.starts_with('-'))
        return refuse(quoted(text) + " is not an integer");
    const bool isSigned = scalar.kind == format::ScalarKind::SignedInt;
    const int bits = static_cast<int>(scalar.size * 8);
    if (isSigned) {
        std::int64_t value = 0;
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), value);
        const bool whole = end == digits.data() + digits.size() && !digits.empty();
        const std::int64_t high = bits >= 64 ? std::numeric_limits<std::int64_t>::max()
                                             : (std::int64_t{1} << (bits - 1)) - 1;
        const std::int64_t low = -high - 1;
        if (!whole || (error != std::errc() && error != std::errc::result_out_of_range))
            return refuse(quoted(text) + " is not an integer");
        if (error == std::errc::result_out_of_range || value < low || value > high)
            return refuse(std::string(digits) + " is out of range for '" + codeText(scalar) +
                          "' (" + std::to_string(low) + " to " + std::to_string(high) + ")");
        return bytesOf(static_cast<std::uint64_t>(value), scalar.size, scalar.byteOrder);
    }
    std::uint64_t value = 0;
    const bool negative = digits.starts_with('-');
    const auto [end, error] =
        std::from_chars(digits.data() + (negative ? 1 : 0), digits.data() + digits.size(), value);
    const bool whole = end == digits.data() + digits.size() && digits.size() > (negative ? 1u : 0u);
    const std::uint64_t high =
        bits >= 64 ? std::numeric_limits<std::uint64_t>::max() : (std::uint64_t{1} << bits) - 1;
    if (!whole || (error != std::errc() && error != std::errc::result_out_of_range))
        return refuse(quoted(text) + " is not an integer");
    if (error == std::errc::result_out_of_range || value > high || (negative && value != 0))
        return refuse(std::string(digits) + " is out of range for '" + codeText(scalar) +
                      "' (0 to " + std::to_string(high) + ")");
    return bytesOf(value, scalar.size, scalar.byteOrder);
}

// float(text) at T's precision, or nothing when it is not a number. Python's float() gives
// ±inf past the range and ±0 below it; from_chars leaves the value alone then, so the
// exponent's sign decides.
template<class T> std::optional<T> parseReal(std::string_view text)
{
    std::string_view digits = text;
    if (digits.starts_with('+'))
        digits.remove_prefix(1); // from_chars takes '-' but not '+'
    if (digits.empty() || (digits.size() < text.size() && digits.starts_with('-')))
        return std::nullopt;
    T value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (end != digits.data() + digits.size() ||
        (error != std::errc() && error != std::errc::result_out_of_range))
        return std::nullopt;
    // from_chars reads "nan(...)" and "infinity" spellings Python does not all take; NaN
    // payloads are not Python's.
    if (digits.find('(') != std::string_view::npos)
        return std::nullopt;
    if (error == std::errc::result_out_of_range) {
        const auto e = digits.find_first_of("eE");
        const bool underflow =
            e != std::string_view::npos && e + 1 < digits.size() && digits[e + 1] == '-';
        const bool negative = digits.starts_with('-');
        const T infinity = std::numeric_limits<T>::infinity();
        value = underflow ? (negative ? -T(0) : T(0)) : (negative ? -infinity : infinity);
    }
    return value;
}

// CPython's PyFloat_Pack2: binary16 of a double, rounded to nearest even straight from the
// double (no float in between, which could round twice); nothing when a finite value
// overflows. NaN becomes the quiet NaN of the same sign.
std::optional<std::uint16_t> packHalf(double value)
{
    const std::uint16_t sign = std::signbit(value) ? 0x8000 : 0;
    if (std::isnan(value))
        return static_cast<std::uint16_t>(sign | 0x7e00);
    if (std::isinf(value))
        return static_cast<std::uint16_t>(sign | 0x7c00);
    if (value == 0)
        return sign;
    int exponent = 0;
    // frexp gives a fraction in [0.5, 1); CPython works with [1, 2).
    double fraction = std::frexp(std::fabs(value), &exponent) * 2.0;
    --exponent;
    if (exponent >= 16)
        return std::nullopt;
    if (exponent < -25) {
        fraction = 0; // below half the smallest subnormal: rounds to zero
        exponent = 0;
    } else if (exponent < -14) {
        fraction = std::ldexp(fraction, 14 + exponent); // subnormal
        exponent = 0;
    } else {
        exponent += 15;
        fraction -= 1.0; // the implicit leading one
    }
    fraction *= 1024.0;
    auto bits = static_cast<std::uint16_t>(fraction);
    const double rest = fraction - bits;
    if (rest > 0.5 || (rest == 0.5 && (bits & 1))) {
        if (++bits == 1024) {
            bits = 0;
            if (++exponent == 31)
                return std::nullopt;
        }
    }
    return static_cast<std::uint16_t>(sign | (exponent << 10) | bits);
}

// One real component of `size` bytes (2, 4 or 8); nothing when a finite value does not fit.
std::optional<std::vector<std::byte>> packReal(double value, std::int64_t size,
                                               format::ByteOrder order)
{
    switch (size) {
    case 2: {
        const auto half = packHalf(value);
        if (!half)
            return std::nullopt;
        return bytesOf(*half, 2, order);
    }
    case 4: {
        // PyFloat_Pack4: (float)x, refused when that overflows a finite x.
        const auto single = static_cast<float>(value);
        if (std::isinf(single) && std::isfinite(value))
            return std::nullopt;
        return bytesOf(std::bit_cast<std::uint32_t>(single), 4, order);
    }
    case 8:
        return bytesOf(std::bit_cast<std::uint64_t>(value), 8, order);
    default:
        return std::nullopt;
    }
}

Result<std::vector<std::byte>> encodeFloat(const format::Scalar &scalar, std::string_view text)
{
    const auto value = parseReal<double>(text);
    if (!value)
        return refuse(quoted(text) + " is not a number");
    auto bytes = packReal(*value, scalar.size, scalar.byteOrder);
    if (!bytes)
        return refuse(std::string(text) + " is too large for '" + codeText(scalar) + "'");
    return std::move(*bytes);
}

// complex(text): "(...)" around the whole, then "re", "imj" or "re±imj" where a lone sign
// before "j" means 1 ("1-j"). The sign that splits the parts is the last one not part of
// an exponent ("1e-3+2e+5j").
template<class T> std::optional<std::pair<T, T>> parseComplex(std::string_view text)
{
    if (text.starts_with('(')) {
        if (!text.ends_with(')'))
            return std::nullopt;
        text = trimmed(text.substr(1, text.size() - 2));
    }
    if (text.empty())
        return std::nullopt;
    if (!(text.ends_with('j') || text.ends_with('J'))) {
        const auto real = parseReal<T>(text);
        if (!real)
            return std::nullopt;
        return std::pair<T, T>{*real, T(0)};
    }
    const std::string_view body = text.substr(0, text.size() - 1);
    std::size_t split = std::string_view::npos;
    for (std::size_t i = body.size(); i-- > 1;) {
        if ((body[i] == '+' || body[i] == '-') && body[i - 1] != 'e' && body[i - 1] != 'E') {
            split = i;
            break;
        }
    }
    const std::string_view realText = split == std::string_view::npos ? "" : body.substr(0, split);
    std::string_view imagText = split == std::string_view::npos ? body : body.substr(split);
    std::optional<T> real = realText.empty() ? std::optional<T>(T(0)) : parseReal<T>(realText);
    std::optional<T> imag;
    if (imagText.empty() || imagText == "+")
        imag = T(1);
    else if (imagText == "-")
        imag = T(-1);
    else
        imag = parseReal<T>(imagText);
    if (!real || !imag)
        return std::nullopt;
    return std::pair<T, T>{*real, *imag};
}

Result<std::vector<std::byte>> encodeComplex(const format::Scalar &scalar, std::string_view text)
{
    const std::int64_t half = scalar.size / 2;
    const auto parts = parseComplex<double>(text);
    if (!parts)
        return refuse(quoted(text) + " is not a complex number");
    auto real = packReal(parts->first, half, scalar.byteOrder);
    auto imag = packReal(parts->second, half, scalar.byteOrder);
    if (!real || !imag)
        return refuse(std::string(text) + " is too large for '" + codeText(scalar) + "'");
    real->insert(real->end(), imag->begin(), imag->end());
    return std::move(*real);
}

} // namespace

bool isTextEncodable(const format::Scalar &scalar)
{
    switch (scalar.kind) {
    case format::ScalarKind::SignedInt:
    case format::ScalarKind::UnsignedInt:
        return scalar.size >= 1 && scalar.size <= 8;
    case format::ScalarKind::Float:
        return scalar.size == 2 || scalar.size == 4 || scalar.size == 8;
    case format::ScalarKind::Complex:
        return scalar.size == 8 || scalar.size == 16;
    case format::ScalarKind::Bool:
        return scalar.size == 1;
    default:
        return false;
    }
}

Result<std::vector<std::byte>> encodeScalar(const format::Scalar &scalar, std::string_view text)
{
    if (!isTextEncodable(scalar))
        return refuse("cannot write '" + codeText(scalar) + "' items from text");
    const std::string_view value = trimmed(text);
    switch (scalar.kind) {
    case format::ScalarKind::SignedInt:
    case format::ScalarKind::UnsignedInt:
        return encodeInteger(scalar, value);
    case format::ScalarKind::Float:
        return encodeFloat(scalar, value);
    case format::ScalarKind::Complex:
        return encodeComplex(scalar, value);
    case format::ScalarKind::Bool:
        if (value == "True" || value == "true" || value == "1")
            return std::vector<std::byte>{std::byte{1}};
        if (value == "False" || value == "false" || value == "0")
            return std::vector<std::byte>{std::byte{0}};
        return refuse(quoted(text) + " is not True or False");
    default:
        return refuse("cannot write '" + codeText(scalar) + "' items from text");
    }
}

} // namespace bufferscope
