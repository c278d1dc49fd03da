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
#pragma once

#include "buffer/byte_reader.h"
#include "exporters/chunked/chunk_cache.h"
#include "exporters/chunked/chunk_source.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_set>

namespace bufferscope {

class ChunkReader : public ByteReader
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
    // A covering run across rows can reach chunks nothing wanted lies in (byte_reader.h).
    bool gapsAreCheap() const override { return false; }

protected:
    // Refusals: Bounds "chunked: bytes 0x..0x.. lie outside the array (0x..0x..)", and the
    // first failing chunk's load error (in chunk order, so it does not depend on timing).
    Status readRuns(std::span<const ReadRun> runs) const override;

private:
    struct Box;
    Status loadChunks(const std::vector<std::uint64_t> &ids,
                      std::vector<std::shared_ptr<const DecodedChunk>> &out) const;
    std::vector<std::int64_t> chunkCoords(std::uint64_t id) const;
    Result<std::shared_ptr<const DecodedChunk>> loadOne(std::uint64_t id) const;
    void copyPart(const Box &box, std::uint64_t id, const DecodedChunk &chunk,
                  std::span<const ReadRun> runs) const;

    std::shared_ptr<const ChunkSource> m_source;
    // Byte coordinates (see above): S the array, C a chunk, U and V their C strides.
    std::vector<std::int64_t> m_s, m_c, m_u, m_v, m_grid, m_gridStride;
    std::uint64_t m_arrayBytes = 0;
    std::size_t m_chunkBytes = 0;
    unsigned m_threads = 2;
    mutable ChunkCache m_chunks;
    mutable std::mutex m_generationMutex;
    mutable std::uint64_t m_cacheGeneration = 0;
    mutable std::atomic<std::uint64_t> m_loaded{0}, m_decoded{0};
    // Chunks being loaded right now: a second reader (another render band) waits for the
    // first instead of decoding the same chunk twice.
    mutable std::mutex m_inflightMutex;
    mutable std::condition_variable m_inflightDone;
    mutable std::unordered_set<std::uint64_t> m_inflight;
};

} // namespace bufferscope
