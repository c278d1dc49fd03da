// SPDX-License-Identifier: GPL-3.0-or-later
// Footprint math: the touched bytes of a view as merged intervals, built axis by axis from the
// smallest stride up, and the inverse search from a byte to the elements reading it.
#include "buffer/footprint.h"

#include "buffer/addressing.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>

namespace bufferscope {

namespace {

constexpr auto kPointerSize = static_cast<ByteOffset>(sizeof(std::byte *));

// p - base as a signed distance, computed on integers: the two pointers may belong to
// different allocations (rows of a PIL image), where pointer subtraction is undefined.
ByteOffset distance(const std::byte *p, const std::byte *base)
{
    return static_cast<ByteOffset>(reinterpret_cast<std::uintptr_t>(p) -
                                   reinterpret_cast<std::uintptr_t>(base));
}

struct Axis
{
    int dim = 0;
    ByteOffset stride = 0;
    Index count = 0;
};

// The direct dimensions [first, ndim) as a set of offsets {base + sum j_i * stride_i}: axes of
// extent 1 and stride 0 add nothing to the set, and a negative stride is the same set walked
// backwards from its other end.
struct Lattice
{
    ByteOffset base = 0;
    std::vector<Axis> axes; // non-negative strides, ascending
};

Lattice normalise(const Descriptor &d, int first)
{
    Lattice lattice;
    for (int i = first; i < d.ndim(); ++i) {
        const Index n = d.shape[static_cast<std::size_t>(i)];
        ByteOffset s = d.strides[static_cast<std::size_t>(i)];
        if (n <= 1 || s == 0)
            continue;
        if (s < 0) {
            lattice.base += s * (n - 1);
            s = -s;
        }
        lattice.axes.push_back({i, s, n});
    }
    std::sort(lattice.axes.begin(), lattice.axes.end(),
              [](const Axis &a, const Axis &b) { return a.stride < b.stride; });
    return lattice;
}

struct Pattern
{
    std::vector<ByteRange> ranges; // relative to the lattice base; starts at 0
    bool exact = true;
};

// The union of [0, itemsize) shifted by every lattice point. While the pattern is one range
// of extent E, an axis with stride <= E just stretches it; otherwise the pattern is
// replicated. Past maxRanges the pattern is replaced by its covering range (a superset).
Pattern buildPattern(const Lattice &lattice, ByteOffset itemsize, std::size_t maxRanges)
{
    Pattern pattern;
    pattern.ranges.push_back({0, itemsize});
    maxRanges = std::max<std::size_t>(maxRanges, 1);
    for (const Axis &axis : lattice.axes) {
        const ByteOffset extent = pattern.ranges.back().end;
        const auto count = static_cast<std::size_t>(axis.count);
        if (pattern.ranges.size() > 1 && count > maxRanges / pattern.ranges.size()) {
            pattern.exact = false;
            pattern.ranges = {{0, extent}};
        }
        if (pattern.ranges.size() == 1 && (axis.stride <= extent || count > maxRanges)) {
            if (axis.stride > extent)
                pattern.exact = false;
            pattern.ranges[0].end = axis.stride * (axis.count - 1) + extent;
            continue;
        }
        std::vector<ByteRange> next;
        next.reserve(pattern.ranges.size() * count);
        for (Index j = 0; j < axis.count; ++j)
            for (const ByteRange &r : pattern.ranges)
                next.push_back({r.begin + j * axis.stride, r.end + j * axis.stride});
        mergeRanges(next);
        pattern.ranges = std::move(next);
    }
    return pattern;
}

// One dereferenced sub-array of a suboffset view: its index prefix, where its direct part
// starts, and the pointer slots read on the way.
struct Block
{
    std::vector<Index> prefix;
    const std::byte *start = nullptr;
    std::vector<const std::byte *> slots;
};

int lastDereference(const Descriptor &d)
{
    int last = -1;
    for (int i = 0; i < static_cast<int>(d.suboffsets.size()); ++i)
        if (d.suboffsets[static_cast<std::size_t>(i)] >= 0)
            last = i;
    return last;
}

bool isEmpty(const Descriptor &d)
{
    return std::any_of(d.shape.begin(), d.shape.end(), [](Index n) { return n <= 0; });
}

// Calls visit(block) for each index prefix over dims [0, last] in C order, at most maxBlocks
// times; returns how many prefixes were not visited.
std::int64_t forEachBlock(const Descriptor &d, int last, std::int64_t maxBlocks,
                          const std::function<bool(const Block &)> &visit)
{
    std::int64_t total = 1;
    for (int i = 0; i <= last; ++i)
        total *= d.shape[static_cast<std::size_t>(i)];
    Block block;
    block.prefix.assign(static_cast<std::size_t>(last + 1), 0);
    std::int64_t visited = 0;
    while (visited < std::min(total, maxBlocks)) {
        block.slots.clear();
        const std::byte *p = d.buf;
        for (int i = 0; i <= last; ++i) {
            const auto k = static_cast<std::size_t>(i);
            p += d.strides[k] * block.prefix[k];
            if (d.suboffsets[k] >= 0) {
                block.slots.push_back(p);
                std::byte *target = nullptr;
                std::memcpy(&target, p, sizeof target);
                p = target + d.suboffsets[k];
            }
        }
        block.start = p;
        ++visited;
        if (!visit(block))
            return 0;
        for (int i = last; i >= 0; --i) {
            const auto k = static_cast<std::size_t>(i);
            if (++block.prefix[k] < d.shape[k])
                break;
            block.prefix[k] = 0;
        }
    }
    return total - visited;
}

void clip(std::vector<ByteRange> &ranges, ByteOffset size)
{
    std::vector<ByteRange> inside;
    inside.reserve(ranges.size());
    for (ByteRange r : ranges) {
        r.begin = std::max<ByteOffset>(r.begin, 0);
        r.end = std::min(r.end, size);
        if (r.begin < r.end)
            inside.push_back(r);
    }
    ranges = std::move(inside);
}

} // namespace

void mergeRanges(std::vector<ByteRange> &ranges)
{
    if (!std::is_sorted(ranges.begin(), ranges.end(),
                        [](const ByteRange &a, const ByteRange &b) { return a.begin < b.begin; }))
        std::sort(ranges.begin(), ranges.end(),
                  [](const ByteRange &a, const ByteRange &b) { return a.begin < b.begin; });
    std::size_t out = 0;
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        if (ranges[i].begin >= ranges[i].end)
            continue;
        if (out > 0 && ranges[i].begin <= ranges[out - 1].end)
            ranges[out - 1].end = std::max(ranges[out - 1].end, ranges[i].end);
        else
            ranges[out++] = ranges[i];
    }
    ranges.resize(out);
}

ByteOffset Footprint::byteCount() const
{
    ByteOffset total = 0;
    for (const ByteRange &r : ranges)
        total += r.size();
    return total;
}

bool Footprint::contains(ByteOffset offset) const
{
    auto it =
        std::upper_bound(ranges.begin(), ranges.end(), offset,
                         [](ByteOffset value, const ByteRange &r) { return value < r.begin; });
    return it != ranges.begin() && std::prev(it)->contains(offset);
}

Footprint footprint(const Descriptor &d, std::span<const std::byte> allocation,
                    std::size_t maxRanges, std::int64_t maxBlocks)
{
    Footprint result;
    if (isEmpty(d))
        return result;
    const auto size = static_cast<ByteOffset>(allocation.size());
    const int last = lastDereference(d);
    const Lattice lattice = normalise(d, last + 1);
    Pattern pattern = buildPattern(lattice, d.itemsize, maxRanges);
    result.exact = pattern.exact;

    if (last < 0) {
        const ByteOffset shift = distance(d.buf, allocation.data()) + lattice.base;
        for (const ByteRange &r : pattern.ranges)
            result.ranges.push_back({r.begin + shift, r.end + shift});
        clip(result.ranges, size);
        return result;
    }

    // Blocks first (their pointer slots and where their direct parts land), then the pattern
    // placed at each block that reaches into this allocation.
    std::vector<ByteOffset> starts;
    const ByteOffset extent = pattern.ranges.back().end;
    result.blocksSkipped = forEachBlock(d, last, maxBlocks, [&](const Block &block) {
        for (const std::byte *slot : block.slots) {
            const ByteOffset at = distance(slot, allocation.data());
            result.ranges.push_back({at, at + kPointerSize});
        }
        const ByteOffset begin = distance(block.start, allocation.data()) + lattice.base;
        if (begin < 0 || begin + extent > size)
            ++result.blocksOutside;
        if (begin < size && begin + extent > 0)
            starts.push_back(begin);
        return true;
    });
    if (result.blocksSkipped > 0)
        result.exact = false;
    if (pattern.ranges.size() > 1 && starts.size() > maxRanges / pattern.ranges.size()) {
        pattern.ranges = {{0, extent}};
        result.exact = false;
    }
    for (const ByteOffset start : starts)
        for (const ByteRange &r : pattern.ranges)
            result.ranges.push_back({r.begin + start, r.end + start});
    clip(result.ranges, size);
    mergeRanges(result.ranges);
    return result;
}

namespace {

ByteOffset floorDiv(ByteOffset a, ByteOffset b)
{
    ByteOffset q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

ByteOffset ceilDiv(ByteOffset a, ByteOffset b)
{
    return -floorDiv(-a, b);
}

// Every j over the direct axes [first, ndim) with sum j_i * strides_i in [lo, hi], searched
// from the largest |stride| down: each axis keeps only the j for which the remaining axes can
// still reach the interval, so a non-overlapping view walks one path per answer.
class DirectSolver
{
public:
    DirectSolver(const Descriptor &d, int first) : m_ndim(d.ndim())
    {
        for (int i = first; i < d.ndim(); ++i)
            m_axes.push_back(
                {i, d.strides[static_cast<std::size_t>(i)], d.shape[static_cast<std::size_t>(i)]});
        std::sort(m_axes.begin(), m_axes.end(), [](const Axis &a, const Axis &b) {
            return std::abs(a.stride) > std::abs(b.stride);
        });
        m_minRest.assign(m_axes.size() + 1, 0);
        m_maxRest.assign(m_axes.size() + 1, 0);
        for (std::size_t k = m_axes.size(); k-- > 0;) {
            const ByteOffset reach = m_axes[k].stride * (m_axes[k].count - 1);
            m_minRest[k] = m_minRest[k + 1] + std::min<ByteOffset>(reach, 0);
            m_maxRest[k] = m_maxRest[k + 1] + std::max<ByteOffset>(reach, 0);
        }
    }

    // Appends full indices (prefix + solved axes) to out until it holds `limit` entries.
    void solve(std::span<const Index> prefix, ByteOffset lo, ByteOffset hi,
               std::vector<std::vector<Index>> &out, std::size_t limit)
    {
        m_index.assign(static_cast<std::size_t>(m_ndim), 0);
        std::copy(prefix.begin(), prefix.end(), m_index.begin());
        m_out = &out;
        m_limit = limit;
        m_budget = std::int64_t(1) << 22; // nodes; adversarial as_strided views stop here
        search(0, lo, hi);
    }

private:
    void search(std::size_t k, ByteOffset lo, ByteOffset hi)
    {
        if (m_out->size() >= m_limit || --m_budget < 0)
            return;
        if (k == m_axes.size()) {
            if (lo <= 0 && 0 <= hi)
                m_out->push_back(m_index);
            return;
        }
        const Axis &axis = m_axes[k];
        // j * stride must lie in [lo - maxRest, hi - minRest].
        const ByteOffset a = lo - m_maxRest[k + 1];
        const ByteOffset b = hi - m_minRest[k + 1];
        Index from = 0;
        Index to = axis.count - 1;
        if (axis.stride > 0) {
            from = std::max<Index>(from, ceilDiv(a, axis.stride));
            to = std::min<Index>(to, floorDiv(b, axis.stride));
        } else if (axis.stride < 0) {
            from = std::max<Index>(from, ceilDiv(-b, -axis.stride));
            to = std::min<Index>(to, floorDiv(-a, -axis.stride));
        } else if (a > 0 || b < 0) {
            return;
        }
        for (Index j = from; j <= to && m_out->size() < m_limit && m_budget >= 0; ++j) {
            m_index[static_cast<std::size_t>(axis.dim)] = j;
            search(k + 1, lo - j * axis.stride, hi - j * axis.stride);
        }
    }

    int m_ndim;
    std::vector<Axis> m_axes;
    std::vector<ByteOffset> m_minRest, m_maxRest;
    std::vector<Index> m_index;
    std::vector<std::vector<Index>> *m_out = nullptr;
    std::size_t m_limit = 0;
    std::int64_t m_budget = 0;
};

} // namespace

std::vector<std::vector<Index>> elementsReading(const Descriptor &d,
                                                std::span<const std::byte> allocation,
                                                ByteOffset byteOffset, std::size_t limit)
{
    std::vector<std::vector<Index>> result;
    if (isEmpty(d) || limit == 0)
        return result;
    const int last = lastDereference(d);
    DirectSolver solver(d, last + 1);
    // An element at offset o reads byteOffset iff o <= byteOffset < o + itemsize.
    const auto solveAt = [&](std::span<const Index> prefix, const std::byte *start) {
        const ByteOffset target = byteOffset - distance(start, allocation.data());
        solver.solve(prefix, target - d.itemsize + 1, target, result, limit);
    };
    if (last < 0) {
        solveAt({}, d.buf);
    } else {
        // A block whose pointer slot holds the byte is read by all of its elements: an
        // unbounded interval makes the solver list them.
        const ByteOffset everything = std::numeric_limits<ByteOffset>::max() / 4;
        forEachBlock(d, last, kDefaultMaxBlocks, [&](const Block &block) {
            const bool slotHit =
                std::any_of(block.slots.begin(), block.slots.end(), [&](const std::byte *slot) {
                    const ByteOffset at = distance(slot, allocation.data());
                    return at <= byteOffset && byteOffset < at + kPointerSize;
                });
            if (slotHit)
                solver.solve(block.prefix, -everything, everything, result, limit);
            else
                solveAt(block.prefix, block.start);
            return result.size() < limit;
        });
    }
    std::sort(result.begin(), result.end());
    return result;
}

ByteRange elementBytes(const Descriptor &d, std::span<const Index> index,
                       std::span<const std::byte> allocation)
{
    const ByteOffset at = distance(elementPointer(d, index), allocation.data());
    return {at, at + d.itemsize};
}

} // namespace bufferscope
