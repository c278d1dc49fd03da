// SPDX-License-Identifier: GPL-3.0-or-later
// ViewRanges: a short list keyed by persistent indexes (they follow rows that move and turn
// invalid when their row is removed, which is when an entry is dropped).
#include "models/view_ranges.h"

#include <algorithm>

namespace bufferscope {

ColourRange ViewRanges::rangeOf(const QModelIndex &row) const
{
    for (const auto &[index, range] : m_ranges)
        if (index.isValid() && index == row.siblingAtColumn(0))
            return range;
    return {};
}

void ViewRanges::set(const QModelIndex &row, const ColourRange &range)
{
    // Any cell of the row stands for the row (the tree's current index may be any column).
    const QModelIndex first = row.siblingAtColumn(0);
    std::erase_if(m_ranges, [&](const auto &entry) {
        return !entry.first.isValid() || entry.first == first;
    });
    if (first.isValid() && range.mode == RangeMode::Manual)
        m_ranges.emplace_back(QPersistentModelIndex(first), range);
}

} // namespace bufferscope
