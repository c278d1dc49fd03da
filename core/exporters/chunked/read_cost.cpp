// SPDX-License-Identifier: GPL-3.0-or-later
// readCost: the fetch walk's runs -> the chunks they touch -> cache, probe or estimate each.
#include "exporters/chunked/read_cost.h"

#include "buffer/fetch.h"
#include "exporters/chunked/chunked_exporter.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace bufferscope {

namespace {

constexpr std::size_t kBatchRuns = 4096;

// "812 bytes", "40.5 KiB", "33.50 MiB": a small read stays readable.
std::string sizeText(std::uint64_t bytes)
{
    char text[32];
    if (bytes < 10240)
        std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
    else if (bytes < (std::uint64_t(1) << 20))
        std::snprintf(text, sizeof text, "%.1f KiB", double(bytes) / 1024.0);
    else
        std::snprintf(text, sizeof text, "%.2f MiB", double(bytes) / 1048576.0);
    return text;
}

} // namespace

Result<ReadCost> readCost(const ChunkedExporter &exporter, const Descriptor &view)
{
    const ChunkReader &reader = exporter.chunkReader();
    std::set<std::uint64_t> ids;
    std::vector<ReadRun> runs;
    Status touched;
    auto flush = [&] {
        if (!touched || runs.empty())
            return;
        auto batch = reader.chunksTouched(runs);
        if (!batch)
            touched = batch.error();
        else
            ids.insert(batch->begin(), batch->end());
        runs.clear();
    };
    auto walked = forEachFetchRun(view, [&](Address address, std::size_t size) {
        runs.push_back({address, size, nullptr});
        if (runs.size() >= kBatchRuns)
            flush();
    });
    if (!walked)
        return walked.error();
    flush();
    if (!touched) {
        if (touched.error().category == ErrorCategory::Bounds)
            return makeError(ErrorCategory::Value,
                             "read cost: the buffer is not read from a chunked array");
        return touched.error();
    }

    ReadCost cost;
    cost.chunks = ids.size();
    cost.viewBytes = static_cast<std::uint64_t>(view.len);
    const ChunkSource &source = reader.source();
    std::uint64_t unknown = 0, probedStored = 0, probedChunks = 0;
    for (std::uint64_t id : ids) {
        if (auto cached = reader.chunkCache().peek(id)) {
            ++cost.cached;
            continue;
        }
        const ChunkProbe probe = source.probeChunk(reader.chunkCoords(id));
        if (probe.state == ChunkProbe::State::Absent) {
            ++cost.absent;
            continue;
        }
        cost.decodedBytes += reader.chunkBytes();
        if (probe.state == ChunkProbe::State::Present) {
            cost.storedBytes += probe.storedBytes;
            probedStored += probe.storedBytes;
            ++probedChunks;
        } else {
            ++unknown;
        }
    }
    if (unknown > 0) {
        // The mean stored size of the chunks probed here, else of the chunks loaded so far,
        // else the decoded size (nothing known yet: no compression assumed).
        double perChunk = double(reader.chunkBytes());
        if (probedChunks > 0)
            perChunk = double(probedStored) / double(probedChunks);
        else if (reader.chunksDecoded() > 0)
            perChunk = double(reader.storedBytesLoaded()) / double(reader.chunksDecoded());
        cost.storedBytes += static_cast<std::uint64_t>(perChunk * double(unknown));
        cost.storedBytesEstimated = true;
    }
    return cost;
}

bool isLargeRead(const ReadCost &cost)
{
    constexpr std::uint64_t kLargeBytes = std::uint64_t(256) << 20;
    return cost.chunks - cost.cached > 1000 || cost.decodedBytes > kLargeBytes ||
           cost.storedBytes > kLargeBytes;
}

std::string readCostText(const ReadCost &cost)
{
    return "read cost: " + std::to_string(cost.chunks) +
           (cost.chunks == 1 ? " chunk (" : " chunks (") + std::to_string(cost.cached) +
           " cached, " + std::to_string(cost.absent) + " absent), " +
           (cost.storedBytesEstimated ? "about " : "") + sizeText(cost.storedBytes) +
           " stored to fetch, " + sizeText(cost.decodedBytes) + " to decode";
}

} // namespace bufferscope
