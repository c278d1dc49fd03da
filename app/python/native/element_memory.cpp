// SPDX-License-Identifier: GPL-3.0-or-later
// Probing element memory: footprint ranges for direct layouts, a safe pointer walk for
// suboffsets.
#include "element_memory.h"

#include "buffer/footprint.h"

#include <optional>
#include <string>
#include <vector>

namespace bufferscope {

namespace {

Error overflow(int dim)
{
    return makeError(ErrorCategory::Limit,
                     "elements: byte offsets overflow in dimension " + std::to_string(dim));
}

std::string indexText(const std::vector<Index> &index)
{
    std::string text = "[";
    for (std::size_t i = 0; i < index.size(); ++i)
        text += (i ? ", " : "") + std::to_string(index[i]);
    return text + "]";
}

// The byte ranges (absolute addresses) the direct dimensions [first, ndim) reach from base.
// footprint is given the extent as its "allocation": for a direct layout it only does
// arithmetic on the addresses and never reads them.
Status directRanges(const Descriptor &d, int first, Address base, std::vector<AddressRange> &out)
{
    Descriptor tail;
    tail.itemsize = d.itemsize;
    tail.shape.assign(d.shape.begin() + first, d.shape.end());
    tail.strides.assign(d.strides.begin() + first, d.strides.end());
    const std::optional<ByteExtent> extent = directExtent(tail.shape, tail.strides, d.itemsize);
    if (!extent)
        return overflow(d.ndim() - 1);
    const Address low = base + static_cast<Address>(extent->low);
    tail.buf = reinterpret_cast<std::byte *>(base);
    const std::span<const std::byte> allocation(
        reinterpret_cast<const std::byte *>(low),
        static_cast<std::size_t>(extent->high - extent->low));
    const Footprint fp = footprint(tail, allocation);
    for (const ByteRange &r : fp.ranges)
        out.push_back({low + static_cast<Address>(r.begin), static_cast<std::size_t>(r.size())});
    return {};
}

} // namespace

std::optional<ByteExtent> directExtent(std::span<const std::int64_t> shape,
                                       std::span<const ByteOffset> strides, ByteOffset itemsize)
{
    ByteExtent extent;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 0)
            return ByteExtent{};
        ByteOffset reach = 0;
        if (__builtin_mul_overflow(shape[i] - 1, strides[i], &reach))
            return std::nullopt;
        ByteOffset &grown = reach > 0 ? extent.high : extent.low;
        if (__builtin_add_overflow(grown, reach, &grown))
            return std::nullopt;
    }
    if (__builtin_add_overflow(extent.high, itemsize, &extent.high))
        return std::nullopt;
    return extent;
}

ElementProbe probeElements(const Descriptor &d, const ProcessMemory &memory,
                           std::int64_t maxPointers)
{
    ElementProbe probe;
    for (std::int64_t n : d.shape) {
        if (n == 0)
            return probe; // no elements, nothing is read
    }
    std::vector<AddressRange> ranges;
    auto finish = [&](Status s) {
        probe.status = std::move(s);
        return probe;
    };
    if (!d.hasSuboffsets()) {
        if (Status s = directRanges(d, 0, reinterpret_cast<Address>(d.buf), ranges); !s)
            return finish(s);
        probe.ranges = static_cast<std::int64_t>(ranges.size());
        Status s = memory.probe(ranges);
        return finish(s ? Status{}
                        : makeError(s.error().category, "elements: " + s.error().message));
    }

    // Suboffsets: follow each dereferencing dimension's pointers region by region.
    struct Base
    {
        Address address;
        std::vector<Index> prefix;
    };
    std::vector<Base> bases{{reinterpret_cast<Address>(d.buf), {}}};
    int first = 0;
    for (int dim = 0; dim < d.ndim(); ++dim) {
        if (d.suboffsets[dim] < 0)
            continue;
        // Region [first, dim]: read one pointer at every index of it, from every base.
        std::vector<Base> next;
        std::vector<AddressRange> slots;
        for (const Base &base : bases) {
            std::vector<Index> idx(static_cast<std::size_t>(dim - first + 1), 0);
            for (;;) {
                if (probe.pointers + static_cast<std::int64_t>(slots.size()) >= maxPointers) {
                    probe.complete = false;
                    break;
                }
                ByteOffset offset = 0;
                for (int k = first; k <= dim; ++k) {
                    ByteOffset step = 0;
                    if (__builtin_mul_overflow(idx[k - first], d.strides[k], &step) ||
                        __builtin_add_overflow(offset, step, &offset))
                        return finish(overflow(k));
                }
                slots.push_back({base.address + static_cast<Address>(offset), sizeof(void *)});
                Base b{0, base.prefix};
                b.prefix.insert(b.prefix.end(), idx.begin(), idx.end());
                next.push_back(std::move(b));
                int k = static_cast<int>(idx.size()) - 1;
                for (; k >= 0; --k) {
                    if (++idx[k] < d.shape[first + k])
                        break;
                    idx[k] = 0;
                }
                if (k < 0)
                    break;
            }
            if (!probe.complete)
                break;
        }
        std::vector<Address> pointers(slots.size());
        if (Status s = memory.readMany(slots, std::as_writable_bytes(std::span(pointers))); !s) {
            // Name the slot: the first one starting at the address the message reports.
            for (std::size_t i = 0; i < slots.size(); ++i) {
                Status one = memory.probe(std::span(&slots[i], 1));
                if (!one)
                    return finish(makeError(ErrorCategory::Bounds, "pointer " +
                                                                       indexText(next[i].prefix) +
                                                                       ": " + one.error().message));
            }
            return finish(s);
        }
        probe.pointers += static_cast<std::int64_t>(pointers.size());
        for (std::size_t i = 0; i < pointers.size(); ++i)
            next[i].address = pointers[i] + static_cast<Address>(d.suboffsets[dim]);
        next.resize(pointers.size());
        bases = std::move(next);
        first = dim + 1;
        if (!probe.complete)
            return finish({}); // the rows beyond maxPointers are not followed
    }
    // The direct dimensions after the last dereference, from every base reached: all ranges
    // in one batched probe, and only on failure one by one to name the row.
    std::vector<std::size_t> baseOf;
    for (std::size_t b = 0; b < bases.size(); ++b) {
        if (Status s = directRanges(d, first, bases[b].address, ranges); !s)
            return finish(s);
        baseOf.resize(ranges.size(), b);
    }
    if (!memory.probe(ranges)) {
        for (std::size_t i = 0; i < ranges.size(); ++i) {
            Status one = memory.probe(std::span(&ranges[i], 1));
            if (!one)
                return finish(
                    makeError(ErrorCategory::Bounds, "row " + indexText(bases[baseOf[i]].prefix) +
                                                         ": " + one.error().message));
        }
    }
    probe.ranges = static_cast<std::int64_t>(ranges.size());
    return probe;
}

} // namespace bufferscope
