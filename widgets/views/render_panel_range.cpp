// SPDX-License-Identifier: GPL-3.0-or-later
// The render panel's colour range: set by hand for the shown view (histogram, typed values,
// percentile presets) and recalled per view, so a range never follows the user to another
// buffer.
#include "views/render_panel.h"

#include "models/current_buffer.h"
#include "views/heatmap_target.h"
#include "views/histogram_view.h"

namespace bufferscope {

void RenderPanel::setRange(RangeMode mode, double low, double high)
{
    m_rangeMode = mode;
    m_low = low;
    m_high = high;
    m_ranges.set(m_current->index(), {mode, low, high});
    updateDisplay();
}

void RenderPanel::recallRange()
{
    const ColourRange range = m_ranges.rangeOf(m_current->index());
    // A preset asked for the previous view is not this one's (job tickets start at 1).
    m_percentileTicket = 0;
    m_rangeMode = range.mode;
    m_low = range.low;
    m_high = range.high;
    m_histogram->setAutomatic(range.mode == RangeMode::Automatic);
    updateDisplay();
}

void RenderPanel::requestPercentiles(double lowerPercent, double upperPercent)
{
    if (!m_main->key())
        return;
    m_percentileTicket = m_main->job()->requestPercentiles(*m_main->key(), m_main->source(),
                                                           lowerPercent, upperPercent);
}

} // namespace bufferscope
