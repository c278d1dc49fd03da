// SPDX-License-Identifier: GPL-3.0-or-later
// The histogram of the shown plane with the colour range: bars (QCustomPlot), two
// draggable limit lines, the range as two spin boxes, an "Auto" switch (finite min/max of
// every new plane) and percentile presets. It shows and edits numbers only; the panel owns
// the range and computes percentiles off the GUI thread.
#pragma once

#include "render/statistics.h"

#include <QWidget>

class QCheckBox;
class QCustomPlot;
class QCPBars;
class QCPItemStraightLine;
class QDoubleSpinBox;
class QLabel;
class QMouseEvent;
class QPushButton;

namespace bufferscope {

class HistogramView : public QWidget
{
    Q_OBJECT

public:
    explicit HistogramView(QWidget *parent = nullptr);

    void setHistogram(const render::Histogram &histogram, const render::ValueStatistics &stats);
    // Shows a range (spin boxes, lines) without emitting anything.
    void setRange(double low, double high);
    void setAutomatic(bool automatic); // does not emit
    // Counts on a logarithmic axis: small bins stay visible beside a huge one.
    void setLogScale(bool on);
    bool logScale() const;
    bool isAutomatic() const;
    double low() const;
    double high() const;

    QCustomPlot *plot() const { return m_plot; }
    QPushButton *presetButton(int index) const; // 0: min/max, 1: 1-99 %, 2: 0.1-99.9 %

signals:
    void rangeEdited(double low, double high); // typed or dragged: a manual range
    void automaticChosen();                    // "Auto" checked or the min/max preset
    void presetRequested(double lowerPercent, double upperPercent);

private:
    void fitCounts();
    QCheckBox *m_log = nullptr;
    double m_most = 1;
    void onMousePress(QMouseEvent *event);
    void onMouseMove(QMouseEvent *event);
    void onMouseRelease(QMouseEvent *event);
    void showLines();
    void emitSpinRange();

    QCustomPlot *m_plot;
    QCPBars *m_bars;
    QCPItemStraightLine *m_lowLine;
    QCPItemStraightLine *m_highLine;
    QDoubleSpinBox *m_low;
    QDoubleSpinBox *m_high;
    QCheckBox *m_automatic;
    QLabel *m_counts;
    QPushButton *m_presets[3] = {};
    QCPItemStraightLine *m_dragged = nullptr;
    bool m_updating = false;
};

} // namespace bufferscope
