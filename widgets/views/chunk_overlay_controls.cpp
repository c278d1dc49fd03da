// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkOverlayControls: wiring between the main heatmap's target, its job and the overlay.
#include "views/chunk_overlay_controls.h"

#include "models/chunk_gate.h"
#include "models/chunk_overlay_model.h"
#include "views/chunk_overlay.h"
#include "views/heatmap_target.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace bufferscope {

ChunkOverlayControls::ChunkOverlayControls(HeatmapTarget *target, QObject *parent)
    : QObject(parent), m_target(target), m_model(new ChunkOverlayModel(this)),
      m_overlay(new ChunkOverlay(target->view()->plot(), m_model)), m_gate(new ChunkGate(this)),
      m_action(new QAction(tr("Chunk &Grid"), this)), m_toggle(new QToolButton),
      m_legend(new QWidget), m_note(new QLabel), m_progress(new QProgressBar)
{
    m_action->setObjectName(QStringLiteral("chunkGridAction"));
    m_action->setCheckable(true);
    m_action->setEnabled(false);
    m_action->setToolTip(tr("Draw the chunk grid of a chunked array (Zarr, HDF5) over the "
                            "heatmap, each chunk tinted by its state"));
    m_toggle->setObjectName(QStringLiteral("chunkGridButton"));
    m_toggle->setDefaultAction(m_action);
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_legend->setObjectName(QStringLiteral("chunkLegend"));
    auto *layout = new QHBoxLayout(m_legend);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    for (ChunkState state :
         {ChunkState::Absent, ChunkState::Stored, ChunkState::Cached, ChunkState::Loading}) {
        auto *swatch = new QLabel;
        swatch->setFixedSize(12, 12);
        swatch->setStyleSheet(QStringLiteral("background: %1; border: 1px solid #707070;")
                                  .arg(chunkStateColour(state).name()));
        layout->addWidget(swatch);
        layout->addWidget(new QLabel(chunkStateName(state)));
        layout->addSpacing(6);
    }
    m_note->setObjectName(QStringLiteral("chunkNote"));
    layout->addWidget(m_note);
    m_legend->hide();

    m_progress->setObjectName(QStringLiteral("chunkProgress"));
    m_progress->setFormat(tr("%v / %m chunks"));
    m_progress->setAlignment(Qt::AlignCenter); // the count on the bar, not cut beside it
    m_progress->setFixedWidth(150);
    m_progress->hide();
    m_progressDelay.setSingleShot(true);
    m_progressDelay.setInterval(300); // only waits a user would notice show progress
    connect(&m_progressDelay, &QTimer::timeout, this, [this] {
        if (m_busy && m_needed > m_done)
            setProgressShown(true);
    });

    connect(m_action, &QAction::toggled, this, [this](bool on) {
        m_overlay->setTinted(on);
        m_legend->setVisible(on);
        updatePolling();
        m_model->poll();
    });
    connect(m_model, &ChunkOverlayModel::statesChanged, this,
            [this] { m_target->view()->plot()->replot(QCustomPlot::rpQueuedReplot); });
    connect(m_target->view(), &HeatmapView::viewChanged, this,
            [this] { m_model->setRegion(m_target->view()->visibleRegion()); });
    connect(m_target, &HeatmapTarget::previewShown, this, [this] {
        m_overlay->setPlaceholders(true);
        m_model->poll();
    });
    connect(m_target, &HeatmapTarget::rendered, this, [this] {
        m_overlay->setPlaceholders(false);
        m_model->poll(); // the chunks just drawn are cached now
    });
    RenderJob *job = m_target->job();
    connect(job, &RenderJob::busyChanged, this, &ChunkOverlayControls::onBusy);
    connect(job, &RenderJob::chunkProgress, this, [this](qint64 done, qint64 needed) {
        m_done = done;
        m_needed = needed;
        m_progress->setRange(0, int(needed));
        m_progress->setValue(int(done));
        if (done >= needed)
            setProgressShown(false);
        else if (m_busy && !m_progressDelay.isActive())
            setProgressShown(true); // the render has waited 300 ms already
    });
    connect(m_target, &HeatmapTarget::planeChanged, this, [this] { setPlane(m_target->key()); });
}

void ChunkOverlayControls::setPlane(const std::optional<PlaneKey> &key)
{
    m_model->setPlane(key);
    m_model->setRegion(m_target->view()->visibleRegion());
    const bool chunked = m_model->isChunked();
    m_action->setEnabled(chunked);
    m_overlay->setTinted(chunked && m_action->isChecked());
    m_legend->setVisible(chunked && m_action->isChecked());
    m_note->setText(m_model->note());
    m_note->setToolTip(m_model->note());
    updatePolling();
}

void ChunkOverlayControls::setProgressShown(bool shown)
{
    if (m_progress->isHidden() != shown)
        return; // no change
    m_progress->setVisible(shown);
    emit progressShown(shown);
}

void ChunkOverlayControls::onBusy(bool busy)
{
    m_busy = busy;
    m_done = m_needed = 0;
    if (busy) {
        m_progressDelay.start();
    } else {
        m_progressDelay.stop();
        setProgressShown(false);
    }
    updatePolling();
}

void ChunkOverlayControls::updatePolling()
{
    m_model->setPolling(m_model->isChunked() && (m_action->isChecked() || m_busy));
}

} // namespace bufferscope
