// SPDX-License-Identifier: GPL-3.0-or-later
// ByteReader's bookkeeping around the subclass's readRuns.
#include "buffer/byte_reader.h"

#include <cstdio>

namespace bufferscope {

Status ByteReader::read(std::span<const ReadRun> runs) const
{
    auto status = readRuns(runs);
    if (status) {
        std::uint64_t total = 0;
        for (const ReadRun &run : runs)
            total += run.size;
        m_bytesRead.fetch_add(total);
    }
    return status;
}

void ByteReader::invalidate()
{
    m_generation.fetch_add(1);
    m_cache.clear();
}

std::string addressRange(Address address, std::size_t size)
{
    char text[64];
    std::snprintf(text, sizeof text, "0x%llx..0x%llx", static_cast<unsigned long long>(address),
                  static_cast<unsigned long long>(address + size));
    return text;
}

} // namespace bufferscope
