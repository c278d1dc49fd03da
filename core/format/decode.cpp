// SPDX-License-Identifier: GPL-3.0-or-later
// decodeScalar and toDouble: from the bytes of one element to a typed ScalarValue. Every
// multi-byte value is assembled into the machine's order first, then reinterpreted.
#include "format/decode.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

namespace bufferscope {

namespace {

// This file speaks in the format tree's words throughout.
using namespace format;

// Copies `size` bytes into `out` in the machine's order (reversing when the stored order
// differs), so memcpy into a native type gives the value.
void toNativeOrder(std::span<const std::byte> in, ByteOrder order, std::byte *out)
{
    const bool storedLittle = order == ByteOrder::Little;
    const bool machineLittle = std::endian::native == std::endian::little;
    if (storedLittle == machineLittle)
        std::copy(in.begin(), in.end(), out);
    else
        std::reverse_copy(in.begin(), in.end(), out);
}

// Reads an unsigned integer of 1..8 bytes in the given byte order.
std::uint64_t readUnsigned(std::span<const std::byte> in, ByteOrder order)
{
    std::uint64_t value = 0;
    const std::size_t n = in.size();
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t index = order == ByteOrder::Little ? n - 1 - i : i;
        value = (value << 8) | std::to_integer<std::uint64_t>(in[index]);
    }
    return value;
}

std::int64_t signExtend(std::uint64_t value, std::size_t bytes)
{
    if (bytes >= 8)
        return static_cast<std::int64_t>(value);
    const unsigned bits = static_cast<unsigned>(bytes * 8);
    const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
    // (v ^ sign) - sign sign-extends without shifting into the sign bit.
    return static_cast<std::int64_t>((value ^ sign) - sign);
}

template<class T> T readNative(std::span<const std::byte> in, ByteOrder order)
{
    std::array<std::byte, sizeof(T)> buffer{};
    toNativeOrder(in.first(sizeof(T)), order, buffer.data());
    T value;
    std::memcpy(&value, buffer.data(), sizeof(T));
    return value;
}

// IEEE binary16 -> float, exactly: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
float halfToFloat(std::uint16_t bits)
{
    const bool negative = (bits & 0x8000u) != 0;
    const int exponent = (bits >> 10) & 0x1f;
    const int fraction = bits & 0x3ff;
    float magnitude;
    if (exponent == 0x1f) {
        if (fraction == 0) {
            magnitude = std::numeric_limits<float>::infinity();
        } else {
            // Keep the payload: the 10 fraction bits become the top of float's 23.
            const std::uint32_t floatBits =
                0x7f800000u | (static_cast<std::uint32_t>(fraction) << 13);
            magnitude = std::bit_cast<float>(floatBits);
        }
    } else if (exponent == 0) {
        magnitude = std::ldexp(static_cast<float>(fraction), -24); // subnormal
    } else {
        magnitude = std::ldexp(static_cast<float>(fraction + 0x400), exponent - 25);
    }
    return negative ? -magnitude : magnitude;
}

// x87 80-bit extended (little-endian in bytes[0..9]) -> long double.
long double extendedToLongDouble(const std::byte *bytes)
{
    const std::uint64_t mantissa = readUnsigned(std::span(bytes, 8), ByteOrder::Little);
    const auto signExponent =
        static_cast<std::uint16_t>(readUnsigned(std::span(bytes + 8, 2), ByteOrder::Little));
    const bool negative = (signExponent & 0x8000u) != 0;
    int exponent = signExponent & 0x7fff;
    const bool integerBit = (mantissa >> 63) != 0;
    const long double nan = std::numeric_limits<long double>::quiet_NaN();

    // Encodings the 387 refuses as operands: treat them as NaN rather than hand them on.
    if (exponent != 0 && !integerBit)
        return negative ? -nan : nan; // unnormal, pseudo-NaN, pseudo-infinity
    if (exponent == 0 && integerBit)
        exponent = 1; // pseudo-denormal: same value as the normal with exponent 1

    if constexpr (LDBL_MANT_DIG == 64 && sizeof(long double) >= 10 &&
                  std::endian::native == std::endian::little) {
        // The machine's own format: copy, so NaN payloads survive.
        std::array<std::byte, sizeof(long double)> buffer{};
        std::memcpy(buffer.data(), &mantissa, 8);
        const std::uint16_t fixedSignExponent =
            static_cast<std::uint16_t>((signExponent & 0x8000u) | exponent);
        std::memcpy(buffer.data() + 8, &fixedSignExponent, 2);
        long double value;
        std::memcpy(&value, buffer.data(), sizeof(long double));
        return value;
    } else {
        long double magnitude;
        if (exponent == 0x7fff)
            magnitude = (mantissa << 1) == 0 ? std::numeric_limits<long double>::infinity() : nan;
        else
            magnitude = std::ldexp(static_cast<long double>(mantissa), exponent - 16383 - 63);
        return negative ? -magnitude : magnitude;
    }
}

long double readLongDouble(std::span<const std::byte> in, ByteOrder order)
{
    if (in.size() == 8)
        return static_cast<long double>(readNative<double>(in, order));
    std::array<std::byte, 32> buffer{};
    // Reversing the whole item puts a big-endian value's 10 significant bytes first.
    if (order == ByteOrder::Little)
        std::copy(in.begin(), in.end(), buffer.begin());
    else
        std::reverse_copy(in.begin(), in.end(), buffer.begin());
    return extendedToLongDouble(buffer.data());
}

Error sizeError(const Scalar &scalar)
{
    return makeError(ErrorCategory::Format, "decode: unsupported size " +
                                                std::to_string(scalar.size) + " for '" +
                                                std::string(1, scalar.code) + "'");
}

bool isLongDoubleSize(std::int64_t size)
{
    return size == 8 || size == 10 || size == 12 || size == 16;
}

Result<ScalarValue> decodeFloat(const Scalar &scalar, std::span<const std::byte> in)
{
    switch (scalar.code) {
    case 'e':
        if (scalar.size == 2)
            return ScalarValue(
                Half{halfToFloat(static_cast<std::uint16_t>(readUnsigned(in, scalar.byteOrder)))});
        break;
    case 'f':
        if (scalar.size == 4)
            return ScalarValue(readNative<float>(in, scalar.byteOrder));
        break;
    case 'd':
        if (scalar.size == 8)
            return ScalarValue(readNative<double>(in, scalar.byteOrder));
        break;
    case 'g':
        if (isLongDoubleSize(scalar.size))
            return ScalarValue(readLongDouble(in, scalar.byteOrder));
        break;
    default:
        break;
    }
    return sizeError(scalar);
}

Result<ScalarValue> decodeComplex(const Scalar &scalar, std::span<const std::byte> in)
{
    const auto half = static_cast<std::size_t>(scalar.size / 2);
    // Each component is stored in the scalar's byte order on its own (NumPy's '>c8').
    const auto re = in.first(half);
    const auto im = in.subspan(half, half);
    switch (scalar.code) {
    case 'f':
        if (scalar.size == 8)
            return ScalarValue(std::complex<float>(readNative<float>(re, scalar.byteOrder),
                                                   readNative<float>(im, scalar.byteOrder)));
        break;
    case 'd':
        if (scalar.size == 16)
            return ScalarValue(std::complex<double>(readNative<double>(re, scalar.byteOrder),
                                                    readNative<double>(im, scalar.byteOrder)));
        break;
    case 'g':
        if (scalar.size % 2 == 0 && isLongDoubleSize(scalar.size / 2))
            return ScalarValue(std::complex<long double>(readLongDouble(re, scalar.byteOrder),
                                                         readLongDouble(im, scalar.byteOrder)));
        break;
    default:
        break;
    }
    return sizeError(scalar);
}

// 'u' (UCS-2; surrogate pairs are joined as UTF-16 would) and 'w' (UCS-4).
Text decodeText(const Scalar &scalar, std::span<const std::byte> in)
{
    Text text;
    const std::size_t unit = scalar.kind == ScalarKind::Ucs2 ? 2 : 4;
    const std::size_t count = in.size() / unit;
    text.codePoints.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        auto codePoint =
            static_cast<char32_t>(readUnsigned(in.subspan(i * unit, unit), scalar.byteOrder));
        if (unit == 2 && codePoint >= 0xd800 && codePoint < 0xdc00 && i + 1 < count) {
            const auto low = static_cast<char32_t>(
                readUnsigned(in.subspan((i + 1) * unit, unit), scalar.byteOrder));
            if (low >= 0xdc00 && low < 0xe000) {
                codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
                ++i;
            }
        }
        text.codePoints.push_back(codePoint);
    }
    // NumPy's 'U' drops trailing NULs: a 'w' field of "ab\0" reads as 'ab'.
    while (!text.codePoints.empty() && text.codePoints.back() == 0)
        text.codePoints.pop_back();
    return text;
}

Bytes toBytes(std::span<const std::byte> in)
{
    Bytes bytes;
    bytes.data.resize(in.size());
    if (!in.empty())
        std::memcpy(bytes.data.data(), in.data(), in.size());
    return bytes;
}

} // namespace

Result<ScalarValue> decodeScalar(const Scalar &scalar, std::span<const std::byte> bytes)
{
    if (scalar.size < 0)
        return sizeError(scalar);
    const auto size = static_cast<std::size_t>(scalar.size);
    if (bytes.size() < size)
        return makeError(ErrorCategory::Bounds, "decode: '" + std::string(1, scalar.code) +
                                                    "' needs " + std::to_string(size) +
                                                    " bytes, got " + std::to_string(bytes.size()));
    const auto in = bytes.first(size);
    const bool integerSize = size == 1 || size == 2 || size == 4 || size == 8;

    switch (scalar.kind) {
    case ScalarKind::Padding:
        return ScalarValue(NoValue{});
    case ScalarKind::Char:
    case ScalarKind::Bytes:
        return ScalarValue(toBytes(in));
    case ScalarKind::PascalString: {
        if (size == 0)
            return ScalarValue(Bytes{});
        // As struct.unpack: the first byte counts, clamped to the room that follows it.
        const std::size_t length =
            std::min<std::size_t>(std::to_integer<std::size_t>(in[0]), size - 1);
        return ScalarValue(toBytes(in.subspan(1, length)));
    }
    case ScalarKind::Bool:
        if (size != 1)
            return sizeError(scalar);
        // As struct.unpack('?'): any non-zero byte is True.
        return ScalarValue(in[0] != std::byte{0});
    case ScalarKind::SignedInt:
        if (!integerSize)
            return sizeError(scalar);
        return ScalarValue(signExtend(readUnsigned(in, scalar.byteOrder), size));
    case ScalarKind::UnsignedInt:
    case ScalarKind::Bit:
        if (!integerSize && !(scalar.kind == ScalarKind::Bit && size >= 1 && size <= 8))
            return sizeError(scalar);
        return ScalarValue(readUnsigned(in, scalar.byteOrder));
    case ScalarKind::Float:
        return decodeFloat(scalar, in);
    case ScalarKind::Complex:
        return decodeComplex(scalar, in);
    case ScalarKind::Ucs2:
        if (size % 2 != 0)
            return sizeError(scalar);
        return ScalarValue(decodeText(scalar, in));
    case ScalarKind::Ucs4:
        if (size % 4 != 0)
            return sizeError(scalar);
        return ScalarValue(decodeText(scalar, in));
    case ScalarKind::Pointer:
    case ScalarKind::Object:
    case ScalarKind::FunctionPointer:
        if (size != 4 && size != 8)
            return sizeError(scalar);
        return ScalarValue(Pointer{readUnsigned(in, scalar.byteOrder)});
    }
    return sizeError(scalar);
}

std::optional<double> toDouble(const ScalarValue &value)
{
    return std::visit(
        [](const auto &v) -> std::optional<double> {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>)
                return v ? 1.0 : 0.0;
            else if constexpr (std::is_same_v<T, Half>)
                return static_cast<double>(v.value);
            else if constexpr (std::is_arithmetic_v<T>)
                return static_cast<double>(v);
            else
                return std::nullopt;
        },
        value);
}

} // namespace bufferscope
