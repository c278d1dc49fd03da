// SPDX-License-Identifier: GPL-3.0-or-later
// chunkPlaneGrid: plane offsets -> array indices (byte coordinates, as ChunkReader's) ->
// chunk coordinates, once per row and once per column, then run-length spans.
#include "exporters/chunked/chunk_plane_grid.h"

#include <algorithm>
#include <set>

namespace bufferscope {

namespace {

// The array seen in byte coordinates (chunk_reader.h): the last axis counts bytes.
struct ByteGrid
{
    std::vector<std::int64_t> shape, chunks, strides, gridStrides;
    std::int64_t bytes = 1;

    explicit ByteGrid(const ChunkedArrayInfo &info) : shape(info.shape), chunks(info.chunks)
    {
        if (shape.empty()) {
            shape = {1};
            chunks = {1};
        }
        shape.back() *= info.itemsize;
        chunks.back() *= info.itemsize;
        const std::size_t n = shape.size();
        strides.assign(n, 1);
        gridStrides.assign(n, 1);
        for (std::size_t k = n; k-- > 1;) {
            strides[k - 1] = strides[k] * shape[k];
            gridStrides[k - 1] = gridStrides[k] * ((shape[k] + chunks[k] - 1) / chunks[k]);
        }
        bytes = strides[0] * shape[0];
    }

    void index(std::int64_t offset, std::vector<std::int64_t> &out) const
    {
        for (std::size_t k = 0; k < shape.size(); ++k)
            out[k] = offset / strides[k] % shape[k];
    }
};

// Offsets of `count` cells stepping `stride` from `origin`: their array indices and chunk id
// parts relative to cell 0, and the array axes they move along.
Status walk(const ByteGrid &grid, std::int64_t origin, std::int64_t stride, Index count,
            std::vector<std::int64_t> &parts, std::vector<bool> &moves, bool rows)
{
    const std::size_t n = grid.shape.size();
    std::vector<std::int64_t> first(n), at(n);
    grid.index(origin, first);
    parts.assign(static_cast<std::size_t>(count), 0);
    moves.assign(n, false);
    for (Index i = 0; i < count; ++i) {
        const std::int64_t offset = origin + i * stride;
        if (offset < 0 || offset >= grid.bytes)
            return makeError(ErrorCategory::Bounds,
                             "chunk grid: cell (" + std::to_string(rows ? i : 0) + ", " +
                                 std::to_string(rows ? 0 : i) + ") lies outside the array");
        grid.index(offset, at);
        std::int64_t part = 0;
        for (std::size_t k = 0; k < n; ++k) {
            if (at[k] != first[k])
                moves[k] = true;
            part += (at[k] / grid.chunks[k] - first[k] / grid.chunks[k]) * grid.gridStrides[k];
        }
        parts[static_cast<std::size_t>(i)] = part;
    }
    return {};
}

std::vector<ChunkSpan> spans(const std::vector<std::int64_t> &parts)
{
    std::vector<ChunkSpan> out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (out.empty() || out.back().part != parts[i])
            out.push_back({Index(i), 0, parts[i]});
        ++out.back().count;
    }
    return out;
}

std::int64_t partAt(const std::vector<ChunkSpan> &spans, Index cell)
{
    const auto it = std::upper_bound(spans.begin(), spans.end(), cell,
                                     [](Index c, const ChunkSpan &s) { return c < s.first; });
    return it == spans.begin() ? 0 : std::prev(it)->part;
}

} // namespace

std::uint64_t ChunkPlaneGrid::chunkAt(Index row, Index column) const
{
    return static_cast<std::uint64_t>(base + partAt(rows, row) + partAt(columns, column));
}

std::vector<ChunkSpan> ChunkPlaneGrid::spansIn(const std::vector<ChunkSpan> &spans, Index first,
                                               Index count)
{
    std::vector<ChunkSpan> out;
    for (const ChunkSpan &span : spans)
        if (span.first < first + count && span.first + span.count > first)
            out.push_back(span);
    return out;
}

std::vector<std::uint64_t> ChunkPlaneGrid::chunkIds(const render::PlaneRegion &region) const
{
    const render::PlaneRegion r = render::clampRegion(region, shape);
    if (r.isEmpty())
        return {};
    std::set<std::int64_t> rowParts, columnParts;
    for (const ChunkSpan &s : spansIn(rows, r.row, r.rows))
        rowParts.insert(s.part);
    for (const ChunkSpan &s : spansIn(columns, r.column, r.columns))
        columnParts.insert(s.part);
    std::vector<std::uint64_t> ids;
    ids.reserve(rowParts.size() * columnParts.size());
    for (std::int64_t a : rowParts)
        for (std::int64_t b : columnParts)
            ids.push_back(static_cast<std::uint64_t>(base + a + b));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

Result<ChunkPlaneGrid> chunkPlaneGrid(const ChunkedArrayInfo &info, std::uint64_t base,
                                      const Descriptor &plane,
                                      const render::PlaneSelection &selection)
{
    if (!plane.suboffsets.empty())
        return makeError(ErrorCategory::Structure, "chunk grid: the plane has suboffsets");
    auto shape = render::planeShape(plane, selection);
    if (!shape)
        return shape.error();
    ChunkPlaneGrid result;
    result.shape = *shape;
    if (shape->count() == 0)
        return result;
    const ByteGrid grid(info);
    // Cell (0, 0): the fixed indices, displayed axes at 0.
    std::int64_t origin =
        static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(plane.buf) - base);
    for (std::size_t k = 0; k < plane.shape.size(); ++k) {
        const int axis = static_cast<int>(k);
        if (axis != selection.rowAxis && axis != selection.columnAxis)
            origin += selection.fixed[k] * plane.strides[k];
    }
    auto stride = [&](int axis) {
        return axis >= 0 ? plane.strides[static_cast<std::size_t>(axis)] : std::int64_t(0);
    };
    std::vector<std::int64_t> rowParts, columnParts;
    std::vector<bool> rowMoves, columnMoves;
    if (auto s =
            walk(grid, origin, stride(selection.rowAxis), shape->rows, rowParts, rowMoves, true);
        !s)
        return s.error();
    if (auto s = walk(grid, origin, stride(selection.columnAxis), shape->columns, columnParts,
                      columnMoves, false);
        !s)
        return s.error();
    for (std::size_t k = 0; k < rowMoves.size(); ++k)
        if (rowMoves[k] && columnMoves[k])
            return makeError(
                ErrorCategory::Value,
                "chunk grid: rows and columns of the plane move along the same array axis " +
                    std::to_string(k));
    std::vector<std::int64_t> first(grid.shape.size());
    grid.index(origin, first);
    for (std::size_t k = 0; k < first.size(); ++k)
        result.base += first[k] / grid.chunks[k] * grid.gridStrides[k];
    result.rows = spans(rowParts);
    result.columns = spans(columnParts);
    return result;
}

} // namespace bufferscope
