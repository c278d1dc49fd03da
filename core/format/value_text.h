// SPDX-License-Identifier: GPL-3.0-or-later
// Python-style text for decoded values: the pieces formatScalarValue (decode.h) is built
// from, exposed so other displays (tooltips, exports) print numbers and strings the same way.
#pragma once

#include <string>
#include <string_view>

namespace bufferscope {

// repr(float) layout for the shortest digits that round-trip at each type's own precision:
// "0.1", "1e+16", "1e-05", "-0.0", "nan", "inf", "-inf". Like CPython's float_repr, fixed
// notation is used while the decimal point falls within -4 < exponent < 16, and ".0" is
// added to integral values in fixed notation.
std::string halfRepr(float value); // value must be exactly a binary16 value
std::string floatRepr(float value);
std::string doubleRepr(double value);
std::string longDoubleRepr(long double value);

// Complex as CPython's complex.__repr__: "(1+2j)", "2j" when the real part is +0.0,
// "(-0-1j)", "(nan+infj)"; the parts carry no ".0".
std::string complexRepr(float real, float imag);
std::string complexRepr(double real, double imag);
std::string complexRepr(long double real, long double imag);

// bytes.__repr__: b'..' (b".." when the data has ' and no "), \t \n \r \\ and \xhh escapes.
std::string bytesRepr(std::string_view data);

// str.__repr__ of the given code points, as UTF-8: non-printable ones escaped as \xhh,
// \uhhhh or \Uhhhhhhhh. Lone surrogates and values above U+10FFFF (which Python cannot
// hold) are escaped the same way.
std::string textRepr(std::u32string_view codePoints);

// UTF-8 <-> code points. Decoding replaces what is not UTF-8 with U+FFFD exactly as
// bytes.decode('utf-8', 'replace') does (one per bad byte or broken-off sequence). Encoding
// writes any value below 2^21 as is (surrogates included, so the result is only UTF-8 for
// valid code points) and U+FFFD for larger ones.
std::u32string decodeUtf8(std::string_view text);
std::string encodeUtf8(std::u32string_view codePoints);

// CPython's str.isprintable() for one code point (generated table, value_text_unicode.cpp).
bool isPrintableCodePoint(char32_t codePoint);

} // namespace bufferscope
