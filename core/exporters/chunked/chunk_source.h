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
    virtual Result<bool> loadChunk(std::span<const std::int64_t> coords,
                                   std::span<std::byte> out) const = 0;
};

} // namespace bufferscope
