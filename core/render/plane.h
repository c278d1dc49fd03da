// SPDX-License-Identifier: GPL-3.0-or-later
// Picks the 2-D plane of an N-D buffer that the renderer shows (two displayed axes, every
// other axis held at a fixed index) and converts its elements to float, row-major.
// Works for any descriptor: negative and zero strides, suboffsets (PIL-style rows).
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"
#include "render/numeric_type.h"

#include <span>
#include <vector>

namespace bufferscope::render {

struct PlaneSelection
{
    int rowAxis = -1;    // -1: a single row (0-D and 1-D buffers)
    int columnAxis = -1; // -1: a single column (0-D buffers)
    std::vector<Index> fixed; // one entry per dimension; the displayed axes' entries are ignored
    ComplexPart complexPart = ComplexPart::Magnitude;
};

struct PlaneShape
{
    Index rows = 1;
    Index columns = 1;
    std::int64_t count() const { return rows * columns; }
};

// The default selection: the last two axes displayed, every other axis at index 0.
PlaneSelection defaultSelection(const Descriptor &descriptor);

// Checks the selection against the descriptor: "render: row axis 3 is out of range for a
// 3-dimensional buffer", "render: index 9 is out of bounds for axis 0 with size 4".
Result<PlaneShape> planeShape(const Descriptor &descriptor, const PlaneSelection &selection);

// Refuses items too small for the element type they are read as: "render: itemsize 2 is
// smaller than the element type". Every pass that reads elements asks this first.
Status checkElementType(const Descriptor &descriptor, const NumericSource &source);

// Writes planeShape().count() floats into out (row-major). NaN and infinities pass through.
Status extractPlane(const Descriptor &descriptor, const NumericSource &source,
                    const PlaneSelection &selection, std::span<float> out);

} // namespace bufferscope::render
