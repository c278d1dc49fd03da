// SPDX-License-Identifier: GPL-3.0-or-later
// parseFormat: PEP 3118 / struct format text -> a laid-out type tree (format_types.h).
//
// Layout contract:
//  - a top-level multi-item string ("ib") is laid out as struct.calcsize does: '@' aligns each
//    item to its C alignment, and there is NO trailing padding (calcsize('ib') == 5);
//  - a T{...} record is laid out as NumPy's PEP 3118 parser does: C layout under '@' with
//    trailing padding to the record's alignment, unnamed fields named f0, f1...;
//  - a prefix applies to everything after it in the text, also after a '}' (NumPy's reading);
//    '&' targets and X{} signatures are read in their own scope, starting at '@'.
// The empty string (and a lone prefix) parses to an empty struct of itemsize 0, as both
// struct.calcsize('') and NumPy do; consumers that need a non-zero itemsize refuse it.
#pragma once

#include "common/result.h"
#include "format/format_types.h"

#include <string_view>

namespace bufferscope {

namespace format {
// T{, & and X{ may nest at most this deep ("format: nesting deeper than 64 levels at ...").
inline constexpr int kMaxNesting = 64;
} // namespace format

// Errors: ErrorCategory::Syntax for text that does not follow the grammar, Limit for sizes
// that overflow 64 bits or nesting past kMaxNesting. The message ends "at column N" (1-based)
// and Error::position is the same place, 0-based.
Result<format::FormatLayout> parseFormat(std::string_view text);

} // namespace bufferscope
