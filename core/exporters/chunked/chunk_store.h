// SPDX-License-Identifier: GPL-3.0-or-later
// Where a Zarr store's keys live: a local directory (one file per key) or an HTTP(S) prefix
// (one URL per key, http_store.h). Keys are '/'-separated paths relative to the store root
// (".zarray", "raw/0/c/0/1"). Absent keys are not errors: an absent chunk reads as the fill
// value, so get() says "absent" with an empty optional.
#pragma once

#include "common/result.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bufferscope {

using StoreBytes = std::optional<std::vector<std::byte>>; // nullopt: the key is absent

// What a store can tell about a key without reading its value.
struct KeyStat
{
    enum class State { Unknown, Absent, Present };
    State state = State::Unknown;
    std::uint64_t size = 0;      // for Present
    std::int64_t modifiedNs = 0; // for Present: modification time, 0 when not known
};

class ChunkStore
{
public:
    virtual ~ChunkStore() = default;

    // The root as the user gave it: "/data/store.zarr", "https://host/store.zarr".
    virtual std::string root() const = 0;
    // The whole value of `key`.
    virtual Result<StoreBytes> get(const std::string &key) const = 0;
    // get() into `buffer`, reusing its memory (a loader thread's scratch, so no allocation,
    // zeroing and page faults per chunk): the value is buffer[0, n) with n returned (the
    // buffer may be longer); nullopt when absent.
    virtual Result<std::optional<std::size_t>> getInto(const std::string &key,
                                                       std::vector<std::byte> &buffer) const
    {
        auto value = get(key);
        if (!value)
            return value.error();
        if (!*value)
            return std::optional<std::size_t>{};
        buffer = std::move(**value);
        return std::optional<std::size_t>{buffer.size()};
    }
    // Bytes [offset, offset + size) of `key` (a chunk inside a shard). Refused when the value
    // is shorter: Io "zarr: 'c/0/0' holds 100 bytes, bytes 96..112 were asked for".
    virtual Result<StoreBytes> getRange(const std::string &key, std::uint64_t offset,
                                        std::uint64_t size) const = 0;
    // The last `size` bytes of `key` (a shard index at its end), same refusal.
    virtual Result<StoreBytes> getSuffix(const std::string &key, std::uint64_t size) const = 0;
    // Every key below `prefix` ("" for all), for listing the arrays of a group. Stores that
    // cannot list (HTTP) refuse: Value "zarr: 'https://...' cannot be listed".
    virtual Result<std::vector<std::string>> list(const std::string &prefix) const = 0;
    // Size and modification time of `key` when the store can tell cheaply (a local file's
    // stat); Unknown for stores that would need a request (HTTP).
    virtual KeyStat stat(const std::string &) const { return {}; }
};

// A store in a local directory. Refused when `root` is not a directory:
//   Io "zarr: '/x' is not a directory"
Result<std::shared_ptr<ChunkStore>> openDirectoryStore(const std::string &root);

// "zarr: 'KEY' holds N bytes, bytes A..B were asked for": the refusal of short values.
Error shortValueError(const std::string &key, std::uint64_t have, std::uint64_t offset,
                      std::uint64_t size);

} // namespace bufferscope
