// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkGate: the chunks a read touches -> their states -> a background prefetch if needed.
#include "models/chunk_gate.h"

#include "buffer/fetch.h"
#include "buffer/read_cancel.h"
#include "exporters/chunked/chunk_reader.h"

#include <QMetaObject>

#include <vector>

namespace bufferscope {

ChunkGate::ChunkGate(QObject *parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
}

ChunkGate::~ChunkGate()
{
    m_alive->store(false);
    m_pool.waitForDone();
}

bool ChunkGate::isReady(std::span<const ReadRun> runs,
                        const std::shared_ptr<const ByteReader> &reader)
{
    auto chunks = std::dynamic_pointer_cast<const ChunkReader>(reader);
    if (!chunks)
        return true;
    auto touched = chunks->chunksTouched(runs);
    if (!touched)
        return true; // the read itself reports the bad range
    std::vector<std::uint64_t> missing;
    for (std::uint64_t id : *touched) {
        const ChunkState state = chunks->chunkState(id);
        if (state != ChunkState::Cached && state != ChunkState::Absent)
            missing.push_back(id);
    }
    if (missing.empty())
        return true;
    if (m_loading.exchange(true))
        return false;
    m_pool.start([this, chunks, missing = std::move(missing), alive = m_alive] {
        {
            const ReadCancelScope cancel([alive] { return alive->load(); });
            (void)chunks->prefetch(missing); // a failure is the next read's error to show
        }
        if (!alive->load())
            return;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_loading = false;
                emit loaded();
            },
            Qt::QueuedConnection);
    });
    return false;
}

bool ChunkGate::isReady(const Descriptor &box, const std::shared_ptr<const ByteReader> &reader)
{
    if (!std::dynamic_pointer_cast<const ChunkReader>(reader))
        return true;
    std::vector<ReadRun> runs;
    const Status walked = forEachFetchRun(box, *reader, [&runs](Address address, std::size_t size) {
        runs.push_back({address, size, nullptr});
    });
    return !walked || isReady(runs, reader);
}

} // namespace bufferscope
