// SPDX-License-Identifier: GPL-3.0-or-later
// Request building and coalescing for one heatmap.
#include "views/heatmap_target.h"

#include <QStringList>
#include <QTimer>

namespace bufferscope {

HeatmapTarget::HeatmapTarget(HeatmapView *view, QObject *parent) : QObject(parent), m_view(view)
{
    connect(view, &HeatmapView::viewChanged, this, &HeatmapTarget::schedule);
    connect(&m_job, &RenderJob::finished, this, &HeatmapTarget::onFinished);
    connect(&m_job, &RenderJob::previewReady, this, [this](const RenderResult &preview) {
        if (!m_key || !(*m_key == m_request.plane))
            return;
        m_view->setResult(preview, keepsAspect(preview), !m_request.plane.imageMode);
        emit previewShown();
    });
    connect(&m_job, &RenderJob::histogramReady, this,
            [this](std::shared_ptr<const PlaneSummary> summary) {
                if (!m_result.plane || !m_key || !(*m_key == m_request.plane))
                    return; // another plane is on its way
                m_result.plane = std::move(summary);
                emit histogramReady();
            });
}

void HeatmapTarget::setPlane(BufferSource *source, std::optional<PlaneKey> key,
                             const QString &message)
{
    m_source = source;
    m_key = std::move(key);
    if (!m_key) {
        m_job.cancel();
        m_sent = false;
        m_result = {};
        m_view->showMessage(message);
        emit planeChanged();
        return;
    }
    auto label = [](int axis) { return axis >= 0 ? tr("axis %1").arg(axis) : QString(); };
    m_view->setAxisLabels(label(m_key->selection.columnAxis), label(m_key->selection.rowAxis));
    // Until the first picture arrives (a slow store can take seconds): say so, rather than
    // leave "Select a buffer" or an earlier buffer's error in place. A picture already shown
    // stays until the new one replaces it.
    if (m_view->showsMessage())
        m_view->showMessage(tr("Reading the data…"));
    emit planeChanged();
    schedule();
}

void HeatmapTarget::setDisplay(const DisplayChoice &display)
{
    m_display = display;
    schedule();
}

void HeatmapTarget::refresh()
{
    m_sent = false;
    m_job.invalidate();
    schedule();
}

void HeatmapTarget::schedule()
{
    if (m_scheduled || !m_key)
        return;
    m_scheduled = true;
    // Slider drags and zooms produce bursts of changes: one request per event-loop turn.
    QTimer::singleShot(0, this, &HeatmapTarget::render);
}

void HeatmapTarget::render()
{
    m_scheduled = false;
    if (!m_key)
        return;
    RenderRequest request;
    request.plane = *m_key;
    request.region = m_view->visibleRegion();
    request.limit = m_view->pixelBudget();
    request.poolMode = m_display.poolMode;
    request.markNonFinite = m_display.markNonFinite;
    request.gradient = m_display.gradient;
    request.rangeMode = m_display.rangeMode;
    request.low = m_display.low;
    request.high = m_display.high;
    // A new plane is drawn whole first; the view asks again for its region once fitted.
    if (!m_result.plane || !(request.plane == m_request.plane))
        request.region = {};
    if (m_sent && request.sameAs(m_request))
        return;
    m_request = request;
    m_sent = true;
    m_job.request(request, m_source);
}

void HeatmapTarget::onFinished(const RenderResult &result)
{
    m_result = result;
    m_view->setResult(result, keepsAspect(result), !m_request.plane.imageMode);
    emit rendered(result);
}

bool HeatmapTarget::keepsAspect(const RenderResult &result) const
{
    const bool image = m_request.plane.imageMode;
    if (!result.plane || image)
        return image;
    const auto shape = result.plane->shape;
    const auto longer = std::max(shape.rows, shape.columns);
    const auto shorter = std::min(shape.rows, shape.columns);
    return shorter > 1 && longer <= 8 * shorter; // square cells unless a strip
}

QImage HeatmapTarget::fullImage() const
{
    if (!m_result.plane)
        return {};
    return fullResolutionImage(m_request);
}

std::vector<Index> elementIndex(const PlaneKey &key, Cell cell, int bufferNdim)
{
    std::vector<Index> index = key.selection.fixed;
    if (key.selection.rowAxis >= 0)
        index[static_cast<std::size_t>(key.selection.rowAxis)] = cell.row;
    if (key.selection.columnAxis >= 0)
        index[static_cast<std::size_t>(key.selection.columnAxis)] = cell.column;
    if (key.imageMode)
        index[static_cast<std::size_t>(key.channelAxis)] = 0;
    if (bufferNdim >= 0 && index.size() > static_cast<std::size_t>(bufferNdim))
        index.resize(static_cast<std::size_t>(bufferNdim));
    return index;
}

static QString number(float value)
{
    return QString::number(value, 'g', 7);
}

// The cell's value in one channel (the plane's own selection outside image mode).
static QString cellValue(const PlaneKey &key, Cell cell, int channel)
{
    const auto value = planeCellValue(key, channel, cell.row, cell.column);
    return value ? number(*value) : QStringLiteral("?");
}

QString readoutText(const PlaneKey &key, const PlaneSummary &plane, Cell cell, const QString &field)
{
    if (cell.row < 0 || cell.column < 0 || cell.row >= plane.shape.rows ||
        cell.column >= plane.shape.columns)
        return {};
    QStringList index;
    for (std::size_t axis = 0; axis < key.selection.fixed.size(); ++axis) {
        const int a = static_cast<int>(axis);
        if (key.imageMode && a == key.channelAxis)
            index << QStringLiteral(":");
        else if (a == key.selection.rowAxis)
            index << QString::number(cell.row);
        else if (a == key.selection.columnAxis)
            index << QString::number(cell.column);
        else
            index << QString::number(key.selection.fixed[axis]);
    }
    QString value;
    if (key.imageMode) {
        QStringList parts;
        for (int c = 0; c < plane.channels; ++c)
            parts << cellValue(key, cell, c);
        value = QStringLiteral("(%1)").arg(parts.join(QStringLiteral(", ")));
    } else {
        value = cellValue(key, cell, 0);
    }
    const QString name = field.isEmpty() ? QString() : QStringLiteral(" ") + field;
    return QStringLiteral("[%1]%2 = %3").arg(index.join(QStringLiteral(", ")), name, value);
}

} // namespace bufferscope
