// SPDX-License-Identifier: GPL-3.0-or-later
#include "render/plane.h"

#include "render/plane_rows.h"

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

Status checkElementType(const Descriptor &descriptor, const NumericSource &source)
{
    if (descriptor.itemsize < byteSize(source.type))
        return makeError(ErrorCategory::Format, "render: itemsize " +
                                                    std::to_string(descriptor.itemsize) +
                                                    " is smaller than the element type");
    return {};
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
    if (auto status = checkElementType(descriptor, source); !status)
        return status;

    PlaneRowReader reader(descriptor, source, selection, {0, 0, shape->rows, shape->columns},
                          PlaneRowReader::Swap::Convert);
    for (Index row = 0; row < shape->rows; ++row)
        reader.readRow(row, out.data() + row * shape->columns);
    return {};
}

} // namespace bufferscope::render
