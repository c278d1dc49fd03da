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
#include <utility>
#include <vector>

namespace bufferscope {

// Blocks that dropped copies gave back, their pages already mapped: the next slice of a
// slider is written into one of them instead of a fresh allocation, whose first touch costs
// a page fault and a zeroed page per 4 KiB (about a third of fetching a 64 MiB slice).
class SpareBlocks
{
public:
    struct Return // the deleter of a copy's storage: the block goes back to the spares
    {
        std::weak_ptr<SpareBlocks> spares;
        std::size_t capacity = 0;
        void operator()(std::byte *block) const;
    };
    using Block = std::unique_ptr<std::byte[], Return>;

    // A block of at least `size` bytes (at most twice that, so tiles do not hold slices).
    static Block take(const std::shared_ptr<SpareBlocks> &spares, std::size_t size);

private:
    static constexpr std::size_t kMaxSpares = 2;
    static constexpr std::size_t kMinSpare = std::size_t(1) << 20; // smaller ones are cheap
    std::mutex m_mutex;
    std::vector<std::pair<std::size_t, std::byte *>> m_blocks; // capacity, block (owned)

public:
    ~SpareBlocks();
};

// A C-contiguous local copy of a buffer's elements: `descriptor` has the source's format,
// itemsize and shape, C strides, no suboffsets, readonly, and points into `storage`.
struct LocalBuffer
{
    SpareBlocks::Block storage;
    Descriptor descriptor;
};

class FetchCache
{
public:
    // The default keeps a few 64 MiB slices: the passes of one picture and the last moves.
    explicit FetchCache(std::size_t budgetBytes = std::size_t(256) << 20) : m_budget(budgetBytes) {}

    // Storage for a new copy of `size` bytes (SpareBlocks::take).
    SpareBlocks::Block newStorage(std::size_t size) { return SpareBlocks::take(m_spares, size); }

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
    std::shared_ptr<SpareBlocks> m_spares = std::make_shared<SpareBlocks>();
};

} // namespace bufferscope
