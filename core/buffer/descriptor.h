// SPDX-License-Identifier: GPL-3.0-or-later
// The buffer descriptor: everything a Py_buffer says about a block of memory. Pure data
// and the few invariants every producer must keep; the math on it lives beside it
// (contiguity.h, addressing.h, copy.h, bounds.h, request.h).
//
// Assumptions:
//  - shape, strides and suboffsets have ndim entries each (suboffsets: or none at all);
//  - strides are signed byte distances and may be negative or zero;
//  - a negative suboffset means "no dereference" in that dimension (PEP 3118);
//  - len == product(shape) * itemsize, as CPython computes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bufferscope {

using ByteOffset = std::int64_t; // a distance in bytes
using Index = std::int64_t;      // an element index along one dimension

inline constexpr int kMaxNdim = 64; // PyBUF_MAX_NDIM

enum class Order { C, F, A }; // 'A': Fortran if F-contiguous, else C (memoryview.tobytes)

struct Descriptor
{
    std::byte *buf = nullptr; // start pointer: strides and suboffsets are applied from here
    ByteOffset len = 0;
    ByteOffset itemsize = 1;
    bool readonly = true;
    std::string format = "B";
    std::vector<std::int64_t> shape;
    std::vector<ByteOffset> strides;
    std::vector<ByteOffset> suboffsets; // empty: no suboffsets (NULL in Py_buffer)

    int ndim() const { return static_cast<int>(shape.size()); }
    bool hasSuboffsets() const { return !suboffsets.empty(); }
};

} // namespace bufferscope
