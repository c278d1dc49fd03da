// SPDX-License-Identifier: GPL-3.0-or-later
// Local copies of read-on-demand buffers (fetch.h), kept while they may be asked again: the
// pooling pass and the histogram pass of one picture, the rows of a value table. Small by
// design (a few entries within a byte budget): the exporter's own cache, if it has one (a
// chunk cache), is where bulk data lives.
#pragma once

#include "buffer/descriptor.h"

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>

namespace bufferscope {

// A C-contiguous local copy of a buffer's elements: `descriptor` has the source's format,
// itemsize and shape, C strides, no suboffsets, readonly, and points into `storage`.
struct LocalBuffer
{
    std::unique_ptr<std::byte[]> storage;
    Descriptor descriptor;
};

class FetchCache
{
public:
    explicit FetchCache(std::size_t budgetBytes = std::size_t(1) << 30) : m_budget(budgetBytes) {}

    // The copy of exactly `source` (same addresses, shape, strides, suboffsets, itemsize)
    // made at `generation`, or null.
    std::shared_ptr<const LocalBuffer> find(const Descriptor &source, std::uint64_t generation);
    void store(const Descriptor &source, std::uint64_t generation,
               std::shared_ptr<const LocalBuffer> copy);
    void clear();

private:
    struct Entry
    {
        Descriptor source;
        std::uint64_t generation;
        std::shared_ptr<const LocalBuffer> copy;
    };
    static constexpr std::size_t kMaxEntries = 64; // lookups walk the list
    std::mutex m_mutex;
    std::list<Entry> m_entries; // most recent first
    std::size_t m_budget;
};

} // namespace bufferscope
