// SPDX-License-Identifier: GPL-3.0-or-later
// printFormat: the canonical text of a parsed type. Parsing the canonical text again gives
// the same layout (itemsize, alignment, field names, offsets, shapes and scalar types).
//
// Canonical form: prefixes only where the mode changes ('@' start; standard modes print as
// '<' or '>', so '=' and '!' disappear), shapes as NumPy writes them ("(2,3)<i", "3i",
// "(2)10s"), generated field names omitted, and explicit 'x' padding only where alignment
// does not already produce the gap.
#pragma once

#include "format/format_types.h"

#include <string>

namespace bufferscope {

std::string printFormat(const format::Type &type);

} // namespace bufferscope
