// SPDX-License-Identifier: GPL-3.0-or-later
// A value typed into the Values table, turned into the bytes of one scalar of the buffer's
// format, as struct.pack packs a Python number of that type: integers in range only, floats
// rounded to nearest (a finite value too large for 'f' is refused, as struct refuses it),
// bools from True/False/1/0. Pure C++ (no Qt); tests/widgets compares with struct.pack.
#pragma once

#include "common/result.h"
#include "format/format_types.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace bufferscope {

// Refusals (ErrorCategory::Value), texts quoted as typed:
//  "value: 'x' is not an integer", "value: 'x' is not a number",
//  "value: 'x' is not True or False",
//  "value: 300 is out of range for 'B' (0 to 255)",
//  "value: 1e+40 is too large for 'f'",
//  "value: cannot write 's' items from text" (kinds other than integers, f/d floats, bools).
Result<std::vector<std::byte>> encodeScalar(const format::Scalar &scalar, std::string_view text);

} // namespace bufferscope
