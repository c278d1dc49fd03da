// SPDX-License-Identifier: GPL-3.0-or-later
// renderPlane: walks the plane's rows twice. Float32 rows whose items are adjacent (native or
// byte-swapped) are read straight from the buffer; any other row is converted a chunk at a
// time into a small float buffer that stays in the L1 cache, then treated the same way.
#include "render/fused_render.h"

#include "buffer/addressing.h"
#include "render/convert.h"
#include "render/fused_kernels.h"

#include <algorithm>
#include <string>
#include <vector>

namespace bufferscope::render {

namespace {

constexpr Index kChunk = 2048; // floats converted at a time: 8 KiB, well inside L1

class RowWalker
{
public:
    RowWalker(const Descriptor &descriptor, const NumericSource &source,
              const PlaneSelection &selection, PlaneShape shape)
        : m_descriptor(descriptor), m_source(source), m_selection(selection), m_shape(shape),
          m_index(selection.fixed),
          m_scratch(static_cast<std::size_t>(std::min<Index>(kChunk, shape.columns)))
    {
        m_columnStride = selection.columnAxis >= 0
                             ? descriptor.strides[static_cast<std::size_t>(selection.columnAxis)]
                             : 0;
        // As in plane.cpp: a row is linear unless a dimension at or after the column axis
        // dereferences a pointer (PyBuffer_GetPointer applies suboffsets in dimension order).
        m_linear = true;
        if (descriptor.hasSuboffsets()) {
            for (int axis = std::max(selection.columnAxis, 0); axis < descriptor.ndim(); ++axis)
                m_linear = m_linear && descriptor.suboffsets[static_cast<std::size_t>(axis)] < 0;
        }
        m_direct = m_linear && source.type == NumericType::Float32 && m_columnStride == 4;
    }

    // f(const std::byte *float32Items, count, swapped, firstPixel) for every run of the plane.
    template<class F> void forEachRun(F &&f)
    {
        for (Index row = 0; row < m_shape.rows; ++row) {
            if (m_selection.rowAxis >= 0)
                m_index[static_cast<std::size_t>(m_selection.rowAxis)] = row;
            const std::int64_t rowStart = row * m_shape.columns;
            if (m_linear && m_selection.columnAxis >= 0)
                m_index[static_cast<std::size_t>(m_selection.columnAxis)] = 0;
            const std::byte *first = m_linear ? elementPointer(m_descriptor, m_index) : nullptr;
            if (m_direct) {
                f(first, m_shape.columns, m_source.byteSwapped, rowStart);
                continue;
            }
            for (Index column = 0; column < m_shape.columns; column += kChunk) {
                const Index count = std::min(kChunk, m_shape.columns - column);
                float *chunk = m_scratch.data();
                if (m_linear) {
                    convertRun(m_source, m_selection.complexPart, first + column * m_columnStride,
                               m_columnStride, count, chunk);
                } else {
                    for (Index k = 0; k < count; ++k) {
                        m_index[static_cast<std::size_t>(m_selection.columnAxis)] = column + k;
                        chunk[k] = convertOne(m_source, m_selection.complexPart,
                                              elementPointer(m_descriptor, m_index));
                    }
                }
                f(reinterpret_cast<const std::byte *>(chunk), count, false, rowStart + column);
            }
        }
    }

private:
    const Descriptor &m_descriptor;
    const NumericSource &m_source;
    const PlaneSelection &m_selection;
    PlaneShape m_shape;
    std::vector<Index> m_index;
    std::vector<float> m_scratch;
    ByteOffset m_columnStride = 0;
    bool m_linear = true;
    bool m_direct = false;
};

} // namespace

Result<RenderedPlane> renderPlane(const Descriptor &descriptor, const NumericSource &source,
                                  const PlaneSelection &selection, const Gradient &gradient,
                                  const ColourScale &scale, RangeMode range,
                                  std::span<std::uint32_t> out)
{
    auto shape = planeShape(descriptor, selection);
    if (!shape)
        return shape.error();
    if (static_cast<std::int64_t>(out.size()) < shape->count())
        return makeError(ErrorCategory::Value,
                         "render: output holds " + std::to_string(out.size()) +
                             " pixels, the plane has " + std::to_string(shape->count()));
    RenderedPlane rendered;
    rendered.shape = *shape;
    rendered.scale = scale;
    if (shape->count() == 0)
        return rendered;
    if (descriptor.itemsize < byteSize(source.type))
        return makeError(ErrorCategory::Format, "render: itemsize " +
                                                    std::to_string(descriptor.itemsize) +
                                                    " is smaller than the element type");

    RowWalker walker(descriptor, source, selection, *shape);
    detail::StatisticsAccumulator accumulator;
    walker.forEachRun([&](const std::byte *items, Index count, bool swapped, std::int64_t) {
        if (swapped)
            detail::accumulateStatistics<true>(items, count, accumulator);
        else
            detail::accumulateStatistics<false>(items, count, accumulator);
    });
    rendered.statistics = accumulator.result();
    if (range == RangeMode::FiniteMinMax) {
        rendered.scale.low = rendered.statistics.min;
        rendered.scale.high = rendered.statistics.max;
    }
    const detail::MapTable table(gradient, rendered.scale);
    std::uint32_t *pixels = out.data();
    walker.forEachRun([&](const std::byte *items, Index count, bool swapped, std::int64_t first) {
        if (swapped)
            detail::mapColours<true>(items, count, table, pixels + first);
        else
            detail::mapColours<false>(items, count, table, pixels + first);
    });
    return rendered;
}

} // namespace bufferscope::render
