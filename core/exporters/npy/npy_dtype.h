// SPDX-License-Identifier: GPL-3.0-or-later
// NumPy's descr (a typestr such as '<f4', or a list of record fields) turned into a PEP 3118
// format string and itemsize, laid out as numpy.lib.format.descr_to_dtype lays it out: fields
// packed one after another, with ('', '|V<n>') entries as padding.
//
// The format we write is explicit rather than NumPy's own spelling: every multi-byte scalar
// carries '<' or '>' (standard size, no alignment), padding is written as '<n>x', and a
// sub-array shape comes before the byte order, as NumPy's PEP 3118 parser reads it:
//   '<f4' -> '<f', '>i8' -> '>q', '|b1' -> '?', '<U3' -> '<3w', '|V8' -> '8x',
//   [('a','<i4'),('b','>f8',(2,3)),('c',[('x','u1')])] -> 'T{<i:a:(2,3)>d:b:T{B:x:}:c:}'
// so field offsets equal NumPy's whatever alignment rules the reader would otherwise apply.
// Long double exists only in native order; inside records it is written '^g' (native size,
// no alignment), as NumPy writes it for packed records.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"
#include "exporters/npy/npy_literal.h"

#include <string>
#include <string_view>

namespace bufferscope::npy {

struct Dtype
{
    std::string format;      // PEP 3118 format string
    ByteOffset itemsize = 0; // NumPy's dtype.itemsize
};

// Errors (ErrorCategory::Format, or Limit for sizes that overflow) start with "descr: " and
// carry the file offset of the offending literal as position, e.g.
// "descr: datetime64 '<M8[ns]' has no PEP 3118 format".
Result<Dtype> dtypeFromDescr(const Literal &descr);

// The same from the Python text of a descr ("'<f4'", "[('a', '<i4')]"), for tools and tests;
// positions count from the start of the text.
Result<Dtype> dtypeFromDescrText(std::string_view pythonLiteral);

} // namespace bufferscope::npy
