// SPDX-License-Identifier: GPL-3.0-or-later
// Zarr dtype and fill_value parsing.
#include "exporters/chunked/zarr_dtype.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace bufferscope {

namespace {

Error unsupported(const nlohmann::json &dtype)
{
    return makeError(ErrorCategory::Value,
                     "zarr: data type " + dtype.dump() + " is not supported");
}

// The format letter of a scalar kind and size.
std::string scalarCode(char kind, std::int64_t size)
{
    switch (kind) {
    case 'b':
        return size == 1 ? "?" : "";
    case 'i':
        return size == 1 ? "b" : size == 2 ? "h" : size == 4 ? "i" : size == 8 ? "q" : "";
    case 'u':
        return size == 1 ? "B" : size == 2 ? "H" : size == 4 ? "I" : size == 8 ? "Q" : "";
    case 'f':
        return size == 2 ? "e" : size == 4 ? "f" : size == 8 ? "d" : "";
    case 'c':
        return size == 8 ? "Zf" : size == 16 ? "Zd" : "";
    default:
        return "";
    }
}

bool validFieldName(const std::string &name)
{
    return !name.empty() && name.find_first_of(":{}()") == std::string::npos;
}

std::string decodeBase64(const std::string &text, bool &ok)
{
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    ok = true;
    for (char c : text) {
        if (c == '=')
            break;
        const auto at = alphabet.find(c);
        if (at == std::string::npos) {
            ok = false;
            return {};
        }
        buffer = buffer << 6 | static_cast<std::uint32_t>(at);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>(buffer >> bits & 0xFF));
        }
    }
    return out;
}

// IEEE binary16 of a float, rounded to nearest even (no _Float16: clang 14 lacks it on x86,
// and the fuzz build uses clang). NaNs stay quiet NaNs, overflow becomes infinity.
std::uint16_t toHalf(float value)
{
    std::uint32_t f = 0;
    std::memcpy(&f, &value, 4);
    const std::uint32_t sign = (f >> 16) & 0x8000;
    const std::uint32_t exponent = (f >> 23) & 0xff;
    std::uint32_t mantissa = f & 0x7fffff;
    if (exponent == 0xff)
        return static_cast<std::uint16_t>(sign | 0x7c00 | (mantissa ? 0x200 | (mantissa >> 13) : 0));
    const int e = int(exponent) - 127 + 15;
    if (e >= 31)
        return static_cast<std::uint16_t>(sign | 0x7c00);
    std::uint32_t half = 0, rest = 0, middle = 0;
    if (e <= 0) { // subnormal or zero
        if (e < -10)
            return static_cast<std::uint16_t>(sign);
        mantissa |= 0x800000;
        const int shift = 14 - e;
        half = mantissa >> shift;
        rest = mantissa & ((1u << shift) - 1);
        middle = 1u << (shift - 1);
    } else {
        half = (std::uint32_t(e) << 10) | (mantissa >> 13);
        rest = mantissa & 0x1fff;
        middle = 0x1000;
    }
    if (rest > middle || (rest == middle && (half & 1)))
        ++half; // a carry into the exponent is still the right rounding
    return static_cast<std::uint16_t>(sign | half);
}

template<class T> void putScalar(std::vector<std::byte> &out, std::size_t at, T value)
{
    std::memcpy(out.data() + at, &value, sizeof value);
}

// A number (or NaN/Infinity text) as a double; false when it is neither.
bool floatValue(const nlohmann::json &v, double &out)
{
    if (v.is_number()) {
        out = v.get<double>();
        return true;
    }
    if (!v.is_string())
        return false;
    const std::string s = v;
    if (s == "NaN")
        out = std::numeric_limits<double>::quiet_NaN();
    else if (s == "Infinity")
        out = std::numeric_limits<double>::infinity();
    else if (s == "-Infinity")
        out = -std::numeric_limits<double>::infinity();
    else
        return false;
    return true;
}

// Writes a float of `size` bytes (little endian for now) at `at`.
bool putFloat(std::vector<std::byte> &out, std::size_t at, std::int64_t size, const nlohmann::json &v)
{
    // v3 gives raw bits as hex: "0x7fc00000".
    if (v.is_string() && v.get<std::string>().rfind("0x", 0) == 0) {
        const std::string hex = v.get<std::string>().substr(2);
        if (hex.size() != static_cast<std::size_t>(size) * 2)
            return false;
        std::uint64_t bits = 0;
        for (char c : hex) {
            const int d = std::isxdigit(static_cast<unsigned char>(c))
                              ? (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10))
                              : -1;
            if (d < 0)
                return false;
            bits = bits << 4 | static_cast<std::uint64_t>(d);
        }
        for (std::int64_t i = 0; i < size; ++i)
            out[at + std::size_t(i)] = static_cast<std::byte>(bits >> (8 * i) & 0xFF);
        return true;
    }
    double value = 0;
    if (!floatValue(v, value))
        return false;
    if (size == 8)
        putScalar(out, at, value);
    else if (size == 4)
        putScalar(out, at, static_cast<float>(value));
    else
        putScalar(out, at, toHalf(static_cast<float>(value)));
    return true;
}

void reverseItem(std::vector<std::byte> &out, std::size_t at, std::int64_t size)
{
    std::reverse(out.begin() + std::ptrdiff_t(at), out.begin() + std::ptrdiff_t(at + std::size_t(size)));
}

} // namespace

Result<ZarrItem> zarrV2Dtype(const nlohmann::json &dtype)
{
    if (dtype.is_array()) {
        ZarrItem record;
        record.kind = 'V';
        record.format = "T{";
        for (const auto &field : dtype) {
            if (!field.is_array() || field.size() < 2 || !field[0].is_string() ||
                !validFieldName(field[0].get<std::string>()))
                return unsupported(dtype);
            auto inner = zarrV2Dtype(field[1]);
            if (!inner)
                return inner.error();
            std::int64_t count = 1;
            std::string shape;
            if (field.size() > 2) {
                if (!field[2].is_array())
                    return unsupported(dtype);
                for (const auto &n : field[2]) {
                    if (!n.is_number_unsigned() || n.get<std::int64_t>() <= 0)
                        return unsupported(dtype);
                    shape += (shape.empty() ? "" : ",") + std::to_string(n.get<std::int64_t>());
                    count *= n.get<std::int64_t>();
                }
                if (!shape.empty())
                    shape = "(" + shape + ")";
            }
            record.format += shape + inner->format + ":" + field[0].get<std::string>() + ":";
            record.itemsize += count * inner->itemsize;
        }
        record.format += "}";
        if (record.itemsize == 0)
            return unsupported(dtype);
        return record;
    }
    if (!dtype.is_string())
        return unsupported(dtype);
    const std::string text = dtype;
    if (text.size() < 3)
        return unsupported(dtype);
    const char order = text[0], kind = text[1];
    if (order != '<' && order != '>' && order != '|' && order != '=')
        return unsupported(dtype);
    std::int64_t size = 0;
    for (std::size_t i = 2; i < text.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i])) || size > (std::int64_t(1) << 40))
            return unsupported(dtype);
        size = size * 10 + (text[i] - '0');
    }
    if (size <= 0)
        return unsupported(dtype);
    ZarrItem item;
    item.kind = kind;
    item.bigEndian = order == '>';
    const std::string prefix = item.bigEndian ? ">" : "<";
    if (kind == 'S' || kind == 'V') {
        item.format = prefix + std::to_string(size) + "s";
        item.itemsize = size;
        return item;
    }
    if (kind == 'U') {
        item.format = prefix + std::to_string(size) + "w";
        item.itemsize = size * 4;
        return item;
    }
    const std::string code = scalarCode(kind, size);
    if (code.empty())
        return unsupported(dtype);
    item.format = prefix + code;
    item.itemsize = size;
    return item;
}

Result<ZarrItem> zarrV3DataType(const std::string &name, bool bigEndian)
{
    struct Known
    {
        const char *name;
        char kind;
        std::int64_t size;
    };
    static constexpr Known kKnown[] = {
        {"bool", 'b', 1},     {"int8", 'i', 1},       {"int16", 'i', 2},      {"int32", 'i', 4},
        {"int64", 'i', 8},    {"uint8", 'u', 1},      {"uint16", 'u', 2},     {"uint32", 'u', 4},
        {"uint64", 'u', 8},   {"float16", 'f', 2},    {"float32", 'f', 4},    {"float64", 'f', 8},
        {"complex64", 'c', 8}, {"complex128", 'c', 16}};
    for (const Known &known : kKnown)
        if (name == known.name) {
            ZarrItem item;
            item.kind = known.kind;
            item.itemsize = known.size;
            item.bigEndian = bigEndian;
            item.format = (bigEndian ? ">" : "<") + scalarCode(known.kind, known.size);
            return item;
        }
    return makeError(ErrorCategory::Value, "zarr: data type \"" + name + "\" is not supported");
}

Result<std::vector<std::byte>> zarrFillValue(const nlohmann::json &fill, const ZarrItem &item)
{
    std::vector<std::byte> out(static_cast<std::size_t>(item.itemsize));
    if (fill.is_null())
        return out;
    const Error refused = makeError(ErrorCategory::Value, "zarr: fill value " + fill.dump() +
                                                              " does not suit format '" +
                                                              item.format + "'");
    bool ok = true;
    switch (item.kind) {
    case 'b':
        if (!fill.is_boolean() && !fill.is_number_integer())
            return refused;
        out[0] = std::byte(fill.is_boolean() ? fill.get<bool>() : fill.get<std::int64_t>() != 0);
        return out;
    case 'i':
    case 'u': {
        if (!fill.is_number_integer())
            return refused;
        const std::uint64_t bits = fill.is_number_unsigned()
                                       ? fill.get<std::uint64_t>()
                                       : static_cast<std::uint64_t>(fill.get<std::int64_t>());
        for (std::int64_t i = 0; i < item.itemsize; ++i)
            out[std::size_t(i)] = static_cast<std::byte>(bits >> (8 * i) & 0xFF);
        break;
    }
    case 'f':
        if (!putFloat(out, 0, item.itemsize, fill))
            return refused;
        break;
    case 'c': {
        const std::int64_t half = item.itemsize / 2;
        if (fill.is_array() && fill.size() == 2)
            ok = putFloat(out, 0, half, fill[0]) && putFloat(out, std::size_t(half), half, fill[1]);
        else
            ok = putFloat(out, 0, half, fill);
        if (!ok)
            return refused;
        if (item.bigEndian) {
            reverseItem(out, 0, half);
            reverseItem(out, std::size_t(half), half);
        }
        return out;
    }
    default: {
        // Strings and records: v2 writes the item's bytes in base64; a number 0 means zeros.
        if (fill.is_number() && fill.get<double>() == 0)
            return out;
        if (!fill.is_string())
            return refused;
        const std::string bytes = decodeBase64(fill.get<std::string>(), ok);
        if (!ok)
            return refused;
        std::memcpy(out.data(), bytes.data(), std::min(bytes.size(), out.size()));
        return out;
    }
    }
    if (item.bigEndian)
        reverseItem(out, 0, item.itemsize);
    return out;
}

} // namespace bufferscope
