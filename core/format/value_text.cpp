// SPDX-License-Identifier: GPL-3.0-or-later
// Python-style reprs of decoded values (formatScalarValue and its pieces). Floats take their
// shortest round-trip digits from std::to_chars and are then laid out as CPython's
// float_repr does; strings are escaped as bytes.__repr__ and str.__repr__ do.
#include "format/value_text.h"

#include "format/decode.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <type_traits>

namespace bufferscope {

namespace {

// This file speaks in the format tree's words throughout.
using namespace format;

// A finite value as decimal digits d1 d2 ... dn and the position of the decimal point:
// value = 0.d1d2...dn x 10^decpt (so 1.5 is {"15", 1}).
struct Decimal
{
    bool negative = false;
    std::string digits;
    int decpt = 0;
};

// Parses std::to_chars scientific output: "-1.2345e+02" or "1e-05" or "1.500e+00".
Decimal fromScientific(std::string_view text)
{
    Decimal decimal;
    if (!text.empty() && text.front() == '-') {
        decimal.negative = true;
        text.remove_prefix(1);
    }
    const auto e = text.find('e');
    for (char c : text.substr(0, e))
        if (c != '.')
            decimal.digits.push_back(c);
    int exponent = 0;
    const auto exponentText = text.substr(e + 1);
    const char *first = exponentText.data();
    if (*first == '+')
        ++first;
    std::from_chars(first, exponentText.data() + exponentText.size(), exponent);
    while (decimal.digits.size() > 1 && decimal.digits.back() == '0')
        decimal.digits.pop_back();
    decimal.decpt = exponent + 1;
    return decimal;
}

template<class T> Decimal shortestDecimal(T value)
{
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    return fromScientific(std::string_view(buffer, result.ptr));
}

// CPython's repr rule (format_float_short, mode 0): exponent notation when the decimal
// point is more than 16 places right or 4 or more places left; "1e+16", "1e-05".
std::string layout(const Decimal &decimal, bool addDotZero, bool forceSign)
{
    std::string out;
    if (decimal.negative)
        out.push_back('-');
    else if (forceSign)
        out.push_back('+');
    const auto &digits = decimal.digits;
    const int n = static_cast<int>(digits.size());
    const int decpt = decimal.decpt;
    if (decpt <= -4 || decpt > 16) {
        out.push_back(digits[0]);
        if (n > 1) {
            out.push_back('.');
            out.append(digits, 1);
        }
        const int exponent = decpt - 1;
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "e%c%02d", exponent < 0 ? '-' : '+',
                      exponent < 0 ? -exponent : exponent);
        out += buffer;
    } else if (decpt <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-decpt), '0');
        out += digits;
    } else if (decpt < n) {
        out.append(digits, 0, static_cast<std::size_t>(decpt));
        out.push_back('.');
        out.append(digits, static_cast<std::size_t>(decpt));
    } else {
        out += digits;
        out.append(static_cast<std::size_t>(decpt - n), '0');
        if (addDotZero)
            out += ".0";
    }
    return out;
}

// nan has no sign in Python's repr; inf keeps it.
template<class T> std::optional<std::string> nonFinite(T value, bool forceSign)
{
    if (std::isnan(value))
        return std::string(forceSign ? "+nan" : "nan");
    if (std::isinf(value))
        return std::string(value < 0 ? "-inf" : (forceSign ? "+inf" : "inf"));
    return std::nullopt;
}

// Rounds a double to the nearest binary16 value (ties to even), returned as a float.
float roundToHalf(double value)
{
    const double magnitude = std::fabs(value);
    if (!std::isfinite(value))
        return static_cast<float>(value);
    if (magnitude >= 65520.0) // halfway between 65504 (largest half) and 65536 rounds up
        return std::copysign(std::numeric_limits<float>::infinity(), static_cast<float>(value));
    int exponent = 0;
    std::frexp(magnitude, &exponent);
    // Spacing of halves around the value: 2^(e-11) for normals, 2^-24 for subnormals.
    const double quantum = std::ldexp(1.0, std::max(exponent - 1, -14) - 10);
    const double rounded = std::nearbyint(magnitude / quantum) * quantum;
    return static_cast<float>(std::copysign(rounded, value));
}

// The fewest significant digits (at most 5) that read back as the same half.
Decimal shortestHalfDecimal(float value)
{
    char buffer[64];
    for (int precision = 0; precision < 5; ++precision) {
        const auto result =
            std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(value),
                          std::chars_format::scientific, precision);
        double parsed = 0.0;
        std::from_chars(buffer, result.ptr, parsed);
        if (roundToHalf(parsed) == value)
            return fromScientific(std::string_view(buffer, result.ptr));
    }
    return shortestDecimal(value); // 5 digits always suffice; kept for safety
}

template<class T> std::string realRepr(T value, bool addDotZero, bool forceSign)
{
    if (auto text = nonFinite(value, forceSign))
        return *text;
    return layout(shortestDecimal(value), addDotZero, forceSign);
}

std::string halfPart(float value, bool addDotZero, bool forceSign)
{
    if (auto text = nonFinite(value, forceSign))
        return *text;
    return layout(shortestHalfDecimal(value), addDotZero, forceSign);
}

// complex.__repr__: a +0.0 real part is left out, and then so are the parentheses.
template<class T> std::string complexReprOf(T real, T imag)
{
    if (real == 0 && !std::signbit(real))
        return realRepr(imag, false, false) + "j";
    return "(" + realRepr(real, false, false) + realRepr(imag, false, true) + "j)";
}

void appendHex(std::string &out, char prefix, std::uint32_t value, int width)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "\\%c%0*x", prefix, width, value);
    out += buffer;
}

void appendUtf8(std::string &out, char32_t c)
{
    if (c > 0x1fffff)
        c = U'\ufffd'; // beyond what four UTF-8 bytes can carry
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xc0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xe0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    } else {
        out.push_back(static_cast<char>(0xf0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    }
}

// Python picks double quotes only when the text holds ' and no ".
template<class Range> char chooseQuote(const Range &units)
{
    bool single = false;
    bool dbl = false;
    for (auto c : units) {
        single = single || c == '\'';
        dbl = dbl || c == '"';
    }
    return single && !dbl ? '"' : '\'';
}

// Escapes shared by bytes and str for code units below 0x80; false when not handled.
bool appendAsciiEscaped(std::string &out, std::uint32_t c, char quote)
{
    if (c == static_cast<std::uint32_t>(quote) || c == '\\') {
        out.push_back('\\');
        out.push_back(static_cast<char>(c));
    } else if (c == '\t') {
        out += "\\t";
    } else if (c == '\n') {
        out += "\\n";
    } else if (c == '\r') {
        out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
        appendHex(out, 'x', c, 2);
    } else if (c < 0x7f) {
        out.push_back(static_cast<char>(c));
    } else {
        return false;
    }
    return true;
}

} // namespace

std::string halfRepr(float value)
{
    return halfPart(value, true, false);
}
std::string floatRepr(float value)
{
    return realRepr(value, true, false);
}
std::string doubleRepr(double value)
{
    return realRepr(value, true, false);
}
std::string longDoubleRepr(long double value)
{
    return realRepr(value, true, false);
}

std::string complexRepr(float real, float imag)
{
    return complexReprOf(real, imag);
}
std::string complexRepr(double real, double imag)
{
    return complexReprOf(real, imag);
}
std::string complexRepr(long double real, long double imag)
{
    return complexReprOf(real, imag);
}

std::u32string decodeUtf8(std::string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            out.push_back(lead);
            ++i;
            continue;
        }
        // Sequence length and the allowed range of the second byte, which is what rules
        // out overlong forms, surrogates and values above U+10FFFF (Unicode table 3-7).
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            low = lead == 0xe0 ? 0xa0 : 0x80;
            high = lead == 0xed ? 0x9f : 0xbf;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            low = lead == 0xf0 ? 0x90 : 0x80;
            high = lead == 0xf4 ? 0x8f : 0xbf;
        }
        char32_t value = lead & (0x7f >> length);
        std::size_t taken = 1;
        while (taken < length && i + taken < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + taken]);
            if (next < (taken == 1 ? low : 0x80) || next > (taken == 1 ? high : 0xbf))
                break;
            value = (value << 6) | (next & 0x3f);
            ++taken;
        }
        // As CPython's errors='replace': a bad lead byte, or the longest valid start of a
        // sequence that breaks off, becomes one U+FFFD.
        out.push_back(length != 0 && taken == length ? value : U'\ufffd');
        i += taken;
    }
    return out;
}

std::string encodeUtf8(std::u32string_view codePoints)
{
    std::string out;
    out.reserve(codePoints.size());
    for (char32_t c : codePoints)
        appendUtf8(out, c);
    return out;
}

std::string bytesRepr(std::string_view data)
{
    const char quote = chooseQuote(data);
    std::string out = "b";
    out.push_back(quote);
    for (char ch : data) {
        const auto c = static_cast<unsigned char>(ch);
        if (!appendAsciiEscaped(out, c, quote))
            appendHex(out, 'x', c, 2);
    }
    out.push_back(quote);
    return out;
}

std::string textRepr(std::u32string_view codePoints)
{
    const char quote = chooseQuote(codePoints);
    std::string out(1, quote);
    for (char32_t c : codePoints) {
        if (appendAsciiEscaped(out, c, quote))
            continue;
        if (isPrintableCodePoint(c))
            appendUtf8(out, c);
        else if (c <= 0xff)
            appendHex(out, 'x', c, 2);
        else if (c <= 0xffff)
            appendHex(out, 'u', c, 4);
        else
            appendHex(out, 'U', c, 8);
    }
    out.push_back(quote);
    return out;
}

std::string formatScalarValue(const ScalarValue &value)
{
    return std::visit(
        [](const auto &v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, NoValue>)
                return {};
            else if constexpr (std::is_same_v<T, bool>)
                return v ? "True" : "False";
            else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t>)
                return std::to_string(v);
            else if constexpr (std::is_same_v<T, Half>)
                return halfRepr(v.value);
            else if constexpr (std::is_floating_point_v<T>)
                return realRepr(v, true, false);
            else if constexpr (std::is_same_v<T, Bytes>)
                return bytesRepr(v.data);
            else if constexpr (std::is_same_v<T, Text>)
                return textRepr(v.codePoints);
            else if constexpr (std::is_same_v<T, Pointer>) {
                char buffer[24];
                std::snprintf(buffer, sizeof buffer, "0x%llx",
                              static_cast<unsigned long long>(v.address));
                return buffer;
            } else
                return complexRepr(v.real(), v.imag());
        },
        value);
}

} // namespace bufferscope
