// SPDX-License-Identifier: GPL-3.0-or-later
// Histogram bars, limit lines that follow the mouse, spin boxes and presets.
#include "views/histogram_view.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QVBoxLayout>

#include <cfloat>
#include <cmath>
#include <qcustomplot.h>

namespace bufferscope {

static QDoubleSpinBox *rangeSpinBox(const QString &name)
{
    auto *box = new QDoubleSpinBox;
    box->setObjectName(name);
    box->setRange(-DBL_MAX, DBL_MAX);
    box->setDecimals(6);
    box->setKeyboardTracking(false);
    box->setMaximumWidth(150); // the full double range would otherwise ask for a huge box
    return box;
}

HistogramView::HistogramView(QWidget *parent)
    : QWidget(parent), m_plot(new QCustomPlot), m_low(rangeSpinBox(QStringLiteral("rangeLow"))),
      m_high(rangeSpinBox(QStringLiteral("rangeHigh"))), m_automatic(new QCheckBox(tr("Auto"))),
      m_counts(new QLabel)
{
    m_plot->setObjectName(QStringLiteral("histogramPlot"));
    m_plot->setMinimumHeight(90);
    m_plot->yAxis->setLabel(tr("count"));
    // A short axis has room for few labels: three ticks never run into each other.
    m_plot->yAxis->ticker()->setTickCount(3);
    m_plot->yAxis->setNumberFormat(QStringLiteral("gb")); // 1.5·10⁴, not 15000
    m_bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(QColor(90, 110, 140));
    m_bars->setWidthType(QCPBars::wtPlotCoords);
    auto makeLine = [this] {
        auto *line = new QCPItemStraightLine(m_plot);
        line->setPen(QPen(QColor(220, 60, 40), 2));
        line->setSelectable(false);
        return line;
    };
    m_lowLine = makeLine();
    m_highLine = makeLine();
    // Hidden until there is a range to mark: with both points at the origin a straight line
    // has no direction and QCustomPlot drew it as a diagonal across the empty plot.
    m_lowLine->setVisible(false);
    m_highLine->setVisible(false);
    connect(m_plot, &QCustomPlot::mousePress, this, &HistogramView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &HistogramView::onMouseMove);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &HistogramView::onMouseRelease);

    m_automatic->setObjectName(QStringLiteral("rangeAuto"));
    m_automatic->setChecked(true);
    m_automatic->setToolTip(tr("Range from the finite minimum and maximum of each plane"));
    const QString names[3] = {tr("Min/Max"), tr("1–99 %"), tr("0.1–99.9 %")};
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Range")));
    controls->addWidget(m_low);
    controls->addWidget(m_high);
    controls->addWidget(m_automatic);
    m_log = new QCheckBox(tr("Log"));
    m_log->setObjectName(QStringLiteral("histogramLog"));
    m_log->setToolTip(tr("Counts on a logarithmic scale"));
    connect(m_log, &QCheckBox::toggled, this, &HistogramView::setLogScale);
    controls->addWidget(m_log);
    for (int i = 0; i < 3; ++i) {
        m_presets[i] = new QPushButton(names[i]);
        m_presets[i]->setObjectName(QStringLiteral("rangePreset%1").arg(i));
        controls->addWidget(m_presets[i]);
    }
    controls->addWidget(m_counts, 1);
    connect(m_presets[0], &QPushButton::clicked, this, [this] {
        setAutomatic(true);
        emit automaticChosen();
    });
    connect(m_presets[1], &QPushButton::clicked, this, [this] { emit presetRequested(1, 99); });
    connect(m_presets[2], &QPushButton::clicked, this, [this] { emit presetRequested(0.1, 99.9); });
    connect(m_automatic, &QCheckBox::toggled, this, [this](bool on) {
        if (m_updating)
            return;
        if (on)
            emit automaticChosen();
        else
            emitSpinRange(); // keeps the range shown, now as a manual one
    });
    for (QDoubleSpinBox *box : {m_low, m_high})
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
            if (!m_updating)
                emitSpinRange();
        });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 1);
    layout->addLayout(controls);
}

QPushButton *HistogramView::presetButton(int index) const
{
    return m_presets[index];
}
bool HistogramView::isAutomatic() const
{
    return m_automatic->isChecked();
}
double HistogramView::low() const
{
    return m_low->value();
}
double HistogramView::high() const
{
    return m_high->value();
}

void HistogramView::setAutomatic(bool automatic)
{
    m_updating = true;
    m_automatic->setChecked(automatic);
    m_updating = false;
}

void HistogramView::emitSpinRange()
{
    setAutomatic(false);
    showLines();
    emit rangeEdited(m_low->value(), m_high->value());
}

void HistogramView::setHistogram(const render::Histogram &histogram,
                                 const render::ValueStatistics &stats)
{
    const int bins = static_cast<int>(histogram.counts.size());
    const double width = bins > 0 ? (histogram.high - histogram.low) / bins : 1.0;
    QVector<double> keys, values;
    double most = 1;
    for (int i = 0; i < bins; ++i) {
        keys.append(histogram.low + (i + 0.5) * width);
        const auto count = static_cast<double>(histogram.counts[static_cast<std::size_t>(i)]);
        values.append(count);
        most = std::max(most, count);
    }
    m_bars->setWidth(width);
    m_bars->setData(keys, values, true);
    // A margin so the limit lines at the data's ends stay visible and easy to grab.
    const double margin = (histogram.high - histogram.low) * 0.03;
    m_plot->xAxis->setRange(histogram.low - margin, histogram.high + margin);
    m_most = most;
    fitCounts();
    QString text = tr("%1 finite").arg(stats.finite);
    if (stats.nan)
        text += tr(", %1 NaN").arg(stats.nan);
    if (stats.positiveInfinity)
        text += tr(", %1 +inf").arg(stats.positiveInfinity);
    if (stats.negativeInfinity)
        text += tr(", %1 −inf").arg(stats.negativeInfinity);
    m_counts->setText(text);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HistogramView::fitCounts()
{
    if (m_log && m_log->isChecked())
        m_plot->yAxis->setRange(0.8, m_most * 1.5); // empty bins sit below the axis
    else
        m_plot->yAxis->setRange(0, m_most * 1.05);
}

void HistogramView::setLogScale(bool on)
{
    if (m_log->isChecked() != on)
        m_log->setChecked(on); // comes back here through toggled
    m_plot->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on) {
        auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
        ticker->setTickCount(3);
        m_plot->yAxis->setTicker(ticker);
    } else {
        auto ticker = QSharedPointer<QCPAxisTicker>::create();
        ticker->setTickCount(3);
        m_plot->yAxis->setTicker(ticker);
    }
    fitCounts();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

bool HistogramView::logScale() const
{
    return m_log->isChecked();
}

void HistogramView::setRange(double low, double high)
{
    m_updating = true;
    m_low->setValue(low);
    m_high->setValue(high);
    m_updating = false;
    showLines();
}

void HistogramView::showLines()
{
    m_lowLine->setVisible(true);
    m_highLine->setVisible(true);
    m_lowLine->point1->setCoords(m_low->value(), 0);
    m_lowLine->point2->setCoords(m_low->value(), 1);
    m_highLine->point1->setCoords(m_high->value(), 0);
    m_highLine->point2->setCoords(m_high->value(), 1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HistogramView::onMousePress(QMouseEvent *event)
{
    // Grab the nearer limit line when the press is within a few pixels of it.
    const double x = event->pos().x();
    const double lowX = m_plot->xAxis->coordToPixel(m_low->value());
    const double highX = m_plot->xAxis->coordToPixel(m_high->value());
    const double lowDistance = std::abs(x - lowX);
    const double highDistance = std::abs(x - highX);
    m_dragged = nullptr;
    if (std::min(lowDistance, highDistance) <= 6)
        m_dragged = lowDistance <= highDistance ? m_lowLine : m_highLine;
}

void HistogramView::onMouseMove(QMouseEvent *event)
{
    if (!m_dragged)
        return;
    const double value = m_plot->xAxis->pixelToCoord(event->pos().x());
    m_updating = true;
    (m_dragged == m_lowLine ? m_low : m_high)->setValue(value);
    m_updating = false;
    showLines();
}

void HistogramView::onMouseRelease(QMouseEvent *)
{
    if (!m_dragged)
        return;
    m_dragged = nullptr;
    emitSpinRange();
}

} // namespace bufferscope
