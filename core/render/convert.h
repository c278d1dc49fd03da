// SPDX-License-Identifier: GPL-3.0-or-later
// The inner loop of rendering: convert a strided run of elements of one numeric type to
// float. One instantiation per type and byte order, so the loop body has no branches.
#pragma once

#include "buffer/descriptor.h"
#include "render/numeric_type.h"

#include <cstddef>

namespace bufferscope::render {

// Converts `count` elements starting at `first`, `stride` bytes apart, into out[0..count).
void convertRun(const NumericSource &source, ComplexPart part, const std::byte *first,
                ByteOffset stride, Index count, float *out);

// Converts one element (for paths that address elements one by one, e.g. suboffsets).
float convertOne(const NumericSource &source, ComplexPart part, const std::byte *element);

float halfToFloat(std::uint16_t bits);

} // namespace bufferscope::render
