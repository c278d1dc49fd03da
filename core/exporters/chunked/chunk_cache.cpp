// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkCache: a list in recency order plus an index into it.
#include "exporters/chunked/chunk_cache.h"

namespace bufferscope {

ChunkBuffers::~ChunkBuffers()
{
    for (std::byte *block : m_free)
        delete[] block;
}

ChunkBuffers::Block ChunkBuffers::take(const std::shared_ptr<ChunkBuffers> &pool)
{
    {
        std::lock_guard lock(pool->m_mutex);
        if (!pool->m_free.empty()) {
            std::byte *block = pool->m_free.back();
            pool->m_free.pop_back();
            return Block(block, Return{pool});
        }
    }
    return Block(std::make_unique_for_overwrite<std::byte[]>(pool->m_blockBytes).release(),
                 Return{pool});
}

void ChunkBuffers::Return::operator()(std::byte *block) const
{
    if (!block)
        return;
    if (const auto owner = pool.lock()) {
        std::lock_guard lock(owner->m_mutex);
        if (owner->m_free.size() < owner->m_maxBlocks) {
            owner->m_free.push_back(block);
            return;
        }
    }
    delete[] block;
}

std::size_t ChunkBuffers::spare() const
{
    std::lock_guard lock(m_mutex);
    return m_free.size();
}

std::shared_ptr<const DecodedChunk> ChunkCache::find(std::uint64_t chunk)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_index.find(chunk);
    if (it == m_index.end())
        return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, it->second);
    return it->second->decoded;
}

std::shared_ptr<const DecodedChunk> ChunkCache::peek(std::uint64_t chunk) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_index.find(chunk);
    return it == m_index.end() ? nullptr : it->second->decoded;
}

void ChunkCache::store(std::uint64_t chunk, std::shared_ptr<const DecodedChunk> decoded,
                       int newPins)
{
    std::lock_guard lock(m_mutex);
    int pins = newPins;
    if (const auto it = m_index.find(chunk); it != m_index.end()) {
        pins += it->second->pins;
        if (it->second->pins > 0) {
            m_pinnedBytes -= it->second->decoded->size;
            --m_pinnedChunks;
        }
        m_bytes -= it->second->decoded->size;
        m_lru.erase(it->second);
        m_index.erase(it);
    }
    m_bytes += decoded->size;
    if (pins > 0) {
        m_pinnedBytes += decoded->size;
        ++m_pinnedChunks;
    }
    m_lru.push_front({chunk, std::move(decoded), pins});
    m_index[chunk] = m_lru.begin();
    evictLocked();
}

void ChunkCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_lru.clear();
    m_index.clear();
    m_bytes = 0;
    m_pinnedBytes = 0;
    m_pinnedChunks = 0;
}

bool ChunkCache::pin(std::uint64_t chunk)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_index.find(chunk);
    if (it == m_index.end())
        return false;
    if (it->second->pins++ == 0) {
        m_pinnedBytes += it->second->decoded->size;
        ++m_pinnedChunks;
    }
    return true;
}

void ChunkCache::unpin(std::uint64_t chunk)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_index.find(chunk);
    if (it == m_index.end() || it->second->pins == 0)
        return;
    if (--it->second->pins == 0) {
        m_pinnedBytes -= it->second->decoded->size;
        --m_pinnedChunks;
        evictLocked();
    }
}

std::size_t ChunkCache::pinnedBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_pinnedBytes;
}

std::size_t ChunkCache::chunksPinned() const
{
    std::lock_guard lock(m_mutex);
    return m_pinnedChunks;
}

void ChunkCache::setBudget(std::size_t bytes)
{
    std::lock_guard lock(m_mutex);
    m_budget = bytes;
    evictLocked();
}

std::size_t ChunkCache::budget() const
{
    std::lock_guard lock(m_mutex);
    return m_budget;
}

std::size_t ChunkCache::bytesHeld() const
{
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

std::size_t ChunkCache::chunksHeld() const
{
    std::lock_guard lock(m_mutex);
    return m_lru.size();
}

void ChunkCache::evictLocked()
{
    // The newest entry stays even when it alone is over the budget: the read that stored it
    // is about to use it (it also holds its own reference). Pinned entries are stepped over.
    auto it = m_lru.end();
    while (m_bytes > m_budget && m_bytes > m_pinnedBytes && it != m_lru.begin()) {
        --it;
        if (it == m_lru.begin())
            break;
        if (it->pins > 0)
            continue;
        m_bytes -= it->decoded->size;
        m_index.erase(it->chunk);
        it = m_lru.erase(it);
    }
}

} // namespace bufferscope
