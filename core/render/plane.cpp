// SPDX-License-Identifier: GPL-3.0-or-later
#include "render/plane.h"

#include "buffer/addressing.h"
#include "render/convert.h"

#include <algorithm>
#include <string>

namespace bufferscope::render {

PlaneSelection defaultSelection(const Descriptor &descriptor)
{
    PlaneSelection selection;
    const int ndim = descriptor.ndim();
    selection.fixed.assign(static_cast<std::size_t>(ndim), 0);
    if (ndim >= 2) {
        selection.rowAxis = ndim - 2;
        selection.columnAxis = ndim - 1;
    } else if (ndim == 1) {
        selection.columnAxis = 0;
    }
    return selection;
}

static Status checkAxis(const char *role, int axis, int ndim)
{
    if (axis < -1 || axis >= ndim) {
        return makeError(ErrorCategory::Value, std::string("render: ") + role + " axis " +
                                                   std::to_string(axis) + " is out of range for a " +
                                                   std::to_string(ndim) + "-dimensional buffer");
    }
    return {};
}

Result<PlaneShape> planeShape(const Descriptor &descriptor, const PlaneSelection &selection)
{
    const int ndim = descriptor.ndim();
    if (auto status = checkAxis("row", selection.rowAxis, ndim); !status)
        return status.error();
    if (auto status = checkAxis("column", selection.columnAxis, ndim); !status)
        return status.error();
    if (selection.rowAxis >= 0 && selection.rowAxis == selection.columnAxis)
        return makeError(ErrorCategory::Value, "render: row and column axis are both " +
                                                   std::to_string(selection.rowAxis));
    if (static_cast<int>(selection.fixed.size()) != ndim) {
        return makeError(ErrorCategory::Value,
                         "render: " + std::to_string(selection.fixed.size()) +
                             " fixed indices given for a " + std::to_string(ndim) +
                             "-dimensional buffer");
    }
    for (int axis = 0; axis < ndim; ++axis) {
        if (axis == selection.rowAxis || axis == selection.columnAxis)
            continue;
        const Index index = selection.fixed[static_cast<std::size_t>(axis)];
        const std::int64_t size = descriptor.shape[static_cast<std::size_t>(axis)];
        if (index < 0 || index >= size) {
            return makeError(ErrorCategory::Bounds, "render: index " + std::to_string(index) +
                                                        " is out of bounds for axis " +
                                                        std::to_string(axis) + " with size " +
                                                        std::to_string(size));
        }
    }
    PlaneShape shape;
    shape.rows = selection.rowAxis >= 0 ? descriptor.shape[static_cast<std::size_t>(selection.rowAxis)] : 1;
    shape.columns = selection.columnAxis >= 0
                        ? descriptor.shape[static_cast<std::size_t>(selection.columnAxis)]
                        : 1;
    return shape;
}

// True when the elements of a row are `stride` bytes apart in memory: no dimension at or
// after the column axis dereferences a pointer (PyBuffer_GetPointer applies suboffsets in
// dimension order, so only later dereferences break the linear step).
static bool rowIsLinear(const Descriptor &descriptor, int columnAxis)
{
    if (!descriptor.hasSuboffsets())
        return true;
    for (int axis = std::max(columnAxis, 0); axis < descriptor.ndim(); ++axis) {
        if (descriptor.suboffsets[static_cast<std::size_t>(axis)] >= 0)
            return false;
    }
    return true;
}

Status extractPlane(const Descriptor &descriptor, const NumericSource &source,
                    const PlaneSelection &selection, std::span<float> out)
{
    auto shape = planeShape(descriptor, selection);
    if (!shape)
        return shape.error();
    if (static_cast<std::int64_t>(out.size()) < shape->count())
        return makeError(ErrorCategory::Value, "render: output holds " + std::to_string(out.size()) +
                                                   " values, the plane has " +
                                                   std::to_string(shape->count()));
    if (shape->count() == 0)
        return {};
    if (descriptor.itemsize < byteSize(source.type))
        return makeError(ErrorCategory::Format, "render: itemsize " + std::to_string(descriptor.itemsize) +
                                                    " is smaller than the element type");

    std::vector<Index> index = selection.fixed;
    const bool linear = rowIsLinear(descriptor, selection.columnAxis);
    const ByteOffset columnStride =
        selection.columnAxis >= 0 ? descriptor.strides[static_cast<std::size_t>(selection.columnAxis)] : 0;
    for (Index row = 0; row < shape->rows; ++row) {
        if (selection.rowAxis >= 0)
            index[static_cast<std::size_t>(selection.rowAxis)] = row;
        float *rowOut = out.data() + row * shape->columns;
        if (linear) {
            if (selection.columnAxis >= 0)
                index[static_cast<std::size_t>(selection.columnAxis)] = 0;
            const std::byte *first = elementPointer(descriptor, index);
            convertRun(source, selection.complexPart, first, columnStride, shape->columns, rowOut);
            continue;
        }
        for (Index column = 0; column < shape->columns; ++column) {
            index[static_cast<std::size_t>(selection.columnAxis)] = column;
            rowOut[column] = convertOne(source, selection.complexPart, elementPointer(descriptor, index));
        }
    }
    return {};
}

} // namespace bufferscope::render
