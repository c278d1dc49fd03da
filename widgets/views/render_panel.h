// SPDX-License-Identifier: GPL-3.0-or-later
// The Render panel: a heatmap of the selected buffer (gradient, automatic or manual range,
// NaN/±inf colours, pooling to the screen, readout and element picking), image mode for
// uint8 buffers with a channel axis, the plane picker for N-D data, complex parts and
// record fields, a histogram with range presets, and a second heatmap side by side with
// linked zoom. Rendering runs off the GUI thread; a newer request supersedes older ones.
#pragma once

#include "models/render_job.h"
#include "models/render_request.h"
#include "models/render_settings.h"
#include "models/view_ranges.h"

#include <QPersistentModelIndex>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace bufferscope {

class BufferSource;
class ChunkOverlayControls;
class CurrentBuffer;
class HeatmapTarget;
class HeatmapView;
class HistogramView;
class LinePlotView;
class NonFiniteLegend;
class SliceControls;
struct Cell;

class RenderPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RenderPanel(CurrentBuffer *current, QWidget *parent = nullptr);
    ~RenderPanel() override;

    // Writes the shown plane, colour-mapped at full resolution (one pixel per cell, no
    // pooling), as a PNG; atomic (QSaveFile). False when nothing is shown or writing failed.
    bool saveImage(const QString &path);

    // The parts, for the window's shortcuts and for tests.
    HeatmapView *heatmap() const;
    HeatmapView *sideHeatmap() const;
    HistogramView *histogram() const { return m_histogram; }
    SliceControls *sliceControls() const { return m_slices; }
    LinePlotView *linePlot() const { return m_line; }
    // Chunked arrays: the chunk grid toggle (its action is in the View menu), overlay, legend
    // and load progress.
    ChunkOverlayControls *chunkControls() const { return m_chunks; }
    bool showsLine() const; // a 1-D plane is drawn as a line, not a one-row heatmap
    const RenderResult &lastResult() const;     // the main heatmap's
    const RenderResult &lastSideResult() const; // the side heatmap's
    const std::optional<PlaneKey> &lastKey() const; // what the main heatmap shows
    const std::optional<PlaneKey> &lastSideKey() const;
    bool isRendering() const;
    QString readout() const; // the status line: "[12, 40] = 0.731"
    QString poolingNote() const; // "4096 × 4096 cells in 512 × 1024 pixels"
    void setSideBySide(bool on);
    // Side by side: show the row of the buffer tree at `index` next to the current one.
    void setSideIndex(const QModelIndex &index);
    void setGradient(const QString &name);
    void setPoolMode(render::PoolMode mode);
    void setMarkNonFinite(bool on);
    RangeMode rangeMode() const { return m_rangeMode; }

    // Writes the shown plane at full resolution as a PNG in the background (the buffer stays
    // exported meanwhile); a bar beside the button shows the percent of rows read, then of
    // rows written, then message() and imageExported() say where it wrote, or message() why
    // it could not.
    // False when nothing is shown or an export is already running.
    bool exportImageTo(const QString &path);
    bool isExporting() const { return m_exportTicket != 0; }
    int exportPercent() const; // of the running export; -1 when none runs

signals:
    void message(const QString &text);
    // A PNG was written: "Wrote /full/path.png (W × H pixels)".
    void imageExported(const QString &text);

public slots:
    void exportImage(); // asks for a file name, then exportImageTo

private:
    void onBufferChanged();
    void onFieldChanged();
    void onSelectionChanged();
    void updateDisplay();
    void updateSide();
    void updateLine(); // render_panel_line.cpp
    void showLineReadout(std::optional<std::int64_t> element);
    void refillSideCombo();
    void showReadout(const HeatmapTarget &target, std::optional<Cell> cell, const QString &side);
    void onRendered(const RenderResult &result);
    void requestPercentiles(double lowerPercent, double upperPercent);
    void setRange(RangeMode mode, double low, double high); // render_panel_range.cpp
    void recallRange();                                     // the shown view's own range
    void onImageWritten(std::uint64_t ticket, const QString &path, const QString &error,
                        QSize size); // render_panel_export.cpp
    void onImageProgress(std::uint64_t ticket, RenderJob::ImageStage stage,
                         int percent); // render_panel_export.cpp
    std::optional<PlaneKey> keyFor(BufferSource *source, const std::string &field, QString &message,
                                   bool side) const;

    CurrentBuffer *m_current;
    RenderSettings m_settings;
    QComboBox *m_gradient;
    QComboBox *m_pool;
    QCheckBox *m_mark; // mark non-finite
    NonFiniteLegend *m_legend;
    QLabel *m_poolNote; // how many cells the pixels stand for
    QCheckBox *m_side;
    QComboBox *m_sideSource;
    QPushButton *m_export;
    QProgressBar *m_busy;
    QProgressBar *m_exportProgress; // the running PNG export's rows read, in percent
    QTimer m_busyDelay;
    SliceControls *m_slices;
    HistogramView *m_histogram;
    QLabel *m_status;
    std::unique_ptr<HeatmapTarget> m_main;
    std::unique_ptr<HeatmapTarget> m_sideTarget;
    ChunkOverlayControls *m_chunks;
    QWidget *m_sideBox;
    QLabel *m_mainLabel; // side by side: which view each pane shows
    QLabel *m_sideLabel;
    QStackedWidget *m_plots; // the heatmaps, or the line of a 1-D plane
    LinePlotView *m_line;
    std::vector<QPersistentModelIndex> m_sideRows; // parallel to m_sideSource's items
    QPersistentModelIndex m_sideIndex;
    BufferSource *m_source = nullptr;
    std::uint64_t m_dataVersion = 0;
    ViewRanges m_ranges; // ranges set by hand, per tree row
    RangeMode m_rangeMode = RangeMode::Automatic;
    std::uint64_t m_percentileTicket = 0; // the percentile answer still awaited
    std::uint64_t m_exportTicket = 0;     // the PNG export still running
    double m_low = 0.0;
    double m_high = 1.0;
};

} // namespace bufferscope
