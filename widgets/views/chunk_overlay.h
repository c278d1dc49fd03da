// SPDX-License-Identifier: GPL-3.0-or-later
// The chunk overlay drawn over a heatmap: the chunk grid lines of the shown plane, each chunk
// cell tinted by its state (absent, on storage, cached, loading; chunkStateColour), and,
// while a preview of a slow store's plane is on screen, a hatch over the chunks not loaded
// yet (their cells show the fill value, not data). A QCustomPlot layerable above the image
// in the axis rect; it reads the ChunkOverlayModel and draws nothing without a grid.
#pragma once

#include "exporters/chunked/chunk_reader.h"

#include <qcustomplot.h>

namespace bufferscope {

class ChunkOverlayModel;

// The overlay's colour of a state (opaque; the overlay tints with it translucently).
QColor chunkStateColour(ChunkState state);
QString chunkStateName(ChunkState state);
// How strongly the overlay tints a chunk of that state (0-255): absent chunks hold no data
// to see through, cached ones do.
int chunkStateAlpha(ChunkState state);

class ChunkOverlay : public QCPLayerable
{
    Q_OBJECT

public:
    ChunkOverlay(QCustomPlot *plot, const ChunkOverlayModel *model);

    void setTinted(bool on);       // grid lines and state tints (the user's toggle)
    void setPlaceholders(bool on); // hatch over chunks not loaded (a preview is shown)
    bool isTinted() const { return m_tinted; }
    bool showsPlaceholders() const { return m_placeholders; }

    // A chunk cell in plot pixels, for tests: the centre of the chunk holding cell (row, column).
    QRectF chunkRect(Index row, Index column) const;

protected:
    void applyDefaultAntialiasingHint(QCPPainter *painter) const override;
    void draw(QCPPainter *painter) override;
    QRect clipRect() const override;

private:
    const ChunkOverlayModel *m_model;
    bool m_tinted = false;
    bool m_placeholders = false;
};

} // namespace bufferscope
