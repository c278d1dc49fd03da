// SPDX-License-Identifier: GPL-3.0-or-later
// The size and alignment of every single-character format code under each prefix: the table
// that both the parser (layout) and the printer (prefixes) consult.
#pragma once

#include "format/format_types.h"

#include <optional>

namespace bufferscope::format {

// The prefix state while reading a format ('^' is {Unaligned, host order}): '@' is {Native, host order}; '=' '<' '>' '!' are
// Standard with the resolved byte order.
struct Mode
{
    SizeMode sizeMode = SizeMode::Native;
    ByteOrder byteOrder = ByteOrder::Little;

    friend bool operator==(const Mode &, const Mode &) = default;
};

ByteOrder hostByteOrder();
Mode nativeMode();
bool isPrefixChar(char c);
// The mode a prefix character selects ('@', '=', '<', '>', '!', '^'); c must be a prefix char.
Mode modeForPrefix(char c);
// The canonical prefix character for a mode: '@', '^', '<' or '>'.
char prefixForMode(const Mode &mode);
Mode modeOf(const Scalar &scalar);

enum class CodeLookup { Ok, Unknown, NoStandardSize };

// One item of a plain code (not T{}, &, X{}); for 'Z' pass the component code with
// complex = true. The count is not applied here.
CodeLookup scalarForCode(char code, bool complex, const Mode &mode, Scalar &out);

// Codes whose repeat count is a length inside one item ("10s" is one 10-byte string, "3x"
// three bytes of padding) rather than a sub-array.
bool countIsLength(char code);

// The pointer-sized scalar used for '&' targets and X{} function pointers.
Scalar pointerScalar(ScalarKind kind, char code, const Mode &mode);

} // namespace bufferscope::format
