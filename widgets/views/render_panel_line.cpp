// SPDX-License-Identifier: GPL-3.0-or-later
// The render panel's 1-D case: a plane of one row (a 1-D view, or a record field of one)
// is drawn as a line graph instead of a one-row heatmap; the heatmap target still renders
// it out of sight, so the histogram, range and statistics work as for any plane.
#include "views/render_panel.h"

#include "models/chunk_gate.h"
#include "views/chunk_overlay_controls.h"

#include "models/line_series.h"
#include "views/heatmap_target.h"
#include "views/heatmap_view.h"
#include "views/line_plot_view.h"
#include "views/slice_controls.h"

#include <QComboBox>
#include <QLabel>
#include <QStackedWidget>

namespace bufferscope {

bool RenderPanel::showsLine() const
{
    return m_plots->currentWidget() == m_line;
}

void RenderPanel::updateLine()
{
    const auto &key = m_main->key();
    const bool line = key && key->descriptor.ndim() == 1 && !key->imageMode;
    if (!line) {
        m_plots->setCurrentIndex(0);
        return;
    }
    // A chunked line loads off the GUI thread first (lineSeries reads it here): the one-row
    // heatmap and its progress show meanwhile, the line when the gate says its chunks are in.
    if (!m_chunks->gate()->isReady(key->descriptor, key->reader)) {
        m_plots->setCurrentIndex(0);
        return;
    }
    auto series = lineSeries(*key);
    if (!series) {
        m_plots->setCurrentIndex(0); // the heatmap target shows the same refusal
        return;
    }
    const QString field =
        m_slices->fieldCombo()->isVisible() ? m_slices->fieldCombo()->currentText() : QString();
    m_line->setSeries(*series, field.isEmpty() ? tr("value") : field);
    m_plots->setCurrentWidget(m_line);
}

void RenderPanel::showLineReadout(std::optional<std::int64_t> element)
{
    const RenderResult &result = m_main->result();
    if (!element || !m_main->key() || !result.plane) {
        m_status->clear();
        return;
    }
    const QString field =
        m_slices->fieldCombo()->isVisible() ? m_slices->fieldCombo()->currentText() : QString();
    m_status->setText(readoutText(*m_main->key(), *result.plane, Cell{0, *element}, field));
}

} // namespace bufferscope
