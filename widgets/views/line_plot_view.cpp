// SPDX-License-Identifier: GPL-3.0-or-later
// LinePlotView: one QCPGraph; NaN values leave gaps (QCustomPlot skips NaN points).
#include "views/line_plot_view.h"

#include <QVBoxLayout>

#include <cmath>
#include <qcustomplot.h>

namespace bufferscope {

LinePlotView::LinePlotView(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot)
{
    m_plot->setObjectName(QStringLiteral("linePlot"));
    m_graph = m_plot->addGraph();
    m_graph->setPen(QPen(QColor(31, 119, 180), 1.5));
    m_plot->xAxis->setLabel(tr("index"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setMouseTracking(true); // the readout follows the pointer without a button held
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    connect(m_plot, &QCustomPlot::mouseMove, this, &LinePlotView::onMouseMove);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] { fit(); });
}

void LinePlotView::setSeries(const LineSeries &series, const QString &valueLabel)
{
    m_series = series;
    m_graph->setData(QVector<double>(series.index.begin(), series.index.end()),
                     QVector<double>(series.value.begin(), series.value.end()), true);
    // A pooled series is an envelope: its min/max points joined in order draw the band.
    m_graph->setLineStyle(QCPGraph::lsLine);
    m_plot->yAxis->setLabel(valueLabel);
    fit();
}

void LinePlotView::fit()
{
    double low = INFINITY, high = -INFINITY;
    for (double v : m_series.value) {
        if (std::isfinite(v)) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    }
    if (!(low <= high)) {
        low = 0;
        high = 1;
    }
    const double margin = low == high ? 0.5 : (high - low) * 0.05;
    m_plot->yAxis->setRange(low - margin, high + margin);
    m_plot->xAxis->setRange(-0.5, std::max<double>(0.5, m_series.length - 0.5));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

std::optional<std::int64_t> LinePlotView::elementAt(const QPoint &position) const
{
    if (!m_plot->axisRect()->rect().contains(position) || m_series.length == 0)
        return std::nullopt;
    const double x = m_plot->xAxis->pixelToCoord(position.x());
    const auto element = static_cast<std::int64_t>(std::llround(x));
    if (element < 0 || element >= m_series.length)
        return std::nullopt;
    return element;
}

void LinePlotView::onMouseMove(QMouseEvent *event)
{
    emit hovered(elementAt(event->pos()));
}

} // namespace bufferscope
