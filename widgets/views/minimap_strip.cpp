// SPDX-License-Identifier: GPL-3.0-or-later
// MinimapStrip: coverage per pixel row in one sweep over the sorted ranges, O(ranges + height).
#include "views/minimap_strip.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace bufferscope {

MinimapStrip::MinimapStrip(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("The whole allocation: shaded where the selected buffer reads bytes"));
}

void MinimapStrip::setSize(ByteOffset size)
{
    m_size = size;
    recompute();
}

void MinimapStrip::setRanges(const std::vector<ByteRange> &ranges)
{
    m_ranges = ranges;
    recompute();
}

void MinimapStrip::setWindow(ByteRange visible)
{
    m_window = visible;
    update();
}

void MinimapStrip::setMarker(ByteRange element)
{
    m_marker = element;
    update();
}

double MinimapStrip::coverage(int y) const
{
    return y >= 0 && y < static_cast<int>(m_coverage.size())
               ? m_coverage[static_cast<std::size_t>(y)]
               : 0.0;
}

void MinimapStrip::recompute()
{
    const int rows = std::max(1, height());
    m_coverage.assign(static_cast<std::size_t>(rows), 0.0);
    if (m_size > 0) {
        const double perRow = static_cast<double>(m_size) / rows;
        for (const ByteRange &r : m_ranges) {
            const int first = std::clamp(static_cast<int>(r.begin / perRow), 0, rows - 1);
            const int last = std::clamp(static_cast<int>((r.end - 1) / perRow), 0, rows - 1);
            for (int y = first; y <= last; ++y) {
                const double lo = std::max(static_cast<double>(r.begin), y * perRow);
                const double hi = std::min(static_cast<double>(r.end), (y + 1) * perRow);
                m_coverage[static_cast<std::size_t>(y)] += std::max(0.0, hi - lo) / perRow;
            }
        }
        // A touched byte must stay visible however small its share of a row.
        for (double &c : m_coverage)
            c = c > 0 ? std::clamp(c, 0.45, 1.0) : 0.0;
    }
    update();
}

int MinimapStrip::yOf(ByteOffset offset) const
{
    if (m_size <= 0)
        return 0;
    return static_cast<int>(static_cast<double>(offset) / static_cast<double>(m_size) * height());
}

void MinimapStrip::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QColor empty = palette().window().color().darker(112);
    const QColor touched(40, 110, 220);
    painter.fillRect(rect(), empty);
    for (int y = 0; y < height(); ++y) {
        const double c = coverage(y);
        if (c <= 0)
            continue;
        QColor colour = touched;
        colour.setAlphaF(static_cast<float>(c));
        painter.fillRect(QRect(2, y, width() - 4, 1), colour);
    }
    if (m_marker.size() > 0) {
        const int y = yOf(m_marker.begin);
        painter.fillRect(QRect(0, std::min(y, height() - 3), width(), 3), QColor(255, 150, 30));
    }
    if (m_window.size() > 0 && m_size > 0) {
        const int top = yOf(m_window.begin);
        const int bottom = std::max(top + 3, yOf(m_window.end));
        painter.setPen(QPen(palette().text().color(), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRect(1, top + 1, width() - 2, std::min(bottom, height()) - top - 2));
    }
}

void MinimapStrip::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    recompute();
}

void MinimapStrip::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_size > 0 && height() > 0)
        emit offsetRequested(static_cast<ByteOffset>(event->position().y() / height() *
                                                     static_cast<double>(m_size)));
}

void MinimapStrip::mouseMoveEvent(QMouseEvent *event)
{
    if ((event->buttons() & Qt::LeftButton) && m_size > 0 && height() > 0)
        emit offsetRequested(static_cast<ByteOffset>(
            std::clamp(event->position().y() / height(), 0.0, 1.0) * static_cast<double>(m_size)));
}

} // namespace bufferscope
