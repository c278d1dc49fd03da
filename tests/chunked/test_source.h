// SPDX-License-Identifier: GPL-3.0-or-later
// A ChunkSource for the reader's own tests: an array of float32 whose every element holds its
// flat C index (exact up to 2^24), so any bytes read can be checked without an oracle. It
// records which chunks were loaded, can say some chunks are absent (they read as the fill
// value -1) and which stored size each has, and calls a hook on every load (to cancel a read
// at an exact chunk, or to be slow).
#pragma once

#include "exporters/chunked/chunk_source.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <set>

namespace bufferscope::testing {

class TestSource : public ChunkSource
{
public:
    TestSource(std::vector<std::int64_t> shape, std::vector<std::int64_t> chunks)
    {
        m_info.kind = "zarr";
        m_info.path = "test";
        m_info.shape = std::move(shape);
        m_info.chunks = std::move(chunks);
        m_info.itemsize = 4;
        m_info.format = "<f";
        const float fill = -1.0f;
        m_info.fill.resize(4);
        std::memcpy(m_info.fill.data(), &fill, 4);
    }

    const ChunkedArrayInfo &info() const override { return m_info; }

    std::string chunkKey(std::span<const std::int64_t> coords) const override
    {
        std::string key;
        for (std::size_t k = 0; k < coords.size(); ++k)
            key += (k ? "." : "") + std::to_string(coords[k]);
        return key;
    }

    // Absent chunks: every `absentEvery`-th chunk id (0: none).
    std::uint64_t absentEvery = 0;
    // The stored size a chunk claims: deterministic and different per chunk.
    static std::uint64_t storedSize(std::uint64_t id) { return 100 + 7 * id; }
    // Called at the start of every load with the chunk id, from the loading thread.
    std::function<void(std::uint64_t)> onLoad;
    // Bumped to make every later load report a different stamp (the chunk "changed").
    std::atomic<std::uint64_t> version{0};

    std::uint64_t idOf(std::span<const std::int64_t> coords) const
    {
        std::uint64_t id = 0;
        for (std::size_t k = 0; k < coords.size(); ++k) {
            const std::int64_t grid = (m_info.shape[k] + m_info.chunks[k] - 1) / m_info.chunks[k];
            id = id * std::uint64_t(grid) + std::uint64_t(coords[k]);
        }
        return id;
    }
    bool isAbsent(std::uint64_t id) const { return absentEvery && id % absentEvery == 0; }

    Result<LoadedChunk> loadChunk(std::span<const std::int64_t> coords,
                                  std::span<std::byte> out) const override
    {
        const std::uint64_t id = idOf(coords);
        if (onLoad)
            onLoad(id);
        {
            std::lock_guard lock(m_mutex);
            m_loads.insert(id);
        }
        if (isAbsent(id))
            return LoadedChunk{};
        // Element (local index l in the chunk) = the flat index of its global position.
        const std::size_t n = coords.size();
        std::vector<std::int64_t> local(n, 0);
        auto *values = reinterpret_cast<float *>(out.data());
        for (std::size_t i = 0; i < out.size() / 4; ++i) {
            std::int64_t flat = 0;
            for (std::size_t k = 0; k < n; ++k)
                flat = flat * m_info.shape[k] + coords[k] * m_info.chunks[k] + local[k];
            values[i] = float(flat);
            for (std::size_t k = n; k-- > 0;) {
                if (++local[k] < m_info.chunks[k])
                    break;
                local[k] = 0;
            }
        }
        return LoadedChunk{true, storedSize(id), id * 1000 + version.load()};
    }

    ChunkProbe probeChunk(std::span<const std::int64_t> coords) const override
    {
        const std::uint64_t id = idOf(coords);
        if (isAbsent(id))
            return {ChunkProbe::State::Absent, 0};
        return {ChunkProbe::State::Present, storedSize(id)};
    }

    std::set<std::uint64_t> loads() const
    {
        std::lock_guard lock(m_mutex);
        return m_loads;
    }
    void clearLoads()
    {
        std::lock_guard lock(m_mutex);
        m_loads.clear();
    }

private:
    ChunkedArrayInfo m_info;
    mutable std::mutex m_mutex;
    mutable std::set<std::uint64_t> m_loads;
};

} // namespace bufferscope::testing
