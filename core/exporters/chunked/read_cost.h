// SPDX-License-Identifier: GPL-3.0-or-later
// What reading a view of a chunked array will cost, known before any chunk is read: how many
// chunks its bytes touch, how many of those are decoded in the chunk cache already, how many
// are absent (they read as the fill value and cost nothing), and how many stored bytes must be
// fetched and decoded for the rest. The chunks counted are exactly the ones the fetch walk
// (fetch.h) would load, because the walk's own runs are enumerated without reading them.
// Stored sizes come from the store where it can tell cheaply (a file's size, an HDF5 chunk
// index, a loaded shard index); otherwise they are estimated from the compression ratio of
// the chunks loaded so far (or taken as the decoded size when nothing is loaded yet).
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <cstdint>
#include <string>

namespace bufferscope {

class ChunkedExporter;

struct ReadCost
{
    std::uint64_t chunks = 0;          // chunks the view's bytes touch
    std::uint64_t cached = 0;          // of those, decoded in the chunk cache now
    std::uint64_t absent = 0;          // of the rest, known to be absent (fill value)
    std::uint64_t storedBytes = 0;     // stored bytes to fetch for the chunks not cached
    bool storedBytesEstimated = false; // some of storedBytes is an estimate
    std::uint64_t decodedBytes = 0;    // decoded bytes of the chunks not cached
    std::uint64_t viewBytes = 0;       // the view's own bytes (its len)
};

// The cost of fetching `view` (a descriptor in the exporter's address space: the exporter's
// own, or a view's of it). Refusals: Value "read cost: the buffer is not read from a chunked
// array" when `view` lies outside the exporter's array, and fetch's for views with suboffsets.
Result<ReadCost> readCost(const ChunkedExporter &exporter, const Descriptor &view);

// Whether a read is large enough to say so before doing it: more than 256 MiB to decode or
// fetch, or more than 1000 chunks to load.
bool isLargeRead(const ReadCost &cost);

// One line for the CLI and the dialog:
//   "read cost: 64 chunks (0 cached, 0 absent), 33.50 MiB stored to fetch, 64.00 MiB to decode"
// with "about 33.50 MiB" when the stored bytes are estimated (sizes under 10 KiB in bytes,
// under 1 MiB in KiB with one decimal).
std::string readCostText(const ReadCost &cost);

} // namespace bufferscope
