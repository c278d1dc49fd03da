// SPDX-License-Identifier: GPL-3.0-or-later
// The bytes-to-bytes codecs of Zarr stores, each a thin wrapper of its Debian library:
// zlib and gzip (zlib), zstd (libzstd), blosc (c-blosc) and crc32c (crc32c.h). Decoding
// only: BufferScope never writes a store. Errors are the codec's own words, e.g.
// "zstd: Data corruption detected"; the caller adds which chunk and which bytes.
#pragma once

#include "common/result.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace bufferscope {

class BytesCodec
{
public:
    virtual ~BytesCodec() = default;
    // The codec as the inspector shows it: {"name": "zstd", "level": 3}.
    virtual nlohmann::json describe() const = 0;
    // Decodes `in`. No output may pass `limit` bytes (a decompression bomb is refused:
    // "zstd: the data decodes to more than 4096 bytes").
    virtual Result<std::vector<std::byte>> decode(std::span<const std::byte> in,
                                                  std::size_t limit) const = 0;
    // Decodes straight into `out` when the data's own header says it decodes to exactly
    // out.size() bytes (zstd frames, blosc buffers): true when done; false when this codec
    // cannot tell, and the caller uses decode(). Saves a chunk-sized copy per chunk.
    virtual Result<bool> decodeInto(std::span<const std::byte>, std::span<std::byte>) const
    {
        return false;
    }
};

// A Zarr v2 "compressor" (numcodecs ids zlib, gzip, zstd, blosc). Refused:
//   Value "zarr: compressor 'lz4' is not supported (zlib, gzip, zstd, blosc are)"
Result<std::unique_ptr<BytesCodec>> makeNumcodecsCodec(const nlohmann::json &config);

// A Zarr v3 bytes-to-bytes codec by name (gzip, zstd, blosc, crc32c) with its configuration.
// Refused: Value "zarr: codec 'lz4' is not supported"
Result<std::unique_ptr<BytesCodec>> makeV3BytesCodec(const std::string &name,
                                                     const nlohmann::json &configuration);

// Decodes through `codecs` from the last to the first (the order they were applied in).
Result<std::vector<std::byte>> decodeChain(const std::vector<std::unique_ptr<BytesCodec>> &codecs,
                                           std::vector<std::byte> stored, std::size_t limit);

} // namespace bufferscope
