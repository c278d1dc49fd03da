// SPDX-License-Identifier: GPL-3.0-or-later
// One heatmap and what feeds it: the buffer being shown, the plane key the panel built for
// it, the display choices (gradient, pooling, range) and its own RenderJob. Requests are
// coalesced (one per event-loop turn) and skipped when nothing would change; the view's
// zoom and size decide the region and pixel budget. The render panel has two of these (the
// main heatmap and the side-by-side one).
#pragma once

#include "models/render_job.h"
#include "models/render_request.h"
#include "views/heatmap_view.h"

#include <QObject>
#include <QString>

#include <optional>

namespace bufferscope {

class BufferSource;

struct DisplayChoice
{
    std::string gradient = "viridis";
    render::PoolMode poolMode = render::PoolMode::Mean;
    bool markNonFinite = true;
    RangeMode rangeMode = RangeMode::Automatic;
    double low = 0.0;
    double high = 1.0;
};

class HeatmapTarget : public QObject
{
    Q_OBJECT

public:
    HeatmapTarget(HeatmapView *view, QObject *parent = nullptr);

    // What to show: `source` is held exported while a render reads it; the view's axes are
    // labelled after the key's displayed axes. Without a key the view shows `message`
    // (nothing selected, or why the buffer cannot be rendered).
    void setPlane(BufferSource *source, std::optional<PlaneKey> key, const QString &message = {});
    void setDisplay(const DisplayChoice &display);
    // Renders again even when nothing seems to have changed (the bytes may have).
    void refresh();

    HeatmapView *view() const { return m_view; }
    RenderJob *job() { return &m_job; }
    BufferSource *source() const { return m_source; }
    const std::optional<PlaneKey> &key() const { return m_key; }
    const RenderResult &result() const { return m_result; }
    const RenderRequest &request() const { return m_request; }
    bool isRendering() const { return m_job.isBusy() || m_job.isReading() || m_scheduled; }

    // The whole plane colour-mapped at full resolution (no pooling), or a null image.
    QImage fullImage() const;

signals:
    void rendered(const bufferscope::RenderResult &result);
    // The shown plane's histogram arrived (result().plane has it now).
    void histogramReady();
    // A preview of the render under way is on screen: drawn from the chunks loaded so far of
    // a slow chunked store (chunk_prefetch.h); result() is still the last finished render.
    void previewShown();
    // setPlane was called: another plane, or none.
    void planeChanged();

private:
    void schedule();
    void render();
    void onFinished(const RenderResult &result);
    bool keepsAspect(const RenderResult &result) const;

    HeatmapView *m_view;
    RenderJob m_job;
    BufferSource *m_source = nullptr;
    std::optional<PlaneKey> m_key;
    DisplayChoice m_display;
    RenderRequest m_request; // the last one sent
    RenderResult m_result;   // the last one shown
    bool m_sent = false;
    bool m_scheduled = false;
};

// The element a clicked cell stands for: the plane's fixed indices with the cell's row and
// column put in (channel 0 in image mode), cut to the buffer's ndim (a record field's
// sub-array axes come after the record's).
std::vector<Index> elementIndex(const PlaneKey &key, Cell cell, int bufferNdim);

// The status line for a cell, its values read from the buffer: "[5, 12, 40] = 0.731",
// "[60, 110, :] = (255, 220, 0)", "[12, 1] position = 0.25" (field: the record field's label,
// or empty).
QString readoutText(const PlaneKey &key, const PlaneSummary &plane, Cell cell, const QString &field);

} // namespace bufferscope
