// SPDX-License-Identifier: GPL-3.0-or-later
// The render panel's chunk parts for chunked arrays (Zarr, HDF5): the "Chunk grid" toggle
// (also in the View menu; off by default, enabled only for a chunked array's plane), the
// overlay on the main heatmap with its four-colour legend, and the progress of a render
// waiting on a slow store ("12 / 64 chunks", shown after 300 ms). The overlay's states are
// polled ten times a second while it is shown or a render loads chunks; nothing here reads
// chunk data, so the GUI thread stays free while a store is slow.
#pragma once

#include "models/render_request.h"

#include <QObject>
#include <QTimer>

#include <optional>

class QAction;
class QLabel;
class QProgressBar;
class QToolButton;
class QWidget;

namespace bufferscope {

class ChunkGate;
class ChunkOverlay;
class ChunkOverlayModel;
class HeatmapTarget;

class ChunkOverlayControls : public QObject
{
    Q_OBJECT

public:
    ChunkOverlayControls(HeatmapTarget *target, QObject *parent = nullptr);

    QAction *toggleAction() const { return m_action; }
    // The widgets, for the panel to place: the toggle button, the legend (hidden while the
    // overlay is off) and the progress bar (hidden unless a render waits on chunks).
    QToolButton *toggle() const { return m_toggle; }
    QWidget *legend() const { return m_legend; }
    QProgressBar *progress() const { return m_progress; }

    ChunkOverlayModel *model() const { return m_model; }
    // Loads chunks off the GUI thread for the panel's own reads there (the 1-D line).
    ChunkGate *gate() const { return m_gate; }
    ChunkOverlay *overlay() const { return m_overlay; }

    // The main heatmap's plane changed (none: nothing shown).
    void setPlane(const std::optional<PlaneKey> &key);

signals:
    // The chunk progress bar appeared or went: the panel's plain busy bar says less, so it
    // steps aside while this one shows.
    void progressShown(bool shown);

private:
    void setProgressShown(bool shown);
    void updatePolling();
    void onBusy(bool busy);

    HeatmapTarget *m_target;
    ChunkOverlayModel *m_model;
    ChunkOverlay *m_overlay; // owned by the plot
    ChunkGate *m_gate;
    QAction *m_action;
    QToolButton *m_toggle;
    QWidget *m_legend;
    QLabel *m_note;
    QProgressBar *m_progress;
    QTimer m_progressDelay;
    bool m_busy = false;
    qint64 m_done = 0, m_needed = 0;
};

} // namespace bufferscope
