// SPDX-License-Identifier: GPL-3.0-or-later
// A parsed format flattened to its leaves (the scalars a person reads), with dotted names for
// nested records: the inspector lists them as the field table, the value table makes one
// column of each. Pure C++ (no Qt), so both models share one reading of the format tree.
#pragma once

#include "format/format_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bufferscope {

struct FormatLeaf
{
    std::string name;                // "id", "sensor.gain", "position[1]"; "" for a plain scalar
    std::int64_t offset = 0;         // bytes from the start of the item
    format::Scalar scalar;           // the type of one element
    std::vector<std::int64_t> shape; // sub-array dimensions (formatFields only), else empty
    std::int64_t count = 1;          // consecutive scalars shown together (valueColumns only)
};

// Every leaf field of `type` for a field table: nested records flattened to dotted names,
// sub-arrays kept whole with their shape (a record inside a sub-array contributes its leaves
// with the sub-array's shape in front of theirs, at the first element's offset).
std::vector<FormatLeaf> formatFields(const format::Type &type);

// The columns of a value table: like formatFields, but sub-arrays of at most
// `maxExpanded` elements become one column per element ("position[0]", "m[1,2]"); larger
// scalar sub-arrays stay one column whose `count` scalars are shown as a list, and larger
// record sub-arrays are expanded for their first `maxExpanded` elements only.
std::vector<FormatLeaf> valueColumns(const format::Type &type, std::int64_t maxExpanded = 16);

// The element's type in NumPy's words where NumPy has one ("<f8", "|b1", "|S6"), else the
// struct code ("P", "&i", "O").
std::string scalarTypeText(const format::Scalar &scalar);

// "little", "big", or "|" for types whose byte order does not matter (one byte, bytes).
std::string byteOrderText(const format::Scalar &scalar);

} // namespace bufferscope
