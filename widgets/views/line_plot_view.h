// SPDX-License-Identifier: GPL-3.0-or-later
// A 1-D view drawn as a line (QCustomPlot graph): element index across, value up; drag to
// pan and wheel to zoom the index axis, double-click to fit, and the element under the
// pointer reported as hovered(index).
#pragma once

#include "models/line_series.h"

#include <QWidget>

#include <optional>

class QCustomPlot;
class QCPGraph;
class QMouseEvent;

namespace bufferscope {

class LinePlotView : public QWidget
{
    Q_OBJECT

public:
    explicit LinePlotView(QWidget *parent = nullptr);

    void setSeries(const LineSeries &series, const QString &valueLabel);
    void fit();
    QCustomPlot *plot() const { return m_plot; }
    QCPGraph *graph() const { return m_graph; }
    // The element nearest to a point of the plot in pixels, or none outside the data.
    std::optional<std::int64_t> elementAt(const QPoint &position) const;

signals:
    void hovered(std::optional<std::int64_t> element);

private:
    void onMouseMove(QMouseEvent *event);

    QCustomPlot *m_plot;
    QCPGraph *m_graph;
    LineSeries m_series;
};

} // namespace bufferscope
