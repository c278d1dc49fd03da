// SPDX-License-Identifier: GPL-3.0-or-later
// FetchCache: a short most-recent-first list within a byte budget.
#include "buffer/fetch_cache.h"

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

void FetchCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_entries.clear();
}

} // namespace bufferscope
