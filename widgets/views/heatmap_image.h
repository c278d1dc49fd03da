// SPDX-License-Identifier: GPL-3.0-or-later
// A QCustomPlot plottable that draws an already colour-mapped QImage over a rectangle of
// plane cells. QCPColorMap recolours its whole data grid on every change, far too slow at
// 4096 x 4096; here the colouring happens off the GUI thread (RenderJob) and drawing only
// scales the visible part of one image, cell (r, c) centred on plot coordinates (c, r).
#pragma once

#include "models/render_request.h"

#include <qcustomplot.h>

namespace bufferscope {

class HeatmapImage : public QCPAbstractPlottable
{
    Q_OBJECT

public:
    HeatmapImage(QCPAxis *keyAxis, QCPAxis *valueAxis);

    // `image` covers `region`; `plane` is the whole plane's size (the data range for
    // QCustomPlot's rescaleAxes).
    void setImage(const QImage &image, const RenderRegion &region, render::PlaneShape plane);
    void clearImage();
    const QImage &image() const { return m_image; }
    render::PlaneShape planeShape() const { return m_plane; }

    double selectTest(const QPointF &pos, bool onlySelectable,
                      QVariant *details = nullptr) const override;
    QCPRange getKeyRange(bool &foundRange,
                         QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool &foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange &inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter *painter) override;
    void drawLegendIcon(QCPPainter *painter, const QRectF &rect) const override;

private:
    QImage m_image;
    RenderRegion m_region;
    render::PlaneShape m_plane{0, 0};
};

} // namespace bufferscope
