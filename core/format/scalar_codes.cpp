// SPDX-License-Identifier: GPL-3.0-or-later
// Sizes and alignments of format codes. Native sizes come from this compiler's own C types,
// as struct's '@' does; standard sizes are struct's table (no alignment at all).
#include "format/scalar_codes.h"

#include <bit>
#include <complex>
#include <cstddef>
#include <cstdint>

namespace bufferscope::format {

ByteOrder hostByteOrder()
{
    return std::endian::native == std::endian::big ? ByteOrder::Big : ByteOrder::Little;
}

Mode nativeMode()
{
    return Mode{SizeMode::Native, hostByteOrder()};
}

bool isPrefixChar(char c)
{
    return c == '@' || c == '=' || c == '<' || c == '>' || c == '!' || c == '^';
}

Mode modeForPrefix(char c)
{
    switch (c) {
    case '<':
        return Mode{SizeMode::Standard, ByteOrder::Little};
    case '>':
    case '!':
        return Mode{SizeMode::Standard, ByteOrder::Big};
    case '=':
        return Mode{SizeMode::Standard, hostByteOrder()};
    case '^':
        return Mode{SizeMode::Unaligned, hostByteOrder()};
    default:
        return nativeMode();
    }
}

char prefixForMode(const Mode &mode)
{
    if (mode.sizeMode == SizeMode::Native)
        return '@';
    if (mode.sizeMode == SizeMode::Unaligned)
        return '^';
    return mode.byteOrder == ByteOrder::Little ? '<' : '>';
}

Mode modeOf(const Scalar &scalar)
{
    return Mode{scalar.sizeMode, scalar.byteOrder};
}

namespace {

struct CodeInfo
{
    char code;
    ScalarKind kind;
    std::int64_t nativeSize;
    std::int64_t nativeAlignment;
    std::int64_t standardSize; // 0: struct has no standard size for it (n N P)
};

// "g" has no standard size in struct, but ctypes exports "<g" for long double: it keeps its
// native storage size there. 'O' is pointer-sized in every mode, as NumPy reads "<O".
constexpr CodeInfo kCodes[] = {
    {'x', ScalarKind::Padding, 1, 1, 1},
    {'c', ScalarKind::Char, 1, 1, 1},
    {'b', ScalarKind::SignedInt, sizeof(signed char), alignof(signed char), 1},
    {'B', ScalarKind::UnsignedInt, sizeof(unsigned char), alignof(unsigned char), 1},
    {'?', ScalarKind::Bool, sizeof(bool), alignof(bool), 1},
    {'h', ScalarKind::SignedInt, sizeof(short), alignof(short), 2},
    {'H', ScalarKind::UnsignedInt, sizeof(unsigned short), alignof(unsigned short), 2},
    {'i', ScalarKind::SignedInt, sizeof(int), alignof(int), 4},
    {'I', ScalarKind::UnsignedInt, sizeof(unsigned int), alignof(unsigned int), 4},
    {'l', ScalarKind::SignedInt, sizeof(long), alignof(long), 4},
    {'L', ScalarKind::UnsignedInt, sizeof(unsigned long), alignof(unsigned long), 4},
    {'q', ScalarKind::SignedInt, sizeof(long long), alignof(long long), 8},
    {'Q', ScalarKind::UnsignedInt, sizeof(unsigned long long), alignof(unsigned long long), 8},
    {'n', ScalarKind::SignedInt, sizeof(std::ptrdiff_t), alignof(std::ptrdiff_t), 0},
    {'N', ScalarKind::UnsignedInt, sizeof(std::size_t), alignof(std::size_t), 0},
    {'e', ScalarKind::Float, 2, 2, 2}, // half float: struct packs it as 2 bytes, aligned to 2
    {'f', ScalarKind::Float, sizeof(float), alignof(float), 4},
    {'d', ScalarKind::Float, sizeof(double), alignof(double), 8},
    {'g', ScalarKind::Float, sizeof(long double), alignof(long double), sizeof(long double)},
    {'s', ScalarKind::Bytes, 1, 1, 1},
    {'p', ScalarKind::PascalString, 1, 1, 1},
    {'P', ScalarKind::Pointer, sizeof(void *), alignof(void *), 0},
    {'t', ScalarKind::Bit, 1, 1, 1},
    {'u', ScalarKind::Ucs2, sizeof(char16_t), alignof(char16_t), 2},
    {'w', ScalarKind::Ucs4, sizeof(char32_t), alignof(char32_t), 4},
    {'O', ScalarKind::Object, sizeof(void *), alignof(void *), sizeof(void *)},
};

const CodeInfo *findCode(char code)
{
    for (const CodeInfo &info : kCodes) {
        if (info.code == code)
            return &info;
    }
    return nullptr;
}

} // namespace

CodeLookup scalarForCode(char code, bool complex, const Mode &mode, Scalar &out)
{
    const CodeInfo *info = findCode(code);
    if (!info || (complex && code != 'f' && code != 'd' && code != 'g'))
        return CodeLookup::Unknown;
    if (mode.sizeMode == SizeMode::Standard && info->standardSize == 0)
        return CodeLookup::NoStandardSize;
    out = Scalar{};
    out.code = code;
    out.kind = complex ? ScalarKind::Complex : info->kind;
    out.sizeMode = mode.sizeMode;
    out.byteOrder = mode.byteOrder;
    const bool native = mode.sizeMode == SizeMode::Native;
    out.size = mode.sizeMode == SizeMode::Standard ? info->standardSize : info->nativeSize;
    out.alignment = native ? info->nativeAlignment : 1;
    if (complex) {
        // A complex is two components; C (and NumPy) align it like one component.
        out.size *= 2;
        if (native && code == 'f')
            out.alignment = alignof(std::complex<float>);
        else if (native && code == 'd')
            out.alignment = alignof(std::complex<double>);
        else if (native)
            out.alignment = alignof(std::complex<long double>);
    }
    return CodeLookup::Ok;
}

bool countIsLength(char code)
{
    return code == 's' || code == 'p' || code == 'x' || code == 'u' || code == 'w';
}

Scalar pointerScalar(ScalarKind kind, char code, const Mode &mode)
{
    Scalar out;
    out.code = code;
    out.kind = kind;
    out.size = sizeof(void *);
    out.sizeMode = mode.sizeMode;
    out.byteOrder = mode.byteOrder;
    out.alignment = mode.sizeMode == SizeMode::Native ? alignof(void *) : 1;
    return out;
}

} // namespace bufferscope::format
