// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkOverlayModel: the grid once per plane, the states of the chunks in view per poll.
#include "models/chunk_overlay_model.h"

namespace bufferscope {

ChunkOverlayModel::ChunkOverlayModel(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &ChunkOverlayModel::poll);
}

void ChunkOverlayModel::setPlane(const std::optional<PlaneKey> &key)
{
    m_reader = key ? std::dynamic_pointer_cast<const ChunkReader>(key->reader) : nullptr;
    m_grid.reset();
    m_note.clear();
    m_states.clear();
    m_region = {};
    if (m_reader) {
        auto grid = chunkPlaneGrid(m_reader->source().info(), ChunkReader::kBaseAddress,
                                   key->descriptor, channelSelection(*key, 0));
        if (grid)
            m_grid = std::move(*grid);
        else
            m_note = QString::fromStdString(grid.error().message);
    }
    collect();
    poll();
}

void ChunkOverlayModel::setRegion(const RenderRegion &region)
{
    if (region == m_region)
        return;
    m_region = region;
    collect();
    poll();
}

void ChunkOverlayModel::collect()
{
    m_inView.clear();
    if (!m_grid)
        return;
    m_note.clear();
    const RenderRegion r = render::clampRegion(m_region, m_grid->shape);
    const auto rows = ChunkPlaneGrid::spansIn(m_grid->rows, r.row, r.rows).size();
    const auto columns = ChunkPlaneGrid::spansIn(m_grid->columns, r.column, r.columns).size();
    if (rows * columns > kMostChunks) {
        m_note = tr("%1 chunks in view: zoom in to see them").arg(rows * columns);
        return;
    }
    m_inView = m_grid->chunkIds(m_region);
}

ChunkState ChunkOverlayModel::state(std::uint64_t id) const
{
    const auto it = m_states.find(id);
    return it == m_states.end() ? ChunkState::Stored : it->second;
}

std::size_t ChunkOverlayModel::chunksDone() const
{
    std::size_t done = 0;
    for (std::uint64_t id : m_inView) {
        const ChunkState s = state(id);
        done += s == ChunkState::Cached || s == ChunkState::Absent;
    }
    return done;
}

void ChunkOverlayModel::setPolling(bool on)
{
    if (on && !m_timer.isActive())
        m_timer.start();
    else if (!on)
        m_timer.stop();
}

void ChunkOverlayModel::poll()
{
    if (!m_reader)
        return;
    bool changed = false;
    std::unordered_map<std::uint64_t, ChunkState> states;
    states.reserve(m_inView.size());
    for (std::uint64_t id : m_inView) {
        const ChunkState s = m_reader->chunkState(id);
        states.emplace(id, s);
        const auto old = m_states.find(id);
        changed = changed || old == m_states.end() || old->second != s;
    }
    changed = changed || states.size() != m_states.size();
    m_states = std::move(states);
    if (changed)
        emit statesChanged();
}

std::optional<ChunkState> cellChunkState(const PlaneKey &key, Index row, Index column)
{
    const auto reader = std::dynamic_pointer_cast<const ChunkReader>(key.reader);
    if (!reader)
        return std::nullopt;
    auto grid = chunkPlaneGrid(reader->source().info(), ChunkReader::kBaseAddress, key.descriptor,
                               channelSelection(key, 0));
    if (!grid || row < 0 || column < 0 || row >= grid->shape.rows || column >= grid->shape.columns)
        return std::nullopt;
    return reader->chunkState(grid->chunkAt(row, column));
}

} // namespace bufferscope
