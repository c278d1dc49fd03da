// SPDX-License-Identifier: GPL-3.0-or-later
// Whether every byte a descriptor's elements reach is readable, without trusting the memory:
// direct layouts are turned into byte ranges by core's footprint and probed a byte per page;
// suboffset layouts have their pointer arrays read through ProcessMemory (never by
// dereferencing), and the rows they lead to probed the same way.
//
// A suboffset layout is walked as bounds.h describes it: the dimensions up to each
// dereferencing one form a region read from one base; each pointer read there, plus the
// dimension's suboffset, is the base of the next region.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"
#include "process_memory.h"

#include <cstdint>

namespace bufferscope {

struct ElementProbe
{
    Status status;             // the first unreadable element, pointer slot or row
    bool complete = true;      // false: more than maxPointers pointers, the rest not followed
    std::int64_t pointers = 0; // suboffset pointers read
    std::int64_t ranges = 0;   // byte ranges probed
};

// Precondition: descriptor's structure is sane (ndim <= 64, shape >= 0, itemsize > 0,
// strides and suboffsets of ndim entries or empty); len is not used.
// Refusals (Bounds), prefixed to ProcessMemory's text:
//   "elements: read: 8 bytes at 0x10..0x18 are not readable (first bad byte at 0x10)"
//   "pointer [2]: read: 8 bytes at ... are not readable (...)"
//   Limit "elements: byte offsets overflow in dimension 1"
ElementProbe probeElements(const Descriptor &descriptor, const ProcessMemory &memory,
                           std::int64_t maxPointers);

// The lowest and one-past-highest byte offset from buf that a direct layout's elements reach
// (negative strides included); nullopt when the offsets overflow.
struct ByteExtent
{
    ByteOffset low = 0;
    ByteOffset high = 0;
};
std::optional<ByteExtent> directExtent(std::span<const std::int64_t> shape,
                                       std::span<const ByteOffset> strides, ByteOffset itemsize);

} // namespace bufferscope
