// SPDX-License-Identifier: GPL-3.0-or-later
// What the chunk overlay of a heatmap shows: the chunk grid of the shown plane (core's
// chunkPlaneGrid) and the state of each chunk in view (absent, on storage, cached, loading),
// asked of the ChunkReader ten times a second while polling is on. Asking never reads chunk
// data (ChunkReader::chunkState), so the GUI thread never waits on a store. Planes that are
// not a chunked array's have no grid; planes whose grid is refused say why (note()).
#pragma once

#include "exporters/chunked/chunk_plane_grid.h"
#include "exporters/chunked/chunk_reader.h"
#include "models/render_request.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>
#include <unordered_map>

namespace bufferscope {

class ChunkOverlayModel : public QObject
{
    Q_OBJECT

public:
    // More chunks in view than this are not polled nor drawn (lines closer than a pixel).
    static constexpr std::size_t kMostChunks = 20000;

    explicit ChunkOverlayModel(QObject *parent = nullptr);

    // The plane shown (channel 0's in image mode); none or not chunked: no grid.
    void setPlane(const std::optional<PlaneKey> &key);
    // The cells in view (empty: the whole plane): the chunks polled.
    void setRegion(const RenderRegion &region);
    bool isChunked() const { return m_reader != nullptr; }
    const ChunkPlaneGrid *grid() const { return m_grid ? &*m_grid : nullptr; }
    const ChunkReader *reader() const { return m_reader.get(); }
    QString note() const { return m_note; } // why there is no grid, or why it is not drawn

    // The chunks of the region in view, and their states as last polled.
    const std::vector<std::uint64_t> &chunksInView() const { return m_inView; }
    ChunkState state(std::uint64_t id) const;
    // Of the chunks in view, how many are decoded or known absent (nothing left to load).
    std::size_t chunksDone() const;

    void setPolling(bool on); // ten times a second
    bool isPolling() const { return m_timer.isActive(); }
    void poll(); // asks the reader now; emits statesChanged when any state changed

signals:
    void statesChanged();

private:
    void collect();

    QTimer m_timer;
    std::shared_ptr<const ChunkReader> m_reader;
    std::optional<ChunkPlaneGrid> m_grid;
    QString m_note;
    RenderRegion m_region;
    std::vector<std::uint64_t> m_inView;
    std::unordered_map<std::uint64_t, ChunkState> m_states;
};

// The state of the chunk a cell of `key`'s plane is in, asked now; nullopt when the plane is
// not a chunked array's (or has no grid). The readout asks before it reads a cell on the GUI
// thread: a chunk not loaded yet would make it wait on the store.
std::optional<ChunkState> cellChunkState(const PlaneKey &key, Index row, Index column);

} // namespace bufferscope
