// SPDX-License-Identifier: GPL-3.0-or-later
// The heatmap plot: axes in cell indices, fitting with square cells, mouse readout.
#include "views/heatmap_view.h"

#include "views/heatmap_image.h"

#include <QLabel>
#include <QMouseEvent>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <cmath>
#include <qcustomplot.h>

namespace bufferscope {

HeatmapView::HeatmapView(QWidget *parent)
    : QWidget(parent), m_stack(new QStackedWidget(this)), m_message(new QLabel),
      m_plot(new QCustomPlot)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("heatmapMessage"));
    m_stack->addWidget(m_plot);
    m_stack->addWidget(m_message);

    m_plot->setObjectName(QStringLiteral("heatmapPlot"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->yAxis->setRangeReversed(true); // row 0 at the top
    m_plot->xAxis->setLabel(tr("column"));
    m_plot->yAxis->setLabel(tr("row"));
    m_image = new HeatmapImage(m_plot->xAxis, m_plot->yAxis); // owned by the plot
    m_scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setBarWidth(14);
    auto *margins = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);

    m_settle.setSingleShot(true);
    m_settle.setInterval(60);
    connect(&m_settle, &QTimer::timeout, this, &HeatmapView::viewChanged);
    connect(m_plot, &QCustomPlot::afterLayout, this, &HeatmapView::keepSquareCells);
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        connect(axis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this] {
            if (!m_adjusting)
                m_fitted = false;
            m_settle.start();
        });
    }
    connect(m_plot, &QCustomPlot::mouseMove, this, &HeatmapView::onMouseMove);
    connect(m_plot, &QCustomPlot::mousePress, this, &HeatmapView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &HeatmapView::onMouseRelease);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] { resetZoom(); });
    showMessage(tr("Select a buffer to render it."));
}

bool HeatmapView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_plot) {
        if (event->type() == QEvent::Leave)
            emit hovered(std::nullopt);
        else if (event->type() == QEvent::Resize)
            m_settle.start();
    }
    return QWidget::eventFilter(watched, event);
}

void HeatmapView::setResult(const RenderResult &result, bool keepAspect, bool showColourScale)
{
    if (!result.error.isEmpty() || !result.plane) {
        m_image->clearImage();
        showMessage(result.error);
        return;
    }
    m_stack->setCurrentWidget(m_plot);
    const render::PlaneShape before = m_image->planeShape();
    const render::PlaneShape shape = result.plane->shape;
    m_image->setImage(result.image, result.region, shape);
    // A single row (1-D) or column has no index along that axis worth a tick label.
    m_plot->yAxis->setTickLabels(shape.rows > 1);
    m_plot->xAxis->setTickLabels(shape.columns > 1 || shape.rows > 1);
    if (before.rows != shape.rows || before.columns != shape.columns || keepAspect != m_keepAspect)
        m_fitted = true;
    m_keepAspect = keepAspect;
    m_scale->setVisible(showColourScale);
    if (m_scale->layout() && !showColourScale)
        m_plot->plotLayout()->take(m_scale);
    else if (showColourScale && !m_scale->layout())
        m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_plot->plotLayout()->simplify();
    double low = result.low, high = result.high;
    if (!(low < high)) { // the scale needs a non-empty range; colours map all to index 0 then
        low -= 0.5;
        high += 0.5;
    }
    m_scale->setDataRange(QCPRange(low, high));
    if (m_fitted)
        fitRanges();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::setGradient(const render::Gradient &gradient)
{
    QMap<double, QColor> stops;
    for (std::size_t i = 0; i < gradient.colours.size(); ++i)
        stops.insert(static_cast<double>(i) / 255.0, QColor::fromRgb(gradient.colours[i]));
    QCPColorGradient colours;
    colours.setColorStops(stops);
    colours.setLevelCount(256);
    m_scale->setGradient(colours);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::setAxisLabels(const QString &columnLabel, const QString &rowLabel)
{
    m_plot->xAxis->setLabel(columnLabel);
    m_plot->yAxis->setLabel(rowLabel);
}

void HeatmapView::showMessage(const QString &text)
{
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
}

bool HeatmapView::showsMessage() const
{
    return m_stack->currentWidget() == m_message;
}

render::PlaneShape HeatmapView::pixelBudget() const
{
    const QRect rect = m_plot->axisRect()->rect();
    const double ratio = devicePixelRatioF();
    if (rect.width() < 16 || rect.height() < 16)
        return {512, 512};
    double height = rect.height();
    double width = rect.width();
    // Once the plane is known: the pixels its visible cells really cover (with square cells a
    // whole plane fills only part of the axis rect), so both directions pool alike.
    const render::PlaneShape plane = m_image->planeShape();
    if (plane.count() > 0) {
        RenderRegion region = visibleRegion();
        if (region.isEmpty())
            region = {0, 0, plane.rows, plane.columns};
        auto covered = [](QCPAxis *axis, Index first, Index count, double most) {
            const double from = axis->coordToPixel(static_cast<double>(first) - 0.5);
            const double to = axis->coordToPixel(static_cast<double>(first + count) - 0.5);
            return std::clamp(std::abs(to - from), 1.0, most);
        };
        width = covered(m_plot->xAxis, region.column, region.columns, width);
        height = covered(m_plot->yAxis, region.row, region.rows, height);
    }
    return {static_cast<Index>(std::ceil(height * ratio)), static_cast<Index>(std::ceil(width * ratio))};
}

RenderRegion HeatmapView::visibleRegion() const
{
    const render::PlaneShape plane = m_image->planeShape();
    if (plane.count() == 0)
        return {};
    auto span = [](const QCPRange &range, Index size, Index &first, Index &count) {
        const auto lo = static_cast<Index>(std::floor(range.lower + 0.5));
        const auto hi = static_cast<Index>(std::ceil(range.upper - 0.5));
        first = std::clamp<Index>(lo, 0, size - 1);
        count = std::clamp<Index>(hi, 0, size - 1) - first + 1;
    };
    RenderRegion region;
    span(m_plot->xAxis->range(), plane.columns, region.column, region.columns);
    span(m_plot->yAxis->range(), plane.rows, region.row, region.rows);
    if (region.row == 0 && region.column == 0 && region.rows == plane.rows &&
        region.columns == plane.columns)
        return {};
    return region;
}

void HeatmapView::fitRanges()
{
    const render::PlaneShape plane = m_image->planeShape();
    if (plane.count() == 0)
        return;
    const double columns = static_cast<double>(plane.columns);
    const double rows = static_cast<double>(plane.rows);
    double width = columns, height = rows;
    const QRect rect = m_plot->axisRect()->rect();
    if (m_keepAspect && rect.width() > 0 && rect.height() > 0) {
        const double cell = std::min(rect.width() / columns, rect.height() / rows);
        width = rect.width() / cell;
        height = rect.height() / cell;
    }
    m_adjusting = true;
    m_plot->xAxis->setRange(QCPRange(columns / 2 - 0.5 - width / 2, columns / 2 - 0.5 + width / 2));
    m_plot->yAxis->setRange(QCPRange(rows / 2 - 0.5 - height / 2, rows / 2 - 0.5 + height / 2));
    m_adjusting = false;
    m_fitted = true;
}

void HeatmapView::keepSquareCells()
{
    if (m_fitted) {
        fitRanges();
    } else if (m_keepAspect) {
        m_adjusting = true;
        m_plot->yAxis->setScaleRatio(m_plot->xAxis, 1.0);
        m_adjusting = false;
    }
}

void HeatmapView::resetZoom()
{
    fitRanges();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

std::optional<Cell> HeatmapView::cellAt(const QPoint &position) const
{
    const render::PlaneShape plane = m_image->planeShape();
    if (plane.count() == 0 || !m_plot->axisRect()->rect().contains(position))
        return std::nullopt;
    const double column = std::floor(m_plot->xAxis->pixelToCoord(position.x()) + 0.5);
    const double row = std::floor(m_plot->yAxis->pixelToCoord(position.y()) + 0.5);
    if (column < 0 || row < 0 || column >= static_cast<double>(plane.columns) ||
        row >= static_cast<double>(plane.rows))
        return std::nullopt;
    return Cell{static_cast<Index>(row), static_cast<Index>(column)};
}

QPointF HeatmapView::cellCentre(Cell cell) const
{
    return {m_plot->xAxis->coordToPixel(static_cast<double>(cell.column)),
            m_plot->yAxis->coordToPixel(static_cast<double>(cell.row))};
}

void HeatmapView::linkRanges(HeatmapView *other)
{
    auto follow = [](HeatmapView *from, HeatmapView *to, QCPAxis *source, QCPAxis *target) {
        connect(source, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), to,
                [from, to, target](const QCPRange &range) {
                    // Only the user's pans and zooms travel; each view fits on its own.
                    if (from->m_adjusting || to->m_adjusting || target->range() == range)
                        return;
                    to->m_adjusting = true;
                    target->setRange(range);
                    to->m_adjusting = false;
                    to->m_fitted = from->m_fitted;
                    to->m_plot->replot(QCustomPlot::rpQueuedReplot);
                });
    };
    follow(this, other, m_plot->xAxis, other->m_plot->xAxis);
    follow(this, other, m_plot->yAxis, other->m_plot->yAxis);
    follow(other, this, other->m_plot->xAxis, m_plot->xAxis);
    follow(other, this, other->m_plot->yAxis, m_plot->yAxis);
}

void HeatmapView::onMouseMove(QMouseEvent *event)
{
    emit hovered(cellAt(event->pos()));
}

void HeatmapView::onMousePress(QMouseEvent *event)
{
    m_pressPosition = event->pos();
}

void HeatmapView::onMouseRelease(QMouseEvent *event)
{
    // A press and release in place is a click; anything further was a pan.
    if (event->button() != Qt::LeftButton || (event->pos() - m_pressPosition).manhattanLength() > 3)
        return;
    if (auto cell = cellAt(event->pos()))
        emit clicked(*cell);
}

} // namespace bufferscope
