// SPDX-License-Identifier: GPL-3.0-or-later
// What a chunked store must say about one array so that ChunkReader can serve bytes from it:
// the array's shape and item, the regular grid of chunks that tile it, the fill value of
// absent chunks, and how to load (read and decode) one chunk. Zarr v2, Zarr v3 and HDF5
// each implement it; the reader, its cache and the exporter are shared.
#pragma once

#include "common/result.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bufferscope {

struct ChunkedArrayInfo
{
    std::string kind;                   // "zarr" or "hdf5" (SourceInfo::kind)
    std::string path;                   // as the user names it: "store.zarr::raw/0"
    std::vector<std::int64_t> shape;    // the array's
    std::vector<std::int64_t> chunks;   // the decode unit (inner chunks of a sharded array)
    std::int64_t itemsize = 1;
    std::string format = "B";           // PEP 3118, with an explicit byte order
    std::vector<std::byte> fill;        // one item: what absent chunks read as
    // For the inspector: {"codecs": [...], "fill_value": ..., "store": ..., "order": ...}.
    nlohmann::json storage = nlohmann::json::object();
};

// What loading one chunk found.
struct LoadedChunk
{
    bool present = false;          // false: absent, it reads as the fill value
    std::uint64_t storedBytes = 0; // bytes as stored (compressed), 0 when absent
    // A fingerprint of the stored chunk (its file's size and modification time, an HDF5
    // chunk's address and size, or a hash of the bytes where the store tells nothing else):
    // a later load with another stamp means the chunk changed on storage.
    std::uint64_t stamp = 0;
};

// What a store can tell about a chunk without reading it (read_cost.h).
struct ChunkProbe
{
    enum class State { Unknown, Absent, Present };
    State state = State::Unknown;
    std::uint64_t storedBytes = 0; // for Present
};

class ChunkSource
{
public:
    virtual ~ChunkSource() = default;

    virtual const ChunkedArrayInfo &info() const = 0;
    // The store key of a chunk as errors and the inspector name it ("c/0/1", "0.1").
    virtual std::string chunkKey(std::span<const std::int64_t> coords) const = 0;
    // Fills `out` (the whole chunk, prod(chunks) * itemsize bytes, C order, edge chunks padded
    // as stored) and returns true; false when the chunk is absent (it reads as the fill
    // value). Called from several threads at once. Errors name the chunk and its bytes:
    //   Io "zarr: chunk 'c/0/1' (bytes 0..812) cannot be decoded: zstd: Data corruption detected"
    virtual Result<LoadedChunk> loadChunk(std::span<const std::int64_t> coords,
                                          std::span<std::byte> out) const = 0;
    // Whether the chunk is stored and how big, when the store can tell without reading it
    // (a stat, an index lookup). Never a network request. Called from several threads.
    virtual ChunkProbe probeChunk(std::span<const std::int64_t>) const { return {}; }
    // The whole array's stored bytes, when the store can tell at the cost of a directory
    // listing or an index query; nullopt otherwise (HTTP stores).
    virtual std::optional<std::uint64_t> storedBytesTotal() const { return std::nullopt; }
    // Reads the metadata again and compares it with what was opened: Io "zarr: 'raw/.zarray'
    // changed on storage since the array was opened" (the refresh of chunked_exporter.h).
    virtual Status checkMetadata() const { return {}; }
};

} // namespace bufferscope
