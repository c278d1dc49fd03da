// SPDX-License-Identifier: GPL-3.0-or-later
// The way back from decode.h: text a person typed for one scalar, turned into the bytes of
// that scalar in its own size and byte order, as Python stores the number it reads from the
// same text (struct.pack for the struct codes, NumPy for complex). The
// Values table writes these bytes in place.
#pragma once

#include "common/result.h"
#include "format/format_types.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace bufferscope {

// What each kind takes (ASCII only: no '_' separators, no other scripts' digits, which
// int() and float() also read; surrounding spaces and tabs are ignored):
//  - integers b B h H i I l L q Q n N: int(text) with ASCII digits and an optional sign, in
//    range for the item's size ("-1" is refused for unsigned types, as struct refuses it);
//  - floats e f d: float(text) (also "nan", "inf", "-inf"), rounded to nearest even; a
//    finite value too large for 'e' or 'f' is refused, as struct.pack refuses it;
//  - complex Zf Zd: complex(text) ("1+2j", "(1-2.5j)", "3j", "2", "nan+infj"), each part
//    rounded to the component type, a finite part too large for it refused;
//  - bool ?: True/False, true/false, 1/0.
// Refusals (ErrorCategory::Value), texts quoted as typed:
//  "value: 'x' is not an integer", "value: 'x' is not a number",
//  "value: 'x' is not a complex number", "value: 'x' is not True or False",
//  "value: 300 is out of range for 'B' (0 to 255)",
//  "value: 1e40 is too large for 'f'", "value: 1e40j is too large for 'Zf'",
//  "value: cannot write 's' items from text" (characters, strings, pointers, padding, and
//  long double 'g'/'Zg', whose text NumPy and Python read differently).
Result<std::vector<std::byte>> encodeScalar(const format::Scalar &scalar, std::string_view text);

// Whether encodeScalar takes text for this scalar at all (a number or a bool of a size the
// code can have).
bool isTextEncodable(const format::Scalar &scalar);

} // namespace bufferscope
