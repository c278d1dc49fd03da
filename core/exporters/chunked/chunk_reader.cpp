// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkReader: runs -> boxes of byte coordinates -> chunks -> parallel loads -> row copies.
#include "exporters/chunked/chunk_reader.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <thread>

namespace bufferscope {

ChunkReader::ChunkReader(std::shared_ptr<const ChunkSource> source, std::size_t cacheBytes)
    : m_source(std::move(source)), m_chunks(cacheBytes)
{
    const ChunkedArrayInfo &info = m_source->info();
    m_s = info.shape;
    m_c = info.chunks;
    if (m_s.empty()) { // a 0-d array is one item in one chunk
        m_s = {1};
        m_c = {1};
    }
    m_s.back() *= info.itemsize;
    m_c.back() *= info.itemsize;
    const std::size_t n = m_s.size();
    m_u.assign(n, 1);
    m_v.assign(n, 1);
    m_grid.assign(n, 0);
    m_gridStride.assign(n, 1);
    for (std::size_t k = n; k-- > 1;) {
        m_u[k - 1] = m_u[k] * m_s[k];
        m_v[k - 1] = m_v[k] * m_c[k];
    }
    for (std::size_t k = 0; k < n; ++k)
        m_grid[k] = m_c[k] > 0 ? (m_s[k] + m_c[k] - 1) / m_c[k] : 0;
    for (std::size_t k = n; k-- > 1;)
        m_gridStride[k - 1] = m_gridStride[k] * m_grid[k];
    m_arrayBytes = static_cast<std::uint64_t>(m_u[0] * m_s[0]);
    m_chunkBytes = static_cast<std::size_t>(m_v[0] * m_c[0]);
    m_threads = std::max(1u, std::thread::hardware_concurrency());
    // Spare blocks for up to 128 MiB of chunks: twice a 64-chunk slice of 1 MiB chunks.
    constexpr std::size_t kSpareBytes = std::size_t(128) << 20;
    m_buffers = std::make_shared<ChunkBuffers>(
        m_chunkBytes, kSpareBytes / std::max<std::size_t>(m_chunkBytes, 1));
}

std::uint64_t ChunkReader::chunkCount() const
{
    return static_cast<std::uint64_t>(m_gridStride[0] * m_grid[0]);
}

std::vector<std::int64_t> ChunkReader::chunkCoords(std::uint64_t id) const
{
    std::vector<std::int64_t> coords(m_grid.size());
    for (std::size_t k = 0; k < coords.size(); ++k) {
        coords[k] = static_cast<std::int64_t>(id) / m_gridStride[k];
        id %= static_cast<std::uint64_t>(m_gridStride[k]);
    }
    if (m_source->info().shape.empty())
        coords.clear();
    return coords;
}

Status ChunkReader::loadChunks(const std::vector<std::uint64_t> &ids,
                               std::vector<std::shared_ptr<const DecodedChunk>> &out,
                               const KeepReading &keepReading, const std::vector<int> &pins,
                               const std::function<void(std::size_t)> &use) const
{
    out.assign(ids.size(), nullptr);
    std::size_t missing = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out[i] = m_chunks.find(ids[i]);
        if (out[i] && !pins.empty())
            for (int p = 0; p < pins[i]; ++p)
                if (!m_chunks.pin(ids[i])) { // evicted since find(): load it again
                    out[i].reset();
                    break;
                }
        missing += !out[i];
    }
    // Every chunk is a work item, cached or not: a thread that loads a chunk copies its part
    // out at once (while it is still in the core's cache), and copies of cached chunks are
    // spread over the threads too. Chunks cover disjoint bytes of the runs.
    std::vector<std::optional<Error>> errors(ids.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false}, cancelled{false};
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < ids.size() && !failed.load();) {
            if (!out[i]) {
                // Asked before each load: a superseded read drops what it has not started.
                if (cancelled.load() || (keepReading && !keepReading())) {
                    cancelled = true;
                    m_cancelled.fetch_add(1);
                    continue;
                }
                auto loaded = loadOne(ids[i], pins.empty() ? 0 : pins[i]);
                if (!loaded) {
                    errors[i] = loaded.error();
                    failed = true;
                    continue;
                }
                out[i] = *loaded;
            }
            if (!cancelled.load())
                use(i);
        }
    };
    {
        // Threads pay off for loads and for copies of some size, not for a few cached rows.
        const bool worthIt = missing > 1 || ids.size() * m_chunkBytes >= (std::size_t(4) << 20);
        const std::size_t helpers = worthIt ? std::min<std::size_t>(m_threads, ids.size()) - 1 : 0;
        std::vector<std::jthread> pool;
        for (std::size_t t = 0; t < helpers; ++t)
            pool.emplace_back(work);
        work();
    }
    for (const auto &error : errors)
        if (error)
            return *error;
    if (cancelled)
        return readCancelledError();
    return {};
}

Result<std::shared_ptr<const DecodedChunk>> ChunkReader::loadOne(std::uint64_t id, int pins) const
{
    {
        std::unique_lock lock(m_inflightMutex);
        m_inflightDone.wait(lock, [&] { return !m_inflight.contains(id); });
        // Another reader may have loaded it while this one waited.
        if (auto cached = m_chunks.find(id)) {
            int pinned = 0;
            while (pinned < pins && m_chunks.pin(id))
                ++pinned;
            if (pinned == pins)
                return cached;
            for (; pinned > 0; --pinned)
                m_chunks.unpin(id);
        }
        m_inflight.insert(id);
    }
    auto decoded = std::make_shared<DecodedChunk>();
    decoded->data = ChunkBuffers::take(m_buffers);
    decoded->size = m_chunkBytes;
    auto loaded = m_source->loadChunk(chunkCoords(id), decoded->bytes());
    m_loaded.fetch_add(1);
    if (loaded) {
        noteStamp(id, loaded->stamp);
        decoded->present = loaded->present;
        if (decoded->present) {
            m_decoded.fetch_add(1);
            m_storedLoaded.fetch_add(loaded->storedBytes);
        } else {
            decoded->data.reset();
            decoded->size = 0;
        }
        m_chunks.store(id, decoded, pins);
    }
    {
        std::lock_guard lock(m_inflightMutex);
        m_inflight.erase(id);
    }
    m_inflightDone.notify_all();
    if (!loaded)
        return loaded.error();
    return std::shared_ptr<const DecodedChunk>(decoded);
}

void ChunkReader::noteStamp(std::uint64_t id, std::uint64_t stamp) const
{
    std::lock_guard lock(m_stampMutex);
    const auto [it, first] = m_stamps.emplace(id, stamp);
    if (!first && it->second != stamp && m_changedIds.insert(id).second)
        m_changed.push_back(m_source->chunkKey(chunkCoords(id)));
}

std::vector<std::string> ChunkReader::changedChunks() const
{
    std::lock_guard lock(m_stampMutex);
    return m_changed;
}

bool ChunkReader::partRange(const Box &box, std::uint64_t id, std::int64_t &first,
                            std::int64_t &last) const
{
    first = last = 0;
    std::int64_t rest = static_cast<std::int64_t>(id);
    for (std::size_t k = 0; k < m_s.size(); ++k) {
        const std::int64_t origin = rest / m_gridStride[k] * m_c[k];
        rest %= m_gridStride[k];
        const std::int64_t lo = std::max(box.start[k], origin);
        const std::int64_t hi = std::min(box.start[k] + box.count[k], origin + m_c[k]);
        if (lo >= hi)
            return false;
        first += lo * m_u[k];
        last += (hi - 1) * m_u[k];
    }
    return true;
}

void ChunkReader::copyPart(const Box &box, std::uint64_t id, const DecodedChunk &chunk,
                           std::span<const ReadRun> runs) const
{
    const std::size_t n = m_s.size();
    std::vector<std::int64_t> lo(n), hi(n), origin(n);
    std::int64_t rest = static_cast<std::int64_t>(id);
    for (std::size_t k = 0; k < n; ++k) {
        origin[k] = rest / m_gridStride[k] * m_c[k];
        rest %= m_gridStride[k];
        lo[k] = std::max(box.start[k], origin[k]);
        hi[k] = std::min(box.start[k] + box.count[k], origin[k] + m_c[k]);
        if (lo[k] >= hi[k])
            return;
    }
    const std::int64_t itemsize = m_source->info().itemsize;
    const std::vector<std::byte> &fill = m_source->info().fill;
    std::byte *out = runs[box.run].out;
    const std::size_t rowBytes = static_cast<std::size_t>(hi[n - 1] - lo[n - 1]);
    std::vector<std::int64_t> idx = lo;
    while (true) {
        std::int64_t flat = 0, local = 0;
        for (std::size_t k = 0; k < n; ++k) {
            flat += idx[k] * m_u[k];
            local += (idx[k] - origin[k]) * m_v[k];
        }
        std::byte *dst = out + (flat - box.runStart);
        if (chunk.present) {
            std::memcpy(dst, chunk.data.get() + local, rowBytes);
        } else {
            // Byte coordinates along the last axis are item * itemsize + byte of the item.
            for (std::size_t j = 0; j < rowBytes; ++j)
                dst[j] = fill[static_cast<std::size_t>((lo[n - 1] + std::int64_t(j)) % itemsize)];
        }
        std::size_t k = n - 1;
        while (k-- > 0) {
            if (++idx[k] < hi[k])
                break;
            idx[k] = lo[k];
        }
        if (k == std::size_t(-1))
            break;
    }
}

Status ChunkReader::splitRuns(std::span<const ReadRun> runs, std::vector<Box> &boxes) const
{
    const std::size_t n = m_s.size();
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const ReadRun &run = runs[r];
        if (run.size == 0)
            continue;
        if (run.address < kBaseAddress || run.address - kBaseAddress > m_arrayBytes ||
            run.size > m_arrayBytes - (run.address - kBaseAddress))
            return makeError(ErrorCategory::Bounds,
                             "chunked: bytes " + addressRange(run.address, run.size) +
                                 " lie outside the array (" +
                                 addressRange(kBaseAddress, m_arrayBytes) + ")");
        // Split [lo, hi) into boxes: at each step the outermost axis the position is aligned
        // to, as many steps of it as fit before its parent axis wraps or the run ends.
        auto lo = static_cast<std::int64_t>(run.address - kBaseAddress);
        const std::int64_t hi = lo + static_cast<std::int64_t>(run.size);
        const std::int64_t runStart = lo;
        while (lo < hi) {
            for (std::size_t k = 0; k < n; ++k) {
                if (lo % m_u[k] != 0)
                    continue;
                const std::int64_t at = lo / m_u[k] % m_s[k];
                const std::int64_t steps = std::min(m_s[k] - at, (hi - lo) / m_u[k]);
                if (steps == 0)
                    continue;
                Box box{r, runStart, std::vector<std::int64_t>(n, 0), std::vector<std::int64_t>(n, 1)};
                for (std::size_t j = 0; j < n; ++j) {
                    if (j < k)
                        box.start[j] = lo / m_u[j] % m_s[j];
                    else if (j == k) {
                        box.start[j] = at;
                        box.count[j] = steps;
                    } else
                        box.count[j] = m_s[j];
                }
                boxes.push_back(std::move(box));
                lo += steps * m_u[k];
                break;
            }
        }
    }
    return {};
}

ChunkReader::Touched ChunkReader::touchedBy(const std::vector<Box> &boxes) const
{
    const std::size_t n = m_s.size();
    Touched touched;
    for (std::size_t b = 0; b < boxes.size(); ++b) {
        std::vector<std::int64_t> first(n), last(n);
        for (std::size_t k = 0; k < n; ++k) {
            first[k] = boxes[b].start[k] / m_c[k];
            last[k] = (boxes[b].start[k] + boxes[b].count[k] - 1) / m_c[k];
        }
        std::vector<std::int64_t> c = first;
        while (true) {
            std::uint64_t id = 0;
            for (std::size_t k = 0; k < n; ++k)
                id += static_cast<std::uint64_t>(c[k] * m_gridStride[k]);
            touched[id].push_back(b);
            std::size_t k = n;
            while (k-- > 0) {
                if (++c[k] <= last[k])
                    break;
                c[k] = first[k];
            }
            if (k == std::size_t(-1))
                break;
        }
    }
    return touched;
}

Result<std::vector<std::uint64_t>> ChunkReader::chunksTouched(std::span<const ReadRun> runs) const
{
    std::vector<Box> boxes;
    if (auto status = splitRuns(runs, boxes); !status)
        return status.error();
    std::vector<std::uint64_t> ids;
    for (const auto &entry : touchedBy(boxes))
        ids.push_back(entry.first);
    return ids;
}

void ChunkReader::syncGeneration() const
{
    std::lock_guard lock(m_generationMutex);
    if (m_cacheGeneration != generation()) {
        m_chunks.clear();
        m_cacheGeneration = generation();
        {
            std::lock_guard pins(m_pinMutex);
            for (Pin *pin : m_pins)
                pin->chunks.clear();
        }
        std::lock_guard stored(m_storedMutex);
        m_stored.clear();
    }
}

ChunkState ChunkReader::chunkState(std::uint64_t id) const
{
    {
        std::lock_guard lock(m_inflightMutex);
        if (m_inflight.contains(id))
            return ChunkState::Loading;
    }
    if (const auto held = m_chunks.peek(id))
        return held->present ? ChunkState::Cached : ChunkState::Absent;
    {
        std::lock_guard lock(m_storedMutex);
        if (const auto it = m_stored.find(id); it != m_stored.end())
            return it->second ? ChunkState::Stored : ChunkState::Absent;
    }
    const ChunkProbe probe = m_source->probeChunk(chunkCoords(id));
    if (probe.state == ChunkProbe::State::Unknown)
        return ChunkState::Stored; // asked again next time: a shard index may be read by then
    const bool stored = probe.state == ChunkProbe::State::Present;
    std::lock_guard lock(m_storedMutex);
    m_stored[id] = stored;
    return stored ? ChunkState::Stored : ChunkState::Absent;
}

Status ChunkReader::prefetch(std::span<const std::uint64_t> ids) const
{
    syncGeneration();
    std::vector<std::uint64_t> wanted;
    for (std::uint64_t id : ids)
        if (id < chunkCount())
            wanted.push_back(id);
    std::vector<std::shared_ptr<const DecodedChunk>> chunks;
    return loadChunks(wanted, chunks, currentKeepReading(), {}, [](std::size_t) {});
}

Status ChunkReader::readCached(std::span<const ReadRun> runs) const
{
    syncGeneration();
    std::vector<Box> boxes;
    if (auto status = splitRuns(runs, boxes); !status)
        return status;
    // Chunks not cached read as the fill value, as absent ones do.
    static const auto notLoaded = std::make_shared<const DecodedChunk>();
    for (const auto &[id, boxList] : touchedBy(boxes)) {
        const auto chunk = m_chunks.peek(id);
        for (std::size_t b : boxList)
            copyPart(boxes[b], id, chunk ? *chunk : *notLoaded, runs);
    }
    return {};
}

Status ChunkReader::readRuns(std::span<const ReadRun> runs) const
{
    syncGeneration();
    const KeepReading keepReading = currentKeepReading();
    std::vector<Box> boxes;
    if (auto status = splitRuns(runs, boxes); !status)
        return status;
    const Touched touched = touchedBy(boxes);
    // Groups of chunks that fit in half the cache, so a read larger than the cache still
    // works (chunks are copied out and may be evicted before the next group is loaded).
    const std::size_t groupBytes = std::max(m_chunks.budget() / 2, m_chunkBytes);
    auto it = touched.begin();
    while (it != touched.end()) {
        if (keepReading && !keepReading())
            return readCancelledError();
        std::vector<std::uint64_t> ids;
        std::vector<const std::vector<std::size_t> *> boxLists;
        std::size_t bytes = 0;
        for (; it != touched.end() && (ids.empty() || bytes + m_chunkBytes <= groupBytes); ++it) {
            ids.push_back(it->first);
            boxLists.push_back(&it->second);
            bytes += m_chunkBytes;
        }
        const std::vector<int> pins =
            m_pinCount.load() > 0 ? planPins(boxes, ids, boxLists) : std::vector<int>{};
        std::vector<std::shared_ptr<const DecodedChunk>> chunks;
        const Status loaded = loadChunks(ids, chunks, keepReading, pins, [&](std::size_t i) {
            for (std::size_t b : *boxLists[i])
                copyPart(boxes[b], ids[i], *chunks[i], runs);
        });
        if (!pins.empty())
            unplanPins(ids, chunks);
        if (!loaded)
            return loaded;
    }
    return {};
}

} // namespace bufferscope
