// SPDX-License-Identifier: GPL-3.0-or-later
// Pools a plane that arrives row by row (straight from the buffer, never copied whole) into
// a smaller grid: each input row is added column-wise into one accumulator per input column
// (a vector loop), and when the rows of an output row are complete the accumulators are
// folded across each output cell's columns. The output cell (r, c) covers input rows
// [r*R/outRows, (r+1)*R/outRows) and the same for columns; NaN is ignored (a cell is NaN
// only when every value in it is), unless non-finite values are marked: then a cell holding
// any NaN is NaN, and in Max (Min) mode a cell holding -inf (+inf) and not the other
// infinity is -inf (+inf), so one bad value is never pooled out of sight. Mean needs no help
// with infinities: they reach the sum (±inf, or NaN when both signs meet).
#pragma once

#include "render/plane.h"
#include "render/pooling.h"

#include <cstdint>
#include <vector>

namespace bufferscope::render {

class RowPooler
{
public:
    // `output` must be no larger than `input` on either side and not empty. A band of output
    // rows [firstOutputRow, endOutputRow) (-1: to the last) pools only the input rows those
    // cover, for passes split across threads.
    RowPooler(PlaneShape input, PlaneShape output, PoolMode mode, bool markNonFinite,
              Index firstOutputRow = 0, Index endOutputRow = -1);

    // `count` native floats of input row `row` starting at input column `column`. Rows come
    // in order; a row may arrive in several runs.
    void add(Index row, Index column, const float *values, Index count);
    // The first input row of output row `row`.
    static Index firstInputRow(PlaneShape input, PlaneShape output, Index row)
    {
        return row * input.rows / output.rows;
    }
    // Completes the band's last output row and hands over its rows of the grid (row-major).
    std::vector<float> finish();

private:
    void foldRow();

    PlaneShape m_input;
    PlaneShape m_output;
    PoolMode m_mode;
    bool m_markNonFinite;
    Index m_outputRow = 0;
    Index m_endOutputRow = 0;
    Index m_blockEnd = 0; // the first input row of the next output row
    std::vector<Index> m_columnEnds; // per output column: one past its last input column
    std::vector<double> m_sum;       // Mean: per input column
    std::vector<float> m_best;       // Min/Max: per input column
    std::vector<float> m_other;      // marking in Min/Max: the other extreme, per input column
    std::vector<std::int32_t> m_count; // values that were not NaN, per input column
    std::vector<float> m_values;
};

} // namespace bufferscope::render
