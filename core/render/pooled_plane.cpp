// SPDX-License-Identifier: GPL-3.0-or-later
#include "render/pooled_plane.h"

#include "buffer/addressing.h"
#include "render/convert.h"
#include "render/fused_kernels.h"
#include "render/parallel_bands.h"
#include "render/row_pooler.h"

#include <atomic>
#include <string>

namespace bufferscope::render {

namespace {

// The checks every pass shares; gives the region clamped to the plane.
Result<PlaneRegion> checkedRegion(const Descriptor &descriptor, const NumericSource &source,
                                  const PlaneSelection &selection, PlaneRegion region)
{
    auto shape = planeShape(descriptor, selection);
    if (!shape)
        return shape.error();
    if (shape->count() > 0) {
        if (auto status = checkElementType(descriptor, source); !status)
            return status.error();
    }
    return clampRegion(region, *shape);
}

// Rows [first, end) of the region (a band of a pass split across threads).
PlaneRegion rowsOf(PlaneRegion region, Index first, Index end)
{
    region.row += first;
    region.rows = end - first;
    return region;
}

Error cancelled()
{
    return makeError(ErrorCategory::Value, "render: cancelled");
}

auto asFloats(const PlaneRun &run)
{
    return reinterpret_cast<const float *>(run.items);
}

} // namespace

Result<PooledPlane> poolFromBuffer(const Descriptor &descriptor, const NumericSource &source,
                                   const PlaneSelection &selection, PlaneRegion region,
                                   PlaneShape limit, PoolMode mode, const KeepGoing &keepGoing,
                                   bool markNonFinite)
{
    auto checked = checkedRegion(descriptor, source, selection, region);
    if (!checked)
        return checked.error();
    PooledPlane pooled;
    pooled.region = *checked;
    const PlaneShape input{pooled.region.rows, pooled.region.columns};
    if (input.count() == 0) {
        pooled.shape = {0, 0};
        return pooled;
    }
    pooled.shape = pooledShape(input, limit);
    if (auto status = checkPoolableRows(input, pooled.shape); !status)
        return status.error();
    // Bands of output rows, each reading the input rows it covers on a thread of its own.
    const int bands = static_cast<int>(std::min<Index>(bandsFor(input.count()), pooled.shape.rows));
    std::vector<std::vector<float>> values(static_cast<std::size_t>(bands));
    std::vector<ValueStatistics> statistics(static_cast<std::size_t>(bands));
    std::atomic<bool> complete = true;
    runInBands(pooled.shape.rows, bands, [&](int band, Index first, Index end) {
        const Index from = RowPooler::firstInputRow(input, pooled.shape, first);
        const Index to = RowPooler::firstInputRow(input, pooled.shape, end);
        PlaneRowReader reader(descriptor, source, selection, rowsOf(pooled.region, from, to),
                              PlaneRowReader::Swap::Convert);
        RowPooler pooler(input, pooled.shape, mode, markNonFinite, first, end);
        detail::StatisticsAccumulator accumulator;
        const bool done = reader.forEachRun(
            [&](const PlaneRun &run) {
                detail::accumulateStatistics<false>(run.items, run.count, accumulator);
                pooler.add(from + run.row, run.column, asFloats(run), run.count);
            },
            [&] { return complete && (!keepGoing || keepGoing()); });
        if (!done) {
            complete = false;
            return;
        }
        values[static_cast<std::size_t>(band)] = pooler.finish();
        statistics[static_cast<std::size_t>(band)] = accumulator.result();
    });
    if (!complete)
        return cancelled();
    pooled.values.reserve(static_cast<std::size_t>(pooled.shape.count()));
    for (int band = 0; band < bands; ++band) {
        const auto &part = values[static_cast<std::size_t>(band)];
        pooled.values.insert(pooled.values.end(), part.begin(), part.end());
        pooled.statistics = mergeStatistics(pooled.statistics, statistics[static_cast<std::size_t>(band)]);
    }
    return pooled;
}

Result<Histogram> histogramFromBuffer(const Descriptor &descriptor, const NumericSource &source,
                                      const PlaneSelection &selection, PlaneRegion region,
                                      double low, double high, int bins, const KeepGoing &keepGoing)
{
    auto checked = checkedRegion(descriptor, source, selection, region);
    if (!checked)
        return checked.error();
    HistogramCounter counter(low, high, bins);
    if (checked->isEmpty())
        return counter.histogram();
    const PlaneRegion cells = *checked;
    const int bands = bandsFor(cells.rows * cells.columns);
    std::vector<HistogramCounter> counters(static_cast<std::size_t>(bands), counter);
    std::atomic<bool> complete = true;
    runInBands(cells.rows, bands, [&](int band, Index first, Index end) {
        PlaneRowReader reader(descriptor, source, selection, rowsOf(cells, first, end),
                              PlaneRowReader::Swap::Convert);
        HistogramCounter &mine = counters[static_cast<std::size_t>(band)];
        const bool done = reader.forEachRun(
            [&](const PlaneRun &run) {
                mine.add(std::span<const float>(asFloats(run), static_cast<std::size_t>(run.count)));
            },
            [&] { return complete && (!keepGoing || keepGoing()); });
        if (!done)
            complete = false;
    });
    if (!complete)
        return cancelled();
    for (const HistogramCounter &part : counters)
        counter.merge(part);
    return counter.histogram();
}

Result<float> planeValue(const Descriptor &descriptor, const NumericSource &source,
                         const PlaneSelection &selection, Index row, Index column)
{
    auto shape = planeShape(descriptor, selection);
    if (!shape)
        return shape.error();
    if (row < 0 || column < 0 || row >= shape->rows || column >= shape->columns)
        return makeError(ErrorCategory::Bounds, "render: cell (" + std::to_string(row) + ", " +
                                                    std::to_string(column) +
                                                    ") is outside the " +
                                                    std::to_string(shape->rows) + "x" +
                                                    std::to_string(shape->columns) + " plane");
    if (auto status = checkElementType(descriptor, source); !status)
        return status.error();
    std::vector<Index> index = selection.fixed;
    if (selection.rowAxis >= 0)
        index[static_cast<std::size_t>(selection.rowAxis)] = row;
    if (selection.columnAxis >= 0)
        index[static_cast<std::size_t>(selection.columnAxis)] = column;
    return convertOne(source, selection.complexPart, elementPointer(descriptor, index));
}

} // namespace bufferscope::render
