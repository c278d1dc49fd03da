// SPDX-License-Identifier: GPL-3.0-or-later
// FetchCache: a short most-recent-first list within a byte budget.
#include "buffer/fetch_cache.h"

#include <algorithm>

namespace bufferscope {

namespace {

bool sameBuffer(const Descriptor &a, const Descriptor &b)
{
    return a.buf == b.buf && a.len == b.len && a.itemsize == b.itemsize && a.shape == b.shape &&
           a.strides == b.strides && a.suboffsets == b.suboffsets && a.format == b.format;
}

} // namespace

std::shared_ptr<const LocalBuffer> FetchCache::find(const Descriptor &source,
                                                    std::uint64_t generation)
{
    std::lock_guard lock(m_mutex);
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->generation == generation && sameBuffer(it->source, source)) {
            m_entries.splice(m_entries.begin(), m_entries, it);
            return m_entries.front().copy;
        }
    }
    return nullptr;
}

void FetchCache::store(const Descriptor &source, std::uint64_t generation,
                       std::shared_ptr<const LocalBuffer> copy)
{
    const auto size = static_cast<std::size_t>(copy->descriptor.len);
    if (size > m_budget)
        return;
    std::lock_guard lock(m_mutex);
    m_entries.push_front(Entry{source, generation, std::move(copy)});
    std::size_t used = 0;
    std::size_t kept = 0;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        used += static_cast<std::size_t>(it->copy->descriptor.len);
        const bool keep = used <= m_budget && it->generation == generation && kept < kMaxEntries;
        kept += keep ? 1 : 0;
        it = keep ? std::next(it) : m_entries.erase(it);
    }
}

SpareBlocks::Block SpareBlocks::take(const std::shared_ptr<SpareBlocks> &spares, std::size_t size)
{
    size = std::max<std::size_t>(size, 1);
    if (size >= kMinSpare) {
        std::lock_guard lock(spares->m_mutex);
        auto &blocks = spares->m_blocks;
        for (auto it = blocks.begin(); it != blocks.end(); ++it) {
            if (it->first >= size && it->first <= 2 * size) {
                Block block(it->second, Return{spares, it->first});
                blocks.erase(it);
                return block;
            }
        }
    }
    // Not value-initialised: the fetch overwrites every byte.
    return Block(std::make_unique_for_overwrite<std::byte[]>(size).release(), Return{spares, size});
}

void SpareBlocks::Return::operator()(std::byte *block) const
{
    const auto owner = spares.lock();
    if (owner && capacity >= kMinSpare) {
        std::lock_guard lock(owner->m_mutex);
        owner->m_blocks.emplace_back(capacity, block);
        if (owner->m_blocks.size() <= kMaxSpares)
            return;
        block = owner->m_blocks.front().second; // the oldest goes
        owner->m_blocks.erase(owner->m_blocks.begin());
    }
    delete[] block;
}

SpareBlocks::~SpareBlocks()
{
    for (auto &[capacity, block] : m_blocks)
        delete[] block;
}

void FetchCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_entries.clear();
}

} // namespace bufferscope
