// SPDX-License-Identifier: GPL-3.0-or-later
// The decoded chunks of one array, least recently used dropped first once their bytes pass
// the budget (512 MiB by default). Entries are shared: a read that is copying out of a chunk
// keeps it alive even when another thread evicts it meanwhile, so eviction never frees bytes
// in use; absent chunks are remembered too (no bytes) so they are not asked for again.
// Pinned chunks (those a held view has read, chunk_reader.h) are never evicted: the budget
// may be passed by pinned bytes only, and pinnedBytes() says by how much.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <span>
#include <unordered_map>
#include <vector>

namespace bufferscope {

// Chunk-sized blocks that evicted (or cleared) chunks gave back, their pages already mapped:
// the next chunks decode into them instead of fresh allocations, whose first touch costs a
// page fault and a zeroed page per 4 KiB (a fifth of a cold 64-chunk read). At most
// `maxBlocks` are kept.
class ChunkBuffers
{
public:
    ChunkBuffers(std::size_t blockBytes, std::size_t maxBlocks)
        : m_blockBytes(blockBytes), m_maxBlocks(maxBlocks)
    {
    }
    ~ChunkBuffers();
    ChunkBuffers(const ChunkBuffers &) = delete;
    ChunkBuffers &operator=(const ChunkBuffers &) = delete;

    struct Return // the deleter of a chunk's bytes: the block goes back to the pool
    {
        std::weak_ptr<ChunkBuffers> pool;
        void operator()(std::byte *block) const;
    };
    using Block = std::unique_ptr<std::byte[], Return>;

    // A block of blockBytes, not value-initialised (the decoder overwrites every byte).
    static Block take(const std::shared_ptr<ChunkBuffers> &pool);
    std::size_t spare() const;

private:
    std::size_t m_blockBytes, m_maxBlocks;
    mutable std::mutex m_mutex;
    std::vector<std::byte *> m_free; // owned
};

struct DecodedChunk
{
    bool present = false; // false: the chunk is absent and reads as the fill value
    // The whole chunk, C order (null when absent). Not a vector: the decoder overwrites every
    // byte, so zero-filling a megabyte per chunk first would be wasted time.
    ChunkBuffers::Block data;
    std::size_t size = 0;
    std::span<std::byte> bytes() const { return {data.get(), size}; }
};

class ChunkCache
{
public:
    static constexpr std::size_t kDefaultBudget = std::size_t(512) << 20;

    explicit ChunkCache(std::size_t budgetBytes = kDefaultBudget) : m_budget(budgetBytes) {}

    std::shared_ptr<const DecodedChunk> find(std::uint64_t chunk);
    // find() without making the chunk the most recent (a cost preview only looks).
    std::shared_ptr<const DecodedChunk> peek(std::uint64_t chunk) const;
    // Stores the chunk, already pinned `pins` times (so eviction cannot come in between).
    void store(std::uint64_t chunk, std::shared_ptr<const DecodedChunk> decoded, int pins = 0);
    void clear();

    void setBudget(std::size_t bytes);
    std::size_t budget() const;
    std::size_t bytesHeld() const;
    std::size_t chunksHeld() const;

    // Pins count: a chunk pinned twice needs two unpins. Pinning a chunk that is not held
    // is a no-op returning false (it was evicted before the pin came; the caller keeps its
    // own reference meanwhile).
    bool pin(std::uint64_t chunk);
    void unpin(std::uint64_t chunk);
    std::size_t pinnedBytes() const;
    std::size_t chunksPinned() const;

private:
    void evictLocked();

    struct Entry
    {
        std::uint64_t chunk;
        std::shared_ptr<const DecodedChunk> decoded;
        int pins = 0;
    };
    mutable std::mutex m_mutex;
    std::list<Entry> m_lru; // most recent first
    std::unordered_map<std::uint64_t, std::list<Entry>::iterator> m_index;
    std::size_t m_budget;
    std::size_t m_bytes = 0;
    std::size_t m_pinnedBytes = 0, m_pinnedChunks = 0;
};

} // namespace bufferscope
