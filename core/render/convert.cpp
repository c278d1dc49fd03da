// SPDX-License-Identifier: GPL-3.0-or-later
#include "render/convert.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

namespace bufferscope::render {

float halfToFloat(std::uint16_t bits)
{
    const std::uint32_t sign = (bits & 0x8000u) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1f;
    const std::uint32_t mantissa = bits & 0x3ffu;
    if (exponent == 0) { // zero or subnormal: mantissa * 2^-24
        const float value = std::ldexp(static_cast<float>(mantissa), -24);
        return sign ? -value : value;
    }
    std::uint32_t result;
    if (exponent == 0x1f) // infinity or NaN (payload kept)
        result = sign | 0x7f800000u | (mantissa << 13);
    else
        result = sign | ((exponent + 112) << 23) | (mantissa << 13);
    return std::bit_cast<float>(result);
}

namespace {

template<class T, bool Swap> inline T load(const std::byte *p)
{
    std::array<std::byte, sizeof(T)> bytes;
    std::memcpy(bytes.data(), p, sizeof(T));
    if constexpr (Swap)
        std::reverse(bytes.begin(), bytes.end());
    return std::bit_cast<T>(bytes);
}

// Reads element type Storage and converts it to float.
template<class Storage, bool Swap> struct Real
{
    static float read(const std::byte *p, ComplexPart)
    {
        return static_cast<float>(load<Storage, Swap>(p));
    }
};

template<bool Swap> struct Half
{
    static float read(const std::byte *p, ComplexPart)
    {
        return halfToFloat(load<std::uint16_t, Swap>(p));
    }
};

template<bool Swap> struct BoolValue
{
    static float read(const std::byte *p, ComplexPart)
    {
        return load<std::uint8_t, Swap>(p) ? 1.0f : 0.0f;
    }
};

template<bool Swap> struct LongDoubleValue
{
    static float read(const std::byte *p, ComplexPart)
    {
        std::array<std::byte, 16> bytes;
        std::memcpy(bytes.data(), p, 16);
        if constexpr (Swap)
            std::reverse(bytes.begin(), bytes.end());
        long double value;
        std::memcpy(&value, bytes.data(), sizeof(long double) < 16 ? sizeof(long double) : 16);
        return static_cast<float>(value);
    }
};

template<class Component, bool Swap> struct ComplexValue
{
    static float read(const std::byte *p, ComplexPart part)
    {
        const Component re = load<Component, Swap>(p);
        const Component im = load<Component, Swap>(p + sizeof(Component));
        switch (part) {
        case ComplexPart::Real:
            return static_cast<float>(re);
        case ComplexPart::Imaginary:
            return static_cast<float>(im);
        case ComplexPart::Phase:
            return static_cast<float>(std::atan2(im, re));
        case ComplexPart::Magnitude:
            break;
        }
        return static_cast<float>(std::hypot(re, im));
    }
};

template<class Reader>
void runLoop(const std::byte *first, ByteOffset stride, Index count, float *out, ComplexPart part)
{
    for (Index i = 0; i < count; ++i)
        out[i] = Reader::read(first + i * stride, part);
}

template<bool Swap>
void dispatch(NumericType type, ComplexPart part, const std::byte *first, ByteOffset stride,
              Index count, float *out)
{
    switch (type) {
    case NumericType::Bool:
        return runLoop<BoolValue<Swap>>(first, stride, count, out, part);
    case NumericType::Int8:
        return runLoop<Real<std::int8_t, Swap>>(first, stride, count, out, part);
    case NumericType::UInt8:
        return runLoop<Real<std::uint8_t, Swap>>(first, stride, count, out, part);
    case NumericType::Int16:
        return runLoop<Real<std::int16_t, Swap>>(first, stride, count, out, part);
    case NumericType::UInt16:
        return runLoop<Real<std::uint16_t, Swap>>(first, stride, count, out, part);
    case NumericType::Int32:
        return runLoop<Real<std::int32_t, Swap>>(first, stride, count, out, part);
    case NumericType::UInt32:
        return runLoop<Real<std::uint32_t, Swap>>(first, stride, count, out, part);
    case NumericType::Int64:
        return runLoop<Real<std::int64_t, Swap>>(first, stride, count, out, part);
    case NumericType::UInt64:
        return runLoop<Real<std::uint64_t, Swap>>(first, stride, count, out, part);
    case NumericType::Float16:
        return runLoop<Half<Swap>>(first, stride, count, out, part);
    case NumericType::Float32:
        return runLoop<Real<float, Swap>>(first, stride, count, out, part);
    case NumericType::Float64:
        return runLoop<Real<double, Swap>>(first, stride, count, out, part);
    case NumericType::LongDouble:
        return runLoop<LongDoubleValue<Swap>>(first, stride, count, out, part);
    case NumericType::Complex64:
        return runLoop<ComplexValue<float, Swap>>(first, stride, count, out, part);
    case NumericType::Complex128:
        return runLoop<ComplexValue<double, Swap>>(first, stride, count, out, part);
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// Byte-swapped float32 items, eight a step with one shuffle (AVX2 chosen at run time; the
// build stays baseline x86-64). Returns how many items it converted.
__attribute__((target("avx2"))) Index swapFloatsAvx2(const std::byte *first, Index count, float *out)
{
    if (!__builtin_cpu_supports("avx2"))
        return 0;
    const __m256i reverse = _mm256_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
                                             3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
    Index i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(first + i * 4));
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + i), _mm256_shuffle_epi8(v, reverse));
    }
    return i;
}
#else
Index swapFloatsAvx2(const std::byte *, Index, float *)
{
    return 0;
}
#endif

} // namespace

void convertRun(const NumericSource &source, ComplexPart part, const std::byte *first,
                ByteOffset stride, Index count, float *out)
{
    // Adjacent float32 items, the common case of a heatmap: a copy, or a vector byte swap
    // (the generic loop goes item by item).
    if (source.type == NumericType::Float32 && stride == 4 && count > 0) {
        if (!source.byteSwapped) {
            std::memcpy(out, first, static_cast<std::size_t>(count) * 4);
            return;
        }
        for (Index i = swapFloatsAvx2(first, count, out); i < count; ++i) {
            std::uint32_t bits;
            std::memcpy(&bits, first + i * 4, 4);
            bits =
                (bits >> 24) | ((bits >> 8) & 0xff00u) | ((bits << 8) & 0xff0000u) | (bits << 24);
            std::memcpy(out + i, &bits, 4);
        }
        return;
    }
    if (source.byteSwapped)
        dispatch<true>(source.type, part, first, stride, count, out);
    else
        dispatch<false>(source.type, part, first, stride, count, out);
}

float convertOne(const NumericSource &source, ComplexPart part, const std::byte *element)
{
    float value = 0;
    convertRun(source, part, element, 0, 1, &value);
    return value;
}

} // namespace bufferscope::render
