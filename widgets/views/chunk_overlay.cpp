// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkOverlay: one rectangle per chunk cell in view (row spans x column spans).
#include "views/chunk_overlay.h"

#include "models/chunk_overlay_model.h"

namespace bufferscope {

QColor chunkStateColour(ChunkState state)
{
    switch (state) {
    case ChunkState::Absent:
        return QColor(150, 150, 150);
    case ChunkState::Stored:
        return QColor(66, 133, 244);
    case ChunkState::Cached:
        return QColor(52, 168, 83);
    case ChunkState::Loading:
        return QColor(251, 140, 0);
    }
    return {};
}

QString chunkStateName(ChunkState state)
{
    switch (state) {
    case ChunkState::Absent:
        return QObject::tr("absent (fill value)");
    case ChunkState::Stored:
        return QObject::tr("on storage");
    case ChunkState::Cached:
        return QObject::tr("cached");
    case ChunkState::Loading:
        return QObject::tr("loading");
    }
    return {};
}

int chunkStateAlpha(ChunkState state)
{
    return state == ChunkState::Absent ? 170 : state == ChunkState::Cached ? 90 : 120;
}

ChunkOverlay::ChunkOverlay(QCustomPlot *plot, const ChunkOverlayModel *model)
    : QCPLayerable(plot, QStringLiteral("overlay")), m_model(model)
{
    setAntialiased(false);
}

void ChunkOverlay::setTinted(bool on)
{
    m_tinted = on;
    mParentPlot->replot(QCustomPlot::rpQueuedReplot);
}

void ChunkOverlay::setPlaceholders(bool on)
{
    if (on == m_placeholders)
        return;
    m_placeholders = on;
    mParentPlot->replot(QCustomPlot::rpQueuedReplot);
}

void ChunkOverlay::applyDefaultAntialiasingHint(QCPPainter *painter) const
{
    applyAntialiasingHint(painter, mAntialiased, QCP::aeOther);
}

QRect ChunkOverlay::clipRect() const
{
    return mParentPlot->axisRect()->rect();
}

static QRectF spanRect(QCustomPlot *plot, const ChunkSpan &rows, const ChunkSpan &columns)
{
    const QPointF a(plot->xAxis->coordToPixel(double(columns.first) - 0.5),
                    plot->yAxis->coordToPixel(double(rows.first) - 0.5));
    const QPointF b(plot->xAxis->coordToPixel(double(columns.first + columns.count) - 0.5),
                    plot->yAxis->coordToPixel(double(rows.first + rows.count) - 0.5));
    return QRectF(a, b).normalized();
}

QRectF ChunkOverlay::chunkRect(Index row, Index column) const
{
    const ChunkPlaneGrid *grid = m_model->grid();
    if (!grid)
        return {};
    const auto rows = ChunkPlaneGrid::spansIn(grid->rows, row, 1);
    const auto columns = ChunkPlaneGrid::spansIn(grid->columns, column, 1);
    if (rows.empty() || columns.empty())
        return {};
    return spanRect(mParentPlot, rows.front(), columns.front());
}

void ChunkOverlay::draw(QCPPainter *painter)
{
    const ChunkPlaneGrid *grid = m_model->grid();
    if (!grid || (!m_tinted && !m_placeholders) || m_model->chunksInView().empty())
        return;
    // The cells in view, from the axes (the model's region may lag a pan by a moment).
    auto span = [](QCPAxis *axis, Index size, Index &first, Index &count) {
        const QCPRange range = axis->range();
        first = std::clamp<Index>(Index(std::floor(range.lower + 0.5)), 0, size);
        const Index last = std::clamp<Index>(Index(std::ceil(range.upper + 0.5)), 0, size);
        count = last - first;
    };
    Index row = 0, rows = 0, column = 0, columns = 0;
    span(mParentPlot->yAxis, grid->shape.rows, row, rows);
    span(mParentPlot->xAxis, grid->shape.columns, column, columns);
    const auto rowSpans = ChunkPlaneGrid::spansIn(grid->rows, row, rows);
    const auto columnSpans = ChunkPlaneGrid::spansIn(grid->columns, column, columns);
    if (rowSpans.size() * columnSpans.size() > ChunkOverlayModel::kMostChunks)
        return;
    const QPen line(QColor(255, 255, 255, 200), 0); // cosmetic: one pixel at any zoom
    for (const ChunkSpan &r : rowSpans) {
        for (const ChunkSpan &c : columnSpans) {
            const auto id = static_cast<std::uint64_t>(grid->base + r.part + c.part);
            const ChunkState state = m_model->state(id);
            const QRectF rect = spanRect(mParentPlot, r, c);
            if (m_tinted) {
                QColor tint = chunkStateColour(state);
                tint.setAlpha(chunkStateAlpha(state));
                painter->fillRect(rect, tint);
            }
            if (m_placeholders && state != ChunkState::Cached && state != ChunkState::Absent) {
                painter->fillRect(rect, QColor(40, 40, 40, 160));
                painter->fillRect(rect, QBrush(QColor(255, 255, 255, 90), Qt::BDiagPattern));
            }
            if (m_tinted) {
                painter->setPen(line);
                painter->setBrush(Qt::NoBrush);
                painter->drawRect(rect);
            }
        }
    }
}

} // namespace bufferscope
