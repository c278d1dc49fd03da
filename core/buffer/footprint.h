// SPDX-License-Identifier: GPL-3.0-or-later
// The byte footprint of a view: which bytes of one allocation its elements read, as sorted
// merged intervals, and the inverse (which elements read a given byte). The hex view paints
// the first and answers clicks with the second.
//
// Assumptions:
//  - the descriptor is valid and in bounds (verifyBounds): pointers of suboffset views are
//    followed with elementPointer, which trusts the memory it reads;
//  - offsets are relative to the start of `allocation`; nothing outside it is reported.
//
// Suboffsets: the dimensions up to the last one with suboffsets[i] >= 0 are walked per index
// prefix ("blocks": the rows of a PIL image). The pointer slots each block reads are part of
// the footprint (they are read to reach the element). A block whose bytes lie outside the
// allocation is skipped and counted in blocksOutside, so the footprint of the pointer array
// of a PIL image is its pointer slots, and each row allocation has its own footprint.
#pragma once

#include "buffer/descriptor.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace bufferscope {

// Half-open [begin, end) byte interval.
struct ByteRange
{
    ByteOffset begin = 0;
    ByteOffset end = 0;

    ByteOffset size() const { return end - begin; }
    bool contains(ByteOffset offset) const { return begin <= offset && offset < end; }
    bool operator==(const ByteRange &) const = default;
};

struct Footprint
{
    std::vector<ByteRange> ranges; // sorted, disjoint, non-adjacent, inside the allocation
    // false: more than maxRanges intervals were needed, so inner patterns were replaced by
    // their covering range; ranges is then a superset of the exact footprint (for direct
    // descriptors), or covers only the first maxBlocks blocks (suboffsets, see below).
    bool exact = true;
    std::int64_t blocksOutside = 0; // suboffset blocks not wholly inside the allocation
    std::int64_t blocksSkipped = 0; // suboffset blocks beyond maxBlocks, not followed

    ByteOffset byteCount() const;
    bool contains(ByteOffset offset) const; // binary search
};

inline constexpr std::size_t kDefaultMaxRanges = std::size_t(1) << 16;
inline constexpr std::int64_t kDefaultMaxBlocks = std::int64_t(1) << 20;

// The bytes of `allocation` the elements of `descriptor` read. Work is O(maxRanges log) for
// direct descriptors whatever their size (a contiguous 4 GiB view is one range), plus one
// pointer walk per block for suboffset descriptors.
Footprint footprint(const Descriptor &descriptor, std::span<const std::byte> allocation,
                    std::size_t maxRanges = kDefaultMaxRanges,
                    std::int64_t maxBlocks = kDefaultMaxBlocks);

// The indices of elements whose item bytes (or, with suboffsets, whose pointer slots) include
// allocation[byteOffset], at most `limit` of them, sorted in C order. Solved axis by axis
// with interval pruning, not by enumerating the view. When more than `limit` elements read
// the byte, which `limit` are returned is deterministic but unspecified.
std::vector<std::vector<Index>> elementsReading(const Descriptor &descriptor,
                                                std::span<const std::byte> allocation,
                                                ByteOffset byteOffset, std::size_t limit);

// The item bytes of one element relative to the allocation start. Rows of PIL images live in
// other allocations, so the range may lie outside [0, allocation.size()): check before use.
// Precondition: as elementPointer.
ByteRange elementBytes(const Descriptor &descriptor, std::span<const Index> index,
                       std::span<const std::byte> allocation);

// Sorts and merges overlapping or touching ranges in place.
void mergeRanges(std::vector<ByteRange> &ranges);

} // namespace bufferscope
