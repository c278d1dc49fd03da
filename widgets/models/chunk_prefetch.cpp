// SPDX-License-Identifier: GPL-3.0-or-later
// chunksToRender and loadChunksFirst: the grid's chunk ids, then batches through
// ChunkReader::prefetch and previews through CachedChunkReader.
#include "models/chunk_prefetch.h"

#include "exporters/chunked/cached_reader.h"
#include "exporters/chunked/chunk_plane_grid.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace bufferscope {

std::vector<std::uint64_t> chunksToRender(const RenderRequest &request, bool summaryKnown)
{
    const auto reader = std::dynamic_pointer_cast<const ChunkReader>(request.plane.reader);
    if (!reader)
        return {};
    const PlaneKey &key = request.plane;
    const int channels =
        key.imageMode ? int(key.descriptor.shape[static_cast<std::size_t>(key.channelAxis)]) : 1;
    std::vector<std::uint64_t> ids;
    for (int c = 0; c < channels; ++c) {
        auto grid = chunkPlaneGrid(reader->source().info(), ChunkReader::kBaseAddress,
                                   key.descriptor, channelSelection(key, c));
        if (!grid)
            return {};
        const auto some = grid->chunkIds(summaryKnown ? request.region : RenderRegion{});
        ids.insert(ids.end(), some.begin(), some.end());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

void loadChunksFirst(const RenderRequest &request, std::shared_ptr<const PlaneSummary> summary,
                     const KeepGoing &keepGoing, const ChunkLoadCallbacks &callbacks)
{
    using Clock = std::chrono::steady_clock;
    const auto reader = std::dynamic_pointer_cast<const ChunkReader>(request.plane.reader);
    if (!reader)
        return;
    const auto ids = chunksToRender(request, summary != nullptr);
    std::vector<std::uint64_t> missing;
    for (std::uint64_t id : ids)
        if (!reader->chunkCache().peek(id))
            missing.push_back(id);
    if (missing.empty())
        return;
    const ChunkedArrayInfo &info = reader->source().info();
    std::size_t chunkBytes = static_cast<std::size_t>(info.itemsize);
    for (auto c : info.chunks)
        chunkBytes *= static_cast<std::size_t>(c);
    if (missing.size() * std::max<std::size_t>(chunkBytes, 1) > reader->chunkCache().budget() / 2)
        return;
    // Batches of a few chunks per core: progress and previews come often, and each batch
    // still loads in parallel. A batch that loads fast (a local store) doubles the next one,
    // so fast stores lose nothing to the waits between batches.
    std::size_t batch = 2 * std::max(1u, std::thread::hardware_concurrency());
    const auto start = Clock::now();
    auto lastPreview = start;
    std::size_t done = ids.size() - missing.size();
    if (callbacks.progress)
        callbacks.progress(done, ids.size());
    for (std::size_t at = 0; at < missing.size();) {
        if (keepGoing && !keepGoing())
            return;
        const std::size_t count = std::min(batch, missing.size() - at);
        const auto batchStart = Clock::now();
        if (!reader->prefetch(std::span(missing).subspan(at, count)))
            return; // the render reads again and reports the error
        if (Clock::now() - batchStart < std::chrono::milliseconds(50))
            batch = std::min<std::size_t>(batch * 2, 1024);
        done += count;
        at += count;
        if (callbacks.progress)
            callbacks.progress(done, ids.size());
        const auto now = Clock::now();
        using std::chrono::milliseconds;
        if (callbacks.preview && done < ids.size() && now - start > milliseconds(300) &&
            now - lastPreview > milliseconds(400)) {
            RenderRequest preview = request;
            preview.plane.reader = std::make_shared<CachedChunkReader>(reader);
            RenderResult result = renderNow(preview, summary, keepGoing);
            if (result.error.isEmpty() && (!keepGoing || keepGoing()))
                callbacks.preview(std::move(result));
            lastPreview = Clock::now();
        }
    }
}

} // namespace bufferscope
