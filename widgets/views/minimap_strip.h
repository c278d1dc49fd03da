// SPDX-License-Identifier: GPL-3.0-or-later
// The narrow strip beside the hex grid: the whole allocation top to bottom, each pixel row
// shaded by how much of its byte span the footprint touches, with the visible window framed
// and the current element marked. Clicking or dragging scrolls the grid there.
#pragma once

#include "buffer/footprint.h"

#include <QWidget>

#include <vector>

namespace bufferscope {

class MinimapStrip : public QWidget
{
    Q_OBJECT

public:
    explicit MinimapStrip(QWidget *parent = nullptr);

    void setSize(ByteOffset size);
    void setRanges(const std::vector<ByteRange> &ranges);
    void setWindow(ByteRange visible);
    void setMarker(ByteRange element); // empty: none

    // Fraction (0..1) of the bytes under pixel row y that the footprint touches.
    double coverage(int y) const;

    QSize sizeHint() const override { return {28, 200}; }
    QSize minimumSizeHint() const override { return {20, 40}; }

signals:
    void offsetRequested(ByteOffset offset);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    void recompute();
    int yOf(ByteOffset offset) const;

    ByteOffset m_size = 0;
    std::vector<ByteRange> m_ranges;
    std::vector<double> m_coverage; // one per pixel row
    ByteRange m_window;
    ByteRange m_marker;
};

} // namespace bufferscope
