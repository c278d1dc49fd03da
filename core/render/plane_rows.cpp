// SPDX-License-Identifier: GPL-3.0-or-later
#include "render/plane_rows.h"

#include "buffer/addressing.h"
#include "render/convert.h"

#include <algorithm>

namespace bufferscope::render {

PlaneRegion clampRegion(PlaneRegion region, PlaneShape plane)
{
    if (plane.count() == 0)
        return {};
    if (region.isEmpty())
        return {0, 0, plane.rows, plane.columns};
    region.row = std::clamp<Index>(region.row, 0, plane.rows - 1);
    region.column = std::clamp<Index>(region.column, 0, plane.columns - 1);
    region.rows = std::clamp<Index>(region.rows, 1, plane.rows - region.row);
    region.columns = std::clamp<Index>(region.columns, 1, plane.columns - region.column);
    return region;
}

PlaneRowReader::PlaneRowReader(const Descriptor &descriptor, const NumericSource &source,
                               const PlaneSelection &selection, PlaneRegion region, Swap swap)
    : m_descriptor(descriptor), m_source(source), m_selection(selection), m_region(region),
      m_index(selection.fixed),
      m_scratch(static_cast<std::size_t>(std::clamp<Index>(region.columns, 1, kPlaneChunk)))
{
    m_columnStride = selection.columnAxis >= 0
                         ? descriptor.strides[static_cast<std::size_t>(selection.columnAxis)]
                         : 0;
    // A row is linear unless a dimension at or after the column axis dereferences a pointer
    // (PyBuffer_GetPointer applies suboffsets in dimension order, so only later dereferences
    // break the constant step).
    if (descriptor.hasSuboffsets()) {
        for (int axis = std::max(selection.columnAxis, 0); axis < descriptor.ndim(); ++axis)
            m_linear = m_linear && descriptor.suboffsets[static_cast<std::size_t>(axis)] < 0;
    }
    m_direct = m_linear && source.type == NumericType::Float32 && m_columnStride == 4 &&
               (swap == Swap::Allowed || !source.byteSwapped);
}

const std::byte *PlaneRowReader::rowStart(Index row)
{
    if (m_selection.rowAxis >= 0)
        m_index[static_cast<std::size_t>(m_selection.rowAxis)] = m_region.row + row;
    if (!m_linear)
        return nullptr;
    if (m_selection.columnAxis >= 0)
        m_index[static_cast<std::size_t>(m_selection.columnAxis)] = m_region.column;
    return elementPointer(m_descriptor, m_index);
}

void PlaneRowReader::readRow(Index row, float *out)
{
    convertChunk(rowStart(row), 0, m_region.columns, out);
}

void PlaneRowReader::convertChunk(const std::byte *first, Index column, Index count, float *out)
{
    if (m_linear) {
        convertRun(m_source, m_selection.complexPart, first + column * m_columnStride,
                   m_columnStride, count, out);
        return;
    }
    if (m_selection.columnAxis < 0) { // a single cell
        out[0] = convertOne(m_source, m_selection.complexPart, elementPointer(m_descriptor, m_index));
        return;
    }
    const auto axis = static_cast<std::size_t>(m_selection.columnAxis);
    for (Index k = 0; k < count; ++k) {
        m_index[axis] = m_region.column + column + k;
        out[k] = convertOne(m_source, m_selection.complexPart, elementPointer(m_descriptor, m_index));
    }
}

} // namespace bufferscope::render
