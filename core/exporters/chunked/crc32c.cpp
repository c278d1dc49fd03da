// SPDX-License-Identifier: GPL-3.0-or-later
// CRC-32C, reflected polynomial 0x82F63B78, one table lookup per byte.
#include "exporters/chunked/crc32c.h"

#include <array>

namespace bufferscope {

namespace {
constexpr std::array<std::uint32_t, 256> makeTable()
{
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        table[i] = c;
    }
    return table;
}
constexpr auto kTable = makeTable();
} // namespace

std::uint32_t crc32c(std::span<const std::byte> bytes)
{
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::byte b : bytes)
        c = kTable[(c ^ static_cast<std::uint32_t>(b)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

} // namespace bufferscope
