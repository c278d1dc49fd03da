// SPDX-License-Identifier: GPL-3.0-or-later
// fetchPlane: cut the buffer to the region's box, fetch it, select the same plane in it.
#include "render/fetched_plane.h"

namespace bufferscope::render {

Result<FetchedPlane> fetchPlane(const Descriptor &descriptor, const ByteReader &reader,
                                const PlaneSelection &selection, PlaneRegion region, int keepAxis)
{
    auto shape = planeShape(descriptor, selection);
    if (!shape)
        return shape.error();
    region = clampRegion(region, *shape);
    const auto ndim = static_cast<std::size_t>(descriptor.ndim());
    std::vector<Index> start(ndim), count(ndim);
    FetchedPlane fetched;
    fetched.selection = selection;
    fetched.selection.fixed.assign(ndim, 0);
    for (std::size_t axis = 0; axis < ndim; ++axis) {
        const int a = static_cast<int>(axis);
        if (a == selection.rowAxis) {
            start[axis] = region.row;
            count[axis] = region.rows;
        } else if (a == selection.columnAxis) {
            start[axis] = region.column;
            count[axis] = region.columns;
        } else if (a == keepAxis) {
            start[axis] = 0;
            count[axis] = descriptor.shape[axis];
            fetched.selection.fixed[axis] = selection.fixed[axis];
        } else {
            start[axis] = selection.fixed[axis];
            count[axis] = 1;
        }
    }
    auto local = fetchLocal(subBox(descriptor, start, count), reader);
    if (!local)
        return local.error();
    fetched.local = std::move(*local);
    fetched.descriptor = fetched.local->descriptor;
    fetched.region = PlaneRegion{0, 0, region.rows, region.columns};
    return fetched;
}

} // namespace bufferscope::render
