// SPDX-License-Identifier: GPL-3.0-or-later
// Small questions asked of formats by the rest of core: a field by name, whether a text is
// a destination memoryview.cast accepts, and the scalar of a single-scalar format.
#pragma once

#include "format/format_types.h"

#include <optional>
#include <string_view>

namespace bufferscope {

// The direct field called `name`; failing that, a dotted path through nested records
// ("a.b"). nullptr when there is none (or when type is not a struct).
const format::Field *findField(const format::Type &type, std::string_view name);

// Exactly what memoryview.cast accepts as its destination (CPython 3.11): one native struct
// character, optionally after '@' ("B", "@q"); 'e' and 's' are not among them.
bool isNativeSingleCharFormat(std::string_view text);

// The scalar when `text` parses to one scalar item ("<i", "Zd", "10s"), else nullopt.
std::optional<format::Scalar> singleScalar(std::string_view text);

} // namespace bufferscope
