// SPDX-License-Identifier: GPL-3.0-or-later
// A parsed format in NumPy's words: the typestr and descr of __array_interface__, and a
// Python expression that rebuilds the dtype (for the "Python snippet" export). Each answer
// is what NumPy 1.24 gives for an array made from a buffer with that format.
#pragma once

#include "common/result.h"
#include "format/format_types.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bufferscope {

// NumPy turns a top-level format of one unnamed item with a repeat or sub-array ("3f",
// "(2,3)d", "2T{i:a:}") into that item's dtype with extra trailing dimensions, as
// _dtype_from_pep3118 unwraps it: np.asarray of such a buffer has shape + these dims and
// typestr/descr of the item. Empty for every other format.
std::vector<std::int64_t> numpyItemShape(const format::Type &type);

// __array_interface__['typestr']: '<f4', '>i2', '|b1', '|u1', '<c8', '|S3', '<U3' (a 'w'
// run), '<f16' (long double), '|V12' (records and padding). For a format with a
// numpyItemShape, the typestr of the item. Refused (ErrorCategory::Format) when NumPy has
// no type for a part of it: "numpy: no numpy type for 'P' (pointers)", with
// " in field 'a.b'" appended when the part is a field. Refused kinds: pointers (P, &),
// python objects (O, NumPy cannot read them from a buffer), ucs-2 strings (u), bitfields
// (t), function pointers (X{}), pascal strings (p).
Result<std::string> numpyTypestr(const format::Type &type);

// __array_interface__['descr'] as JSON lists: [["", "<f4"]] for a non-record;
// [["a", "<i4"], ["", "|V4"], ["b", ">f8", [2, 3]], ["c", [["x", "|i1"]]]] for records,
// with ["", "|Vn"] for gaps and trailing padding, nested records as nested lists, exactly
// as numpy.core._internal._array_descr. Field names that are not valid UTF-8 have their bad
// bytes replaced by U+FFFD so the JSON can be written. Also refused: two fields with one
// name ("numpy: duplicate field name 'b'"), and fields that overlap or go backwards
// ("numpy: overlapping or out-of-order fields at field 'b'").
Result<nlohmann::json> numpyDescr(const format::Type &type);

// A Python expression (numpy imported as np) equal to the dtype NumPy builds from the
// format: "np.dtype('<f4')", "np.dtype(('<f4', (3,)))", or
// "np.dtype({'names': ['a'], 'formats': ['<i4'], 'offsets': [0], 'itemsize': 8})" with
// nested records as nested np.dtype({...}) and sub-arrays as ('<f8', (2, 3)).
Result<std::string> numpyDtypeExpression(const format::Type &type);

// The other direction: a type as a person types it, NumPy's way or struct's, as a PEP 3118
// format. NumPy spellings with a size ('<i2', '>f8', 'u1', '|b1', 'c8', 'f4', 'S3', 'U3',
// 'V8') and NumPy's type names ('float32', 'int16', 'uint8', 'bool', 'double', ...) become
// the struct format of the same item: '<i2' -> '<h', 'u1' -> 'B', 'c8' -> 'Zf', 'S3' -> '3s',
// 'U3' -> '3w'; an explicit '<' or '>' is kept, no order (or '=' or '|') means native.
// Every other text (PEP 3118 and struct forms: 'f', '<d', 'T{<i:a:}', '2h', '?') is returned
// unchanged for parseFormat to read or refuse (spaces around a NumPy type are forgiven). So 'f', 'd',
// '?', 'b', 'B', 'i', '<i' mean the same in both languages; the one kind that differs is
// struct's '<l'/'>l' (4 bytes, standard size), which stays struct's. Refused (ErrorCategory::
// Format) where NumPy's shape of text names a size NumPy has no type for:
// "format: data type '<i3' not understood" (NumPy's words), and where NumPy's type has no
// PEP 3118 format here: "format: data type '>f16' has no PEP 3118 format (long double is
// native order only)".
Result<std::string> formatFromTypeText(std::string_view text);

} // namespace bufferscope
