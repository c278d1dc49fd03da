// SPDX-License-Identifier: GPL-3.0-or-later
// The display's door to read-on-demand exporters (byte_reader.h): the cells of a plane that
// a picture shows are fetched into local memory once, and every render pass (pooling,
// histogram, readout) then runs on that copy exactly as on a mapped file. Only the region's
// cells are read — a (64, 4096, 4096) volume's slice reads one 64 MiB slice, a zoomed view
// only what is on screen.
#pragma once

#include "buffer/fetch.h"
#include "render/plane.h"
#include "render/plane_rows.h"

#include <memory>

namespace bufferscope::render {

struct FetchedPlane
{
    std::shared_ptr<const LocalBuffer> local; // owns the bytes `descriptor` points into
    Descriptor descriptor;                    // the local copy (C order, same ndim)
    PlaneSelection selection;                 // the same plane of the local copy
    PlaneRegion region;                       // the fetched cells in the local plane
};

// Fetches `region` (empty: the whole plane) of the selected plane and, when keepAxis >= 0,
// all of that axis (an image's channels, so they are read in one pass). Refusals:
// planeShape's and fetchLocal's.
Result<FetchedPlane> fetchPlane(const Descriptor &descriptor, const ByteReader &reader,
                                const PlaneSelection &selection, PlaneRegion region,
                                int keepAxis = -1);

} // namespace bufferscope::render
