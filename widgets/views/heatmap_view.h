// SPDX-License-Identifier: GPL-3.0-or-later
// One heatmap: a QCustomPlot with the colour-mapped plane (HeatmapImage), axes in cell
// indices (row 0 at the top, as images and NumPy print), a QCPColorScale with the gradient
// and range, drag to pan and wheel to zoom. It reports the cell under the mouse and clicked
// cells, and asks for a new render (viewChanged) when zoom, pan or size settle.
#pragma once

#include "models/render_request.h"
#include "render/gradient.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QCustomPlot;
class QCPColorScale;
class QLabel;
class QStackedWidget;
class QMouseEvent;

namespace bufferscope {

class HeatmapImage;

struct Cell
{
    Index row = 0;
    Index column = 0;
};

class HeatmapView : public QWidget
{
    Q_OBJECT

public:
    explicit HeatmapView(QWidget *parent = nullptr);

    QCustomPlot *plot() const { return m_plot; }
    QCPColorScale *colourScale() const { return m_scale; }

    // Shows a finished render; the axes are fitted again when the plane's size changed.
    // keepAspect: square cells (images and planes of moderate aspect).
    void setResult(const RenderResult &result, bool keepAspect, bool showColourScale);
    void setGradient(const render::Gradient &gradient);
    void setAxisLabels(const QString &columnLabel, const QString &rowLabel);
    // A text in place of the plot (nothing selected, or why the buffer cannot be shown).
    void showMessage(const QString &text);
    // Whether a text stands in place of the plot (nothing drawn yet, or an error).
    bool showsMessage() const;

    // The pixel budget for renders: the axis rect in device pixels.
    render::PlaneShape pixelBudget() const;
    // The cells in view, or an empty region when the whole plane is visible.
    RenderRegion visibleRegion() const;
    // Fits the whole plane into the view.
    void resetZoom();
    // The cell under a position in plot() coordinates, when it is on the plane.
    std::optional<Cell> cellAt(const QPoint &position) const;
    // The centre of a cell in plot() pixel coordinates.
    QPointF cellCentre(Cell cell) const;
    // Pans and zooms `other` with this view, both ways.
    void linkRanges(HeatmapView *other);

signals:
    void hovered(std::optional<bufferscope::Cell> cell);
    void clicked(bufferscope::Cell cell);
    void viewChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onMouseMove(QMouseEvent *event);
    void onMousePress(QMouseEvent *event);
    void onMouseRelease(QMouseEvent *event);
    void keepSquareCells();
    void fitRanges();

    QStackedWidget *m_stack;
    QLabel *m_message;
    QCustomPlot *m_plot;
    QCPColorScale *m_scale;
    HeatmapImage *m_image;
    QTimer m_settle; // coalesces range changes into one viewChanged
    QPoint m_pressPosition;
    bool m_keepAspect = true;
    bool m_fitted = true;     // showing the whole plane: refit on resize
    bool m_adjusting = false; // ranges changed by us, not by the user
};

} // namespace bufferscope

Q_DECLARE_METATYPE(bufferscope::Cell)
