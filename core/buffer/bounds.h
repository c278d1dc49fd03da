// SPDX-License-Identifier: GPL-3.0-or-later
// Proves that every element of a descriptor lies inside the memory it claims, without
// visiting every element: a direct descriptor spans [buf + min, buf + max + itemsize), where
// min and max are the extreme byte offsets the strides reach (negative strides included);
// with suboffsets each pointer array is checked as a region, then every pointer in it is read
// (O(rows) for a PIL image) and the part below is checked from there.
//
// Each region must lie inside ONE allocation: the one holding its first element (index 0 in
// the region's dimensions). That is stronger than "every element is in some allocation", and
// it is what an exporter of real arrays guarantees.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <span>

namespace bufferscope {

// Refusals, after validateDescriptor's (byte offsets are from the start of the allocation
// holding the region's first element):
//   Limit  "bounds: byte offsets overflow in dimension 1"
//   Bounds "bounds: element [0, 0] lies outside every allocation"
//   Bounds "bounds: element [3, 0] at byte 48 lies outside the 40-byte buffer"
//   Bounds "bounds: element [0, 1] at byte -8 lies outside the 40-byte buffer"
//   Bounds "bounds: pointer [2] lies outside every allocation"
//   Bounds "bounds: pointer [2] at byte 16 lies outside the 16-byte buffer"
// The element named is the one reaching farthest out (lowest or highest address). A
// pointer is named by the index that leads to it (the prefix up to its dimension) and
// needs sizeof(void*) bytes. Zero-sized descriptors are always in bounds.
Status verifyBounds(const Descriptor &descriptor,
                    std::span<const std::span<const std::byte>> allocations);

} // namespace bufferscope
