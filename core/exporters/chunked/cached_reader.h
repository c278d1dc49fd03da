// SPDX-License-Identifier: GPL-3.0-or-later
// A ByteReader over the chunks a ChunkReader holds decoded, and nothing else: chunks not
// cached read as the fill value and nothing is loaded. The render job draws a preview
// through it while a slow store delivers the rest (coarse to fine), so a preview can never
// wait on a read. Its bytes are not the array's where chunks are missing: never cache a
// plane summary made through it.
#pragma once

#include "exporters/chunked/chunk_reader.h"

#include <memory>

namespace bufferscope {

class CachedChunkReader : public ByteReader
{
public:
    explicit CachedChunkReader(std::shared_ptr<const ChunkReader> chunks)
        : m_chunks(std::move(chunks))
    {
    }
    const ChunkReader &chunks() const { return *m_chunks; }

protected:
    Status readRuns(std::span<const ReadRun> runs) const override
    {
        return m_chunks->readCached(runs);
    }

private:
    std::shared_ptr<const ChunkReader> m_chunks;
};

} // namespace bufferscope
