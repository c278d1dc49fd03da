// SPDX-License-Identifier: GPL-3.0-or-later
// CRC-32C (Castagnoli), the checksum of Zarr v3's crc32c codec and shard indexes. Debian 12
// packages no C library for it, so this is the small table-driven form of RFC 3720's CRC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace bufferscope {

std::uint32_t crc32c(std::span<const std::byte> bytes);

} // namespace bufferscope
