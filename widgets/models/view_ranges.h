// SPDX-License-Identifier: GPL-3.0-or-later
// The colour range belongs to the view being shown: a range set by hand (dragged on the
// histogram, typed, or a percentile preset) is remembered for that tree row only, and every
// other row, a new view included, starts on Automatic. A released row's range goes with it.
#pragma once

#include "models/render_request.h"

#include <QModelIndex>
#include <QPersistentModelIndex>

#include <vector>

namespace bufferscope {

struct ColourRange
{
    RangeMode mode = RangeMode::Automatic;
    double low = 0.0;
    double high = 1.0;
};

class ViewRanges
{
public:
    // The range remembered for `row`; Automatic when none was set by hand.
    ColourRange rangeOf(const QModelIndex &row) const;
    // Remembers a manual range for `row`; an automatic one forgets it.
    void set(const QModelIndex &row, const ColourRange &range);

private:
    std::vector<std::pair<QPersistentModelIndex, ColourRange>> m_ranges;
};

} // namespace bufferscope
