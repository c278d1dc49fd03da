// SPDX-License-Identifier: GPL-3.0-or-later
// Applying view-expression steps (expression.h) to a descriptor: pure descriptor math, no
// data is copied. Each step behaves as NumPy 1.24 does on the same array (shape, strides,
// first element, refusals and their texts) and .cast as CPython 3.11's memoryview.cast.
//
// Suboffsets (PIL-style views), which NumPy cannot express, follow CPython's memoryview
// slicing (init_slice in Objects/memoryobject.c): moving the start of dimension d adds
// strides[d] * start to the suboffset of the nearest dimension before d whose suboffset is
// non-negative, or to buf when there is none:
//
//   dims:        0 (ptr, subo 0)   1 (subo -1)   2 (subo -1)
//   [1:, 2:]  ─► buf += 1*strides[0];  suboffsets[0] += 2*strides[1]
//
// Further rules, decided here because memoryview has no such operations:
//  - an integer index on a dimension with a suboffset >= 0 follows _testbuffer's
//    ndarray[i]: it is allowed only when no kept dimension precedes it, and then reads the
//    pointer (buf + strides[d] * i) and continues at that pointer + suboffsets[d];
//  - a transpose may only permute dimensions inside one "dereference group" (the dimensions
//    up to and including one with a suboffset >= 0), since the order of dereferences is fixed;
//  - reshape and .view with a new itemsize on a last axis that dereferences are refused;
//  - field selection adds the field offset like a slice on a dimension past the last;
//  - suboffsets that are all negative are dropped: such a view is plain strided memory.
#pragma once

#include "buffer/byte_reader.h"
#include "buffer/descriptor.h"
#include "common/result.h"
#include "views/expression.h"

#include <string_view>

namespace bufferscope {

// Errors carry NumPy's or memoryview's text, e.g. Bounds "index 9 is out of bounds for axis 1
// with size 5", Value "cannot reshape array of size 12 into shape (5,2)", Type "memoryview:
// casts are restricted to C-contiguous views".
// `reader`: the root exporter's for read-on-demand buffers (exporter.h), whose pointers an
// integer index on a dereferenced axis reads through it; null for local memory.
Result<Descriptor> applyStep(const Descriptor &descriptor, const Step &step,
                             const ByteReader *reader = nullptr);

// Parses and applies every step in order. A syntax error is returned as parseExpression
// gives it; a failing step is reported with its number (1-based), canonical text and column
// (1-based; Error::position is the step's 0-based position) and keeps the step's category:
// "expression: step 2 '.reshape(5, 2)' at column 7: cannot reshape array of size 12 into
// shape (5,2)".
Result<Descriptor> applyExpression(const Descriptor &descriptor, std::string_view expression,
                                   const ByteReader *reader = nullptr);
Result<Descriptor> applySteps(const Descriptor &descriptor, const std::vector<Step> &steps,
                              const ByteReader *reader = nullptr);

namespace steps {
// One function per kind of step (steps_index.cpp, steps_axes.cpp, steps_format.cpp).
Result<Descriptor> index(const Descriptor &in, const std::vector<IndexItem> &items,
                         const ByteReader *reader = nullptr);
Result<Descriptor> transpose(const Descriptor &in, const Step &step);
Result<Descriptor> swapAxes(const Descriptor &in, const Step &step);
Result<Descriptor> reshape(const Descriptor &in, const std::vector<std::int64_t> &dims);
Result<Descriptor> view(const Descriptor &in, const std::string &typeText);
Result<Descriptor> field(const Descriptor &in, const std::string &name);
Result<Descriptor> cast(const Descriptor &in, const Step &step);

// Shared helpers (steps.cpp).
// Adds `offset` where a start move on dimension `dim` belongs (the rule above); dim may be
// ndim for "after the last dimension". Fails only on 64-bit overflow.
Status addStartOffset(Descriptor &d, int dim, ByteOffset offset);
// Recomputes len from shape and itemsize and drops all-negative suboffsets.
Status finish(Descriptor &d, std::string_view operation);
// a * b, or nullopt on 64-bit overflow.
std::optional<std::int64_t> checkedMultiply(std::int64_t a, std::int64_t b);
} // namespace steps

} // namespace bufferscope
