// SPDX-License-Identifier: GPL-3.0-or-later
// Fingerprints of stored chunks (LoadedChunk::stamp): what the store tells of a value (a
// file's size and modification time) mixed into 64 bits, or, where it tells nothing (HTTP),
// a hash of the stored bytes. Only equality matters: a chunk whose stamp differs from the
// first load's changed on storage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>

namespace bufferscope {

// splitmix64's finaliser over each value in turn.
inline std::uint64_t mixStamp(std::initializer_list<std::uint64_t> values)
{
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    for (std::uint64_t v : values) {
        h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
        h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
        h ^= h >> 31;
    }
    return h;
}

// FNV-1a over 8-byte words (then the tail), with the size mixed in.
inline std::uint64_t hashStamp(std::span<const std::byte> bytes)
{
    std::uint64_t h = 0xcbf29ce484222325ull;
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, bytes.data() + i, 8);
        h = (h ^ word) * 0x100000001b3ull;
    }
    for (; i < bytes.size(); ++i)
        h = (h ^ static_cast<std::uint64_t>(bytes[i])) * 0x100000001b3ull;
    return mixStamp({h, bytes.size()});
}

} // namespace bufferscope
