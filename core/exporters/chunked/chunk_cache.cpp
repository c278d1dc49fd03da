// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkCache: a list in recency order plus an index into it.
#include "exporters/chunked/chunk_cache.h"

namespace bufferscope {

std::shared_ptr<const DecodedChunk> ChunkCache::find(std::uint64_t chunk)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_index.find(chunk);
    if (it == m_index.end())
        return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, it->second);
    return it->second->decoded;
}

void ChunkCache::store(std::uint64_t chunk, std::shared_ptr<const DecodedChunk> decoded)
{
    std::lock_guard lock(m_mutex);
    if (const auto it = m_index.find(chunk); it != m_index.end()) {
        m_bytes -= it->second->decoded->size;
        m_lru.erase(it->second);
        m_index.erase(it);
    }
    m_bytes += decoded->size;
    m_lru.push_front({chunk, std::move(decoded)});
    m_index[chunk] = m_lru.begin();
    evictLocked();
}

void ChunkCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_lru.clear();
    m_index.clear();
    m_bytes = 0;
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
    // is about to use it (it also holds its own reference).
    while (m_bytes > m_budget && m_lru.size() > 1) {
        const Entry &last = m_lru.back();
        m_bytes -= last.decoded->size;
        m_index.erase(last.chunk);
        m_lru.pop_back();
    }
}

} // namespace bufferscope
