// SPDX-License-Identifier: GPL-3.0-or-later
// Reads one element of a parsed format (format::Scalar) out of raw bytes as a typed value,
// honouring the scalar's byte order, so views can show it and renderers can plot it.
#pragma once

#include "common/result.h"
#include "format/format_types.h"

#include <complex>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

namespace bufferscope::format {

// 'x': padding carries no value.
struct NoValue
{
    friend bool operator==(const NoValue &, const NoValue &) = default;
};

// 'e': IEEE binary16. Every half is exactly a float; the wrapper keeps the source precision
// so that formatScalarValue prints the shortest digits that round-trip as a half.
struct Half
{
    float value = 0.0f;
    friend bool operator==(const Half &, const Half &) = default;
};

// 'c', 's', 'p': raw bytes (for 'p' only the counted part), printed as b'...'.
struct Bytes
{
    std::string data;
    friend bool operator==(const Bytes &, const Bytes &) = default;
};

// 'u', 'w': code points exactly as stored (UCS-2 surrogate pairs joined), trailing NULs
// removed as NumPy does for 'U'. Lone surrogates and values above U+10FFFF are kept, so
// formatScalarValue can show them escaped instead of losing them.
struct Text
{
    std::u32string codePoints;
    friend bool operator==(const Text &, const Text &) = default;
};

// 'P', '&...', 'O' and 'X{}': an address, printed as 0x....
struct Pointer
{
    std::uint64_t address = 0;
    friend bool operator==(const Pointer &, const Pointer &) = default;
};

// One decoded element. Which alternative a code gives:
//   x -> NoValue; ? -> bool; b h i l q n -> int64_t; B H I L Q N, t -> uint64_t;
//   e -> Half; f -> float; d -> double; g -> long double;
//   Zf/Zd/Zg -> std::complex<float/double/long double>;
//   c s p -> Bytes; u w -> Text; P & O X{} -> Pointer.
// float and complex<float> stay single precision so display shows float32 digits
// ("0.1", not "0.10000000149011612").
using ScalarValue = std::variant<NoValue, bool, std::int64_t, std::uint64_t, Half, float, double,
                                 long double, std::complex<float>, std::complex<double>,
                                 std::complex<long double>, Bytes, Text, Pointer>;

} // namespace bufferscope::format

namespace bufferscope {

// Decodes the first scalar.size bytes of `bytes`. Fails with a Bounds error when fewer bytes
// are given, and with a Format error for a size the code cannot have (an 'i' of 3 bytes).
// Long double 'g' is the x86-64 80-bit extended format in the low 10 bytes of its 16 (for
// big-endian the whole item is reversed first, as NumPy's '>f16' stores it); encodings the
// 387 FPU rejects (unnormals, pseudo-NaN, pseudo-infinity) decode as NaN.
Result<format::ScalarValue> decodeScalar(const format::Scalar &scalar,
                                         std::span<const std::byte> bytes);

// Python-like text for display: ints plain, True/False, floats as repr(float) does it
// (shortest digits that round-trip at the source precision; nan, inf, -inf), complex as
// (1+2j) / 2j, bytes as b'..', text as '..' (str repr escapes), pointers as 0x1f, and
// an empty string for padding.
std::string formatScalarValue(const format::ScalarValue &value);

// The value as a number for rendering: integers, bool (0/1) and real floats; std::nullopt
// for complex, bytes, text, pointers and padding.
std::optional<double> toDouble(const format::ScalarValue &value);

} // namespace bufferscope
