// SPDX-License-Identifier: GPL-3.0-or-later
// The bounds proof: extreme offsets per region of directly strided dimensions, and the
// pointer arrays between regions read one pointer at a time.
#include "buffer/bounds.h"

#include "buffer/layout.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace bufferscope {

namespace {

// Dimensions [first, last) strided directly from one base; if `deref`, the address reached is
// where a pointer is read (PyBuffer_GetPointer's suboffset step at dimension last - 1).
struct Region
{
    int first = 0;
    int last = 0;
    bool deref = false;
    ByteOffset minOffset = 0;
    ByteOffset maxOffset = 0;
    std::vector<Index> minIndex; // the index (within the region) reaching minOffset
    std::vector<Index> maxIndex;
};

struct Base
{
    std::uintptr_t address;
    std::vector<Index> prefix; // indices of the dimensions before the region
};

std::string indexText(const std::vector<Index> &prefix, const std::vector<Index> &tail)
{
    std::string text = "[";
    bool first = true;
    for (const auto *part : {&prefix, &tail}) {
        for (Index i : *part) {
            text += first ? "" : ", ";
            text += std::to_string(i);
            first = false;
        }
    }
    return text + "]";
}

class Allocations
{
public:
    explicit Allocations(std::span<const std::span<const std::byte>> allocations)
    {
        for (const auto &a : allocations) {
            if (!a.empty())
                m_ranges.push_back({reinterpret_cast<std::uintptr_t>(a.data()), a.size()});
        }
        std::sort(m_ranges.begin(), m_ranges.end());
    }

    // The allocation holding `address`: the one with the largest start not above it, or, if
    // allocations overlap and that one is too short, any other that holds it.
    const std::pair<std::uintptr_t, std::size_t> *find(std::uintptr_t address) const
    {
        auto holds = [address](const std::pair<std::uintptr_t, std::size_t> &r) {
            return address >= r.first && address - r.first < r.second;
        };
        auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(),
                                   std::pair<std::uintptr_t, std::size_t>{address, SIZE_MAX});
        if (it != m_ranges.begin() && holds(*(it - 1)))
            return &*(it - 1);
        auto other = std::find_if(m_ranges.begin(), m_ranges.end(), holds);
        return other == m_ranges.end() ? nullptr : &*other;
    }

private:
    std::vector<std::pair<std::uintptr_t, std::size_t>> m_ranges;
};

Error overflow(int dim)
{
    return makeError(ErrorCategory::Limit,
                     "bounds: byte offsets overflow in dimension " + std::to_string(dim));
}

Result<std::vector<Region>> regions(const Descriptor &d)
{
    std::vector<Region> result;
    Region current;
    for (int i = 0; i < d.ndim(); ++i) {
        ByteOffset extent = 0;
        if (__builtin_mul_overflow(d.shape[i] - 1, d.strides[i], &extent))
            return overflow(i);
        const bool up = extent > 0;
        ByteOffset &grown = up ? current.maxOffset : current.minOffset;
        if (__builtin_add_overflow(grown, extent, &grown))
            return overflow(i);
        current.maxIndex.push_back(up ? d.shape[i] - 1 : 0);
        current.minIndex.push_back(up ? 0 : d.shape[i] - 1);
        current.last = i + 1;
        if (d.hasSuboffsets() && d.suboffsets[i] >= 0) {
            current.deref = true;
            result.push_back(std::move(current));
            current = Region{};
            current.first = i + 1;
            current.last = i + 1;
        }
    }
    result.push_back(std::move(current));
    return result;
}

// Checks one region from one base; `width` is the size of what is read at each address.
Status checkRegion(const Region &r, const Base &base, ByteOffset width, const Allocations &all)
{
    const char *what = r.deref ? "pointer" : "element";
    const std::vector<Index> zeros(r.maxIndex.size(), 0);
    const auto *home = all.find(base.address);
    if (!home)
        return makeError(ErrorCategory::Bounds, std::string("bounds: ") + what + " " +
                                                    indexText(base.prefix, zeros) +
                                                    " lies outside every allocation");
    const auto rel = static_cast<ByteOffset>(base.address - home->first);
    const auto size = static_cast<ByteOffset>(home->second);
    auto outside = [&](const std::vector<Index> &index, ByteOffset at) {
        return makeError(ErrorCategory::Bounds, std::string("bounds: ") + what + " " +
                                                    indexText(base.prefix, index) + " at byte " +
                                                    std::to_string(at) + " lies outside the " +
                                                    std::to_string(size) + "-byte buffer");
    };
    // The offsets were checked per dimension; adding rel and width may still overflow.
    ByteOffset low = 0;
    ByteOffset start = 0;
    ByteOffset end = 0;
    if (__builtin_add_overflow(rel, r.minOffset, &low) ||
        __builtin_add_overflow(rel, r.maxOffset, &start) ||
        __builtin_add_overflow(start, width, &end))
        return overflow(r.last - 1);
    if (low < 0)
        return outside(r.minIndex, low);
    if (end > size)
        return outside(r.maxIndex, start);
    return {};
}

// Reads every pointer of a checked region and returns the bases of the next region.
void followPointers(const Descriptor &d, const Region &r, const Base &base, std::vector<Base> &next)
{
    std::vector<Index> idx(static_cast<std::size_t>(r.last - r.first), 0);
    for (;;) {
        ByteOffset offset = 0;
        for (int k = r.first; k < r.last; ++k)
            offset += idx[k - r.first] * d.strides[k];
        std::uintptr_t target = 0;
        std::memcpy(&target, reinterpret_cast<const void *>(base.address + offset), sizeof target);
        Base b{target + static_cast<std::uintptr_t>(d.suboffsets[r.last - 1]), base.prefix};
        b.prefix.insert(b.prefix.end(), idx.begin(), idx.end());
        next.push_back(std::move(b));
        int k = static_cast<int>(idx.size()) - 1;
        for (; k >= 0; --k) {
            if (++idx[k] < d.shape[r.first + k])
                break;
            idx[k] = 0;
        }
        if (k < 0)
            return;
    }
}

} // namespace

Status verifyBounds(const Descriptor &d, std::span<const std::span<const std::byte>> allocations)
{
    if (Status s = validateDescriptor(d); !s)
        return s;
    if (d.len == 0)
        return {};
    Result<std::vector<Region>> rs = regions(d);
    if (!rs)
        return rs.error();
    const Allocations all(allocations);
    std::vector<Base> bases{Base{reinterpret_cast<std::uintptr_t>(d.buf), {}}};
    for (const Region &r : *rs) {
        const ByteOffset width = r.deref ? ByteOffset(sizeof(void *)) : d.itemsize;
        std::vector<Base> next;
        for (const Base &base : bases) {
            if (Status s = checkRegion(r, base, width, all); !s)
                return s;
            if (r.deref)
                followPointers(d, r, base, next);
        }
        bases = std::move(next);
    }
    return {};
}

} // namespace bufferscope
