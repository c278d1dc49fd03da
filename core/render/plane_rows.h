// SPDX-License-Identifier: GPL-3.0-or-later
// Walks a rectangle of a displayed plane row by row, handing out runs of float32 items: read
// straight from the buffer when the row's items are adjacent float32 (native, or byte-swapped
// when the caller accepts that), otherwise converted a chunk at a time into a small float
// buffer that stays in the L1 cache. Every renderer reads the buffer through this one walk.
#pragma once

#include "buffer/descriptor.h"
#include "render/numeric_type.h"
#include "render/plane.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bufferscope::render {

// A rectangle of plane cells; an empty one (rows or columns 0) means the whole plane.
struct PlaneRegion
{
    Index row = 0;
    Index column = 0;
    Index rows = 0;
    Index columns = 0;
    bool isEmpty() const { return rows <= 0 || columns <= 0; }
    bool operator==(const PlaneRegion &) const = default;
};

// The region cut to the plane (an empty one becomes the whole plane; a plane without cells
// gives an empty region).
PlaneRegion clampRegion(PlaneRegion region, PlaneShape plane);

// One run handed to the callback: `count` float32 items at `items` (byte-swapped when
// `swapped`), standing for cells (row, column .. column + count) of the region.
struct PlaneRun
{
    const std::byte *items;
    Index count;
    bool swapped;
    Index row;    // 0-based inside the region
    Index column; // 0-based inside the region
};

class PlaneRowReader
{
public:
    enum class Swap { Allowed, Convert }; // Convert: runs are always native floats

    // `selection` must have passed planeShape(); `region` must lie inside the plane.
    PlaneRowReader(const Descriptor &descriptor, const NumericSource &source,
                   const PlaneSelection &selection, PlaneRegion region, Swap swap);

    // f(const PlaneRun &) for each run, row after row; stops early (returning false) as soon
    // as `keepGoing()` says no, asked once per row.
    template<class F, class G> bool forEachRun(F &&f, G &&keepGoing);
    template<class F> void forEachRun(F &&f)
    {
        forEachRun(f, [] { return true; });
    }

    // Writes row `row` of the region (region.columns native floats) straight into `out`, no
    // intermediate chunk: for callers that keep the floats.
    void readRow(Index row, float *out);

private:
    const std::byte *rowStart(Index row);
    void convertChunk(const std::byte *first, Index column, Index count, float *out);

    const Descriptor &m_descriptor;
    const NumericSource &m_source;
    const PlaneSelection &m_selection;
    PlaneRegion m_region;
    std::vector<Index> m_index;
    std::vector<float> m_scratch;
    ByteOffset m_columnStride = 0;
    bool m_linear = true; // a row's items are m_columnStride bytes apart
    bool m_direct = false; // ... and are float32 the caller takes as they are
};

// Floats converted at a time on the slow paths: 8 KiB, well inside L1.
inline constexpr Index kPlaneChunk = 2048;

template<class F, class G> bool PlaneRowReader::forEachRun(F &&f, G &&keepGoing)
{
    for (Index row = 0; row < m_region.rows; ++row) {
        if (!keepGoing())
            return false;
        const std::byte *first = rowStart(row);
        if (m_direct) {
            f(PlaneRun{first, m_region.columns, m_source.byteSwapped, row, 0});
            continue;
        }
        for (Index column = 0; column < m_region.columns; column += kPlaneChunk) {
            const Index count = std::min(kPlaneChunk, m_region.columns - column);
            convertChunk(first, column, count, m_scratch.data());
            f(PlaneRun{reinterpret_cast<const std::byte *>(m_scratch.data()), count, false, row,
                       column});
        }
    }
    return true;
}

} // namespace bufferscope::render
