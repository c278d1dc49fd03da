// SPDX-License-Identifier: GPL-3.0-or-later
// Renders of a chunked array's plane on a slow store, coarse to fine: before the render reads
// the plane, the chunks it needs are loaded in batches (a few per core, doubled while they
// load fast); after each batch the job hears the progress (chunks done / needed), and once
// loading has taken more than 300 ms it gets a preview drawn from the chunks cached so far
// (the others read as the fill value, and the overlay hatches them) every 400 ms. A newer
// request stops the loading (between batches, and through the job's ReadCancelScope between
// chunks). The render proper then copies from the cache. Planes of other exporters pass
// straight through.
#pragma once

#include "models/render_request.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

namespace bufferscope {

class ChunkReader;

// The chunks a render of `request` reads: the whole plane without a summary (its statistics
// read every cell), else the region; every channel in image mode. Empty when the plane is
// not a chunked array's or its grid is refused (the render then reads as it always does).
std::vector<std::uint64_t> chunksToRender(const RenderRequest &request, bool summaryKnown);

struct ChunkLoadCallbacks
{
    std::function<void(std::size_t done, std::size_t needed)> progress;
    std::function<void(RenderResult preview)> preview;
};

// Loads the chunks of chunksToRender in batches as described above. Returns without loading
// when they would not fit in half the chunk cache (they would evict each other before the
// render reads them); load errors are left for the render to report.
void loadChunksFirst(const RenderRequest &request, std::shared_ptr<const PlaneSummary> summary,
                     const KeepGoing &keepGoing, const ChunkLoadCallbacks &callbacks);

} // namespace bufferscope
