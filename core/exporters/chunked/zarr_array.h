// SPDX-License-Identifier: GPL-3.0-or-later
// Zarr arrays as ChunkSources: v2 (.zarray: dtype, compressor, C/F order, fill_value,
// dimension_separator) and v3 (zarr.json: regular grid, default/v2 chunk key encodings, codecs
// transpose, bytes, gzip, zstd, blosc, crc32c and sharding_indexed). Opening reads only the
// metadata; chunks are read when the reader asks.
#pragma once

#include "exporters/chunked/chunk_source.h"
#include "exporters/chunked/chunk_store.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bufferscope {

enum class ZarrNode { None, Array, Group };

// What `path` ("" for the root, "raw/0") of the store is, from its metadata keys.
Result<ZarrNode> zarrNodeAt(const ChunkStore &store, const std::string &path);

// Opens the array at `path` in `store`; `displayPath` is how the user named it (SourceInfo).
// Refusals name the metadata key: Syntax "zarr: 'raw/.zarray' is not valid JSON",
// Value "zarr: 'zarr.json' field 'shape' must be a list of non-negative integers", ...
Result<std::shared_ptr<ChunkSource>> openZarrArray(std::shared_ptr<ChunkStore> store,
                                                   const std::string &path,
                                                   const std::string &displayPath);

// Parses array metadata text (a .zarray or zarr.json value) without a store: the fuzz
// target's entry, and openZarrArray's first step.
Result<std::shared_ptr<ChunkSource>> parseZarrMetadata(std::shared_ptr<ChunkStore> store,
                                                       const std::string &path,
                                                       const std::string &metadataKey,
                                                       const std::string &text,
                                                       const std::string &displayPath);

// The arrays under `path` of a group, as paths relative to the store root, sorted: from the
// group's consolidated metadata when it has some (no listing: what HTTP stores need, and one
// read instead of a walk over every chunk file), else from the store's list(). Refusals:
// consolidatedArrays's, the store's list() ("zarr: 'https://...' cannot be listed").
Result<std::vector<std::string>> listZarrArrays(const ChunkStore &store, const std::string &path);

// The arrays a consolidated metadata text lists, relative to the group holding it, sorted:
// Zarr v2 ".zmetadata" ({"zarr_consolidated_format": 1, "metadata": {"raw/0/.zarray": {..}}})
// or a v3 group's "zarr.json" ("consolidated_metadata": {"metadata": {"raw/0": {"node_type":
// "array", ..}}}); nullopt for a v3 group without consolidated metadata. Refusals:
//   Syntax "zarr: '.zmetadata' is not a JSON object"
//   Value  "zarr: '.zmetadata' field 'metadata' must be an object of metadata objects"
Result<std::optional<std::vector<std::string>>> consolidatedArrays(const std::string &key,
                                                                   const std::string &text);

// A shard index (v3 sharding_indexed) decoded into (offset, nbytes) pairs, one per inner
// chunk in C order; (2^64-1, 2^64-1) marks an absent chunk. `bytes` is the index as stored,
// `crc` whether a crc32c codec follows the little/big endian integers. Refusals:
//   Io "zarr: shard index of 'c/0' has 100 bytes, 64 chunks need 1028"
Result<std::vector<std::uint64_t>> decodeShardIndex(const std::string &key,
                                                    std::span<const std::byte> bytes,
                                                    std::size_t chunks, bool bigEndian, bool crc);

} // namespace bufferscope
