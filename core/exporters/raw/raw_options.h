// SPDX-License-Identifier: GPL-3.0-or-later
// The options that give a headerless binary file its meaning (format, shape, header offset,
// C or Fortran order), and the parser of their text forms as typed in the open dialog or on
// the command line.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bufferscope {

struct RawOptions
{
    std::string format;
    std::vector<std::int64_t> shape;
    ByteOffset offset = 0;    // bytes to skip at the start of the file (a header)
    Order order = Order::C;   // C or F; A is refused
    bool copyOnWrite = false; // writable private mapping instead of read-only
};

// Parses the texts; every refusal names the field and quotes the text (ErrorCategory::Syntax
// or Value, position = character offset into that text):
//  - format: parseFormat's own error ("format: ...");
//  - shape "3,4,5", "(3, 4)", "7," or "" / "()" for a 0-d item: entries are numbered from 0,
//    "raw: shape entry 2 is not a non-negative integer: 'x'";
//  - offset "" (0) or decimal: "raw: offset must be a non-negative integer: '-3'";
//  - order "" (C), "C"/"c", "F"/"f": "raw: order must be 'C' or 'F': 'A'".
Result<RawOptions> parseRawOptions(std::string_view format, std::string_view shapeText,
                                   std::string_view offsetText, std::string_view orderText);

} // namespace bufferscope
