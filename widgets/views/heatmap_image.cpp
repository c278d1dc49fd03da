// SPDX-License-Identifier: GPL-3.0-or-later
// Drawing of the colour-mapped image: only the part inside the axis rect is scaled.
#include "views/heatmap_image.h"

namespace bufferscope {

HeatmapImage::HeatmapImage(QCPAxis *keyAxis, QCPAxis *valueAxis)
    : QCPAbstractPlottable(keyAxis, valueAxis)
{
    setSelectable(QCP::stNone);
    setAntialiased(false);
}

void HeatmapImage::setImage(const QImage &image, const RenderRegion &region,
                            render::PlaneShape plane)
{
    m_image = image;
    m_region = region;
    m_plane = plane;
}

void HeatmapImage::clearImage()
{
    m_image = {};
    m_region = {};
    m_plane = {0, 0};
}

double HeatmapImage::selectTest(const QPointF &, bool, QVariant *) const
{
    return -1;
}

QCPRange HeatmapImage::getKeyRange(bool &foundRange, QCP::SignDomain) const
{
    foundRange = m_plane.columns > 0;
    return QCPRange(-0.5, static_cast<double>(m_plane.columns) - 0.5);
}

QCPRange HeatmapImage::getValueRange(bool &foundRange, QCP::SignDomain, const QCPRange &) const
{
    foundRange = m_plane.rows > 0;
    return QCPRange(-0.5, static_cast<double>(m_plane.rows) - 0.5);
}

void HeatmapImage::draw(QCPPainter *painter)
{
    if (m_image.isNull() || m_region.isEmpty())
        return;
    const QPointF first = coordsToPixels(static_cast<double>(m_region.column) - 0.5,
                                         static_cast<double>(m_region.row) - 0.5);
    const QPointF last =
        coordsToPixels(static_cast<double>(m_region.column + m_region.columns) - 0.5,
                       static_cast<double>(m_region.row + m_region.rows) - 0.5);
    // Axes may be reversed: mirror so that cell (0, 0) lands where its coordinates are.
    const bool mirrorX = first.x() > last.x();
    const bool mirrorY = first.y() > last.y();
    const QImage &image = (mirrorX || mirrorY) ? m_image.mirrored(mirrorX, mirrorY) : m_image;
    const QRectF target = QRectF(first, last).normalized();
    const QRectF visible = target.intersected(QRectF(clipRect()));
    if (visible.isEmpty())
        return;
    // Scale only the visible part: a deep zoom would otherwise ask for a gigantic image.
    const double sx = image.width() / target.width();
    const double sy = image.height() / target.height();
    const QRectF source((visible.left() - target.left()) * sx, (visible.top() - target.top()) * sy,
                        visible.width() * sx, visible.height() * sy);
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter->drawImage(visible, image, source);
}

void HeatmapImage::drawLegendIcon(QCPPainter *painter, const QRectF &rect) const
{
    if (!m_image.isNull())
        painter->drawImage(rect, m_image);
}

} // namespace bufferscope
