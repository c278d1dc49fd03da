// SPDX-License-Identifier: GPL-3.0-or-later
// Which chunk each cell of a shown plane comes from: the geometry of the chunk overlay, the
// render job's prefetch list and its progress count. A plane is a 2-D selection (render/
// plane.h) of any view of a chunked array (steps, negative steps, transposes, fixed
// indices); its cell (r, c) is at byte offset o + r * sr + c * sc of the C-contiguous array,
// and that offset's array index gives the chunk.
//
// Assumptions:
//  - the rows and the columns move along disjoint sets of array axes (true for every view
//    made by indexing and transposing); then chunk(r, c) = base + rowPart(r) + columnPart(c)
//    and the grid is a set of row spans and column spans. A plane where both move the same
//    axis (a reshape across chunk rows, a cast of the last axis) is refused;
//  - a cell belongs to the chunk of its first byte (a cell of a cast view may straddle two);
//  - image mode: the caller asks once per channel selection.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"
#include "exporters/chunked/chunk_source.h"
#include "render/plane.h"
#include "render/plane_rows.h"

#include <cstdint>
#include <vector>

namespace bufferscope {

// Cells [first, first + count) of one plane axis lie in chunks whose id part is `part`.
struct ChunkSpan
{
    Index first = 0;
    Index count = 0;
    std::int64_t part = 0;
};

struct ChunkPlaneGrid
{
    render::PlaneShape shape{0, 0};
    std::int64_t base = 0; // the id of the chunk of cell (0, 0), minus its row and column parts
    std::vector<ChunkSpan> rows, columns; // in plane order, covering every row / column

    // The chunk id (C order over the grid) of a cell inside the plane.
    std::uint64_t chunkAt(Index row, Index column) const;
    // The distinct chunks of the cells of `region` (empty: the whole plane), sorted.
    std::vector<std::uint64_t> chunkIds(const render::PlaneRegion &region = {}) const;
    // The spans of one axis that meet [first, first + count).
    static std::vector<ChunkSpan> spansIn(const std::vector<ChunkSpan> &spans, Index first,
                                          Index count);
};

// The grid of `plane` (a descriptor whose addresses are the array's, at `base` =
// ChunkReader::kBaseAddress) under `selection`. Refusals:
//   Structure "chunk grid: the plane has suboffsets"
//   Value "chunk grid: rows and columns of the plane move along the same array axis 1"
//   Bounds "chunk grid: cell (0, 3) lies outside the array", and planeShape's errors.
Result<ChunkPlaneGrid> chunkPlaneGrid(const ChunkedArrayInfo &info, std::uint64_t base,
                                      const Descriptor &plane,
                                      const render::PlaneSelection &selection);

} // namespace bufferscope
