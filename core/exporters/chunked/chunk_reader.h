// SPDX-License-Identifier: GPL-3.0-or-later
// The ByteReader of a chunked array (byte_reader.h): the array is laid out C-contiguously at
// the fixed virtual address kBaseAddress of its own address space, and a batch of runs is
// served by working out which chunks the runs touch, loading (reading + decoding) the ones
// not cached in parallel on every core, keeping them in a bounded LRU cache, and copying
// the touched parts out. Absent chunks read as the fill value. Nothing else is read: a slice
// [5] of a (64, 4096, 4096) array chunked (1, 512, 512) loads exactly the 64 chunks of plane 5.
//
// Address ranges map to chunks through "byte coordinates": the array seen as
// shape[0] x ... x shape[n-1]*itemsize bytes, chunked chunks[0] x ... x chunks[n-1]*itemsize,
// so a run may start or end inside an item (views that cast to bytes do that) and every
// row of a chunk is one memcpy.
//
// A read made under a ReadCancelScope (read_cancel.h) whose request is superseded drops the
// chunk loads it has not started ("read: cancelled, ..."); loads already running finish and
// stay cached. Chunks read for a held view (hold()) are pinned in the cache until the view
// is released. Every load's stamp (chunk_source.h) is compared with the first load's of the
// same chunk: a difference is recorded as a change on storage (changedChunks()).
#pragma once

#include "buffer/byte_reader.h"
#include "buffer/read_cancel.h"
#include "exporters/chunked/chunk_cache.h"
#include "exporters/chunked/chunk_source.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace bufferscope {

// What the chunk overlay shows of one chunk: absent (reads as the fill value), stored but not
// loaded, decoded in the cache, or being loaded right now.
enum class ChunkState { Absent, Stored, Cached, Loading };

class ChunkReader : public ByteReader, public std::enable_shared_from_this<ChunkReader>
{
public:
    // Where the array starts in its address space: any non-zero constant works (views only
    // offset from it); 1 TiB keeps it clear of null and reads as an obviously virtual address.
    static constexpr Address kBaseAddress = Address(1) << 40;

    explicit ChunkReader(std::shared_ptr<const ChunkSource> source,
                         std::size_t cacheBytes = ChunkCache::kDefaultBudget);

    const ChunkSource &source() const { return *m_source; }
    std::uint64_t arrayBytes() const { return m_arrayBytes; }
    ChunkCache &chunkCache() const { return m_chunks; }
    // How many threads load chunks in parallel (default: the machine's cores).
    void setThreads(unsigned threads) { m_threads = threads == 0 ? 1 : threads; }

    // Chunks loaded so far: every load, and the loads that found stored bytes to decode.
    std::uint64_t chunksLoaded() const { return m_loaded.load(); }
    std::uint64_t chunksDecoded() const { return m_decoded.load(); }
    std::uint64_t chunkCount() const; // chunks in the grid
    std::size_t chunkBytes() const { return m_chunkBytes; }
    // Stored bytes of the present chunks loaded so far (for the compression ratio).
    std::uint64_t storedBytesLoaded() const { return m_storedLoaded.load(); }
    // Chunk loads dropped because their read was cancelled.
    std::uint64_t chunksCancelled() const { return m_cancelled.load(); }

    // Grid coordinates of chunk `id` (ids count the grid in C order).
    std::vector<std::int64_t> chunkCoords(std::uint64_t id) const;
    // The chunks the runs' bytes touch, sorted, without loading any. Refusals: readRuns's
    // bounds error.
    Result<std::vector<std::uint64_t>> chunksTouched(std::span<const ReadRun> runs) const;

    // Keys of the chunks found changed on storage (a load whose stamp differs from the first
    // load's), in the order found.
    std::vector<std::string> changedChunks() const;

    // Pins, lazily, the chunks that later reads bring in for bytes inside `view`'s extent.
    // Pinned bytes stop at kPinBudgets times the cache budget: a view stays exported for as
    // long as views of it live (each holds one export), and a slider over such a child
    // would otherwise pin every chunk it ever showed.
    std::shared_ptr<const void> hold(const Descriptor &view) const override;
    static constexpr std::size_t kPinBudgets = 4;
    // Whether a chunk went unpinned because of that limit.
    bool pinLimitReached() const { return m_pinLimitReached.load(); }

    // The state of chunk `id`, without reading chunk data: the cache and the loads under way
    // answer first, then the store if it can tell cheaply (ChunkSource::probeChunk, whose
    // answers are remembered until invalidate()); a chunk nobody can tell about is Stored.
    ChunkState chunkState(std::uint64_t id) const;
    // Loads the chunks `ids` into the cache (in parallel, as reads do; ids outside the grid
    // are skipped), so that a read of them afterwards only copies. Errors as readRuns's, and
    // it is cancelled as reads are (read_cancel.h).
    Status prefetch(std::span<const std::uint64_t> ids) const;
    // Reads `runs` from the chunks in the cache only, never loading: bytes of chunks not
    // cached read as the fill value (a preview drawn while they load). Bounds refusals as
    // readRuns's.
    Status readCached(std::span<const ReadRun> runs) const;

protected:
    // Refusals: Bounds "chunked: bytes 0x..0x.. lie outside the array (0x..0x..)", and the
    // first failing chunk's load error (in chunk order, so it does not depend on timing).
    Status readRuns(std::span<const ReadRun> runs) const override;

private:
    // A hyper-rectangle of byte coordinates that is one contiguous piece of a run: a
    // contiguous address range splits into at most 2 * ndim of them.
    struct Box
    {
        std::size_t run = 0;
        std::int64_t runStart = 0; // flat byte offset of the run's first byte
        std::vector<std::int64_t> start, count;
    };
    // A held view (hold()): its flat byte extent, inclusive, and the chunks pinned for it
    // (under m_pinMutex).
    struct Pin
    {
        std::int64_t first = 0, last = 0;
        std::unordered_set<std::uint64_t> chunks;
    };
    using Touched = std::map<std::uint64_t, std::vector<std::size_t>>; // chunk -> boxes
    // invalidate() (byte_reader.h) says the store may have changed: decoded chunks too.
    void syncGeneration() const;
    Status splitRuns(std::span<const ReadRun> runs, std::vector<Box> &boxes) const;
    Touched touchedBy(const std::vector<Box> &boxes) const;
    // Loads (or finds) every chunk of `ids`, pinning chunk i pins[i] times (pins may be
    // empty), and calls use(i) for each on the thread that has it, in parallel.
    Status loadChunks(const std::vector<std::uint64_t> &ids,
                      std::vector<std::shared_ptr<const DecodedChunk>> &out,
                      const KeepReading &keepReading, const std::vector<int> &pins,
                      const std::function<void(std::size_t)> &use) const;
    Result<std::shared_ptr<const DecodedChunk>> loadOne(std::uint64_t id, int pins) const;
    void noteStamp(std::uint64_t id, std::uint64_t stamp) const;
    // The flat byte range [first, last] of the part of `box` inside chunk `id`; false when
    // they do not meet.
    bool partRange(const Box &box, std::uint64_t id, std::int64_t &first, std::int64_t &last) const;
    void copyPart(const Box &box, std::uint64_t id, const DecodedChunk &chunk,
                  std::span<const ReadRun> runs) const;
    // Which held views want chunk i pinned (counts per chunk), noted in the holds at once.
    std::vector<int> planPins(const std::vector<Box> &boxes, const std::vector<std::uint64_t> &ids,
                              const std::vector<const std::vector<std::size_t> *> &boxLists) const;
    // Takes back the planned pins of chunks that were not loaded (an error, a cancel).
    void unplanPins(const std::vector<std::uint64_t> &ids,
                    const std::vector<std::shared_ptr<const DecodedChunk>> &loaded) const;
    void dropPin(Pin *pin) const;

    std::shared_ptr<const ChunkSource> m_source;
    // Byte coordinates (see above): S the array, C a chunk, U and V their C strides.
    std::vector<std::int64_t> m_s, m_c, m_u, m_v, m_grid, m_gridStride;
    std::uint64_t m_arrayBytes = 0;
    std::size_t m_chunkBytes = 0;
    unsigned m_threads = 2;
    mutable ChunkCache m_chunks;
    std::shared_ptr<ChunkBuffers> m_buffers; // recycled chunk blocks (chunk_cache.h)
    mutable std::mutex m_generationMutex;
    mutable std::uint64_t m_cacheGeneration = 0;
    mutable std::atomic<std::uint64_t> m_loaded{0}, m_decoded{0}, m_storedLoaded{0}, m_cancelled{0};
    // First-load stamps and the chunks found changed since.
    mutable std::mutex m_stampMutex;
    mutable std::unordered_map<std::uint64_t, std::uint64_t> m_stamps;
    mutable std::unordered_set<std::uint64_t> m_changedIds;
    mutable std::vector<std::string> m_changed;
    // Held views (hold()): their extents and the chunks pinned for them.
    mutable std::mutex m_pinMutex;
    mutable std::vector<Pin *> m_pins;
    mutable std::atomic<int> m_pinCount{0};
    // chunkState's answers from the store (id -> stored), dropped with the cache.
    mutable std::mutex m_storedMutex;
    mutable std::unordered_map<std::uint64_t, bool> m_stored;
    mutable std::atomic<bool> m_pinLimitReached{false};
    // Chunks being loaded right now: a second reader (another render band) waits for the
    // first instead of decoding the same chunk twice.
    mutable std::mutex m_inflightMutex;
    mutable std::condition_variable m_inflightDone;
    mutable std::unordered_set<std::uint64_t> m_inflight;
};

} // namespace bufferscope
