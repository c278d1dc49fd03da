// SPDX-License-Identifier: GPL-3.0-or-later
// Stride diagnostics: per-axis checks and the overlap decision (a stride test that proves most
// layouts alias-free, then exact enumeration of the few axes it cannot clear).
#include "buffer/diagnostics.h"

#include "format/parser.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>

namespace bufferscope {

namespace {

// Offsets and spans are sums of stride × index; with strides near the 64-bit limit these
// overflow int64, so the overlap decision does its arithmetic in 128 bits.
using Wide = __int128;

Wide wideAbs(ByteOffset value)
{
    return value < 0 ? -Wide{value} : Wide{value};
}

// The first axis whose memory is addressed directly: past the last dereferencing axis.
int firstDirectAxis(const Descriptor &d)
{
    int first = 0;
    for (int i = 0; i < static_cast<int>(d.suboffsets.size()); ++i) {
        if (d.suboffsets[i] >= 0)
            first = i + 1;
    }
    return first;
}

bool isEmpty(const Descriptor &d)
{
    return std::any_of(d.shape.begin(), d.shape.end(), [](std::int64_t n) { return n == 0; });
}

// Direct axes that are stepped along (length > 1), sorted by |stride|, innermost first.
std::vector<int> steppedAxesByStride(const Descriptor &d)
{
    std::vector<int> axes;
    for (int i = firstDirectAxis(d); i < d.ndim(); ++i) {
        if (d.shape[i] > 1)
            axes.push_back(i);
    }
    std::stable_sort(axes.begin(), axes.end(),
                     [&](int a, int b) { return wideAbs(d.strides[a]) < wideAbs(d.strides[b]); });
    return axes;
}

std::string indexText(const std::vector<std::int64_t> &index)
{
    std::string text = "(";
    for (std::size_t i = 0; i < index.size(); ++i) {
        if (i > 0)
            text += ", ";
        text += std::to_string(index[i]);
    }
    if (index.size() == 1)
        text += ",";
    return text + ")";
}

} // namespace

std::optional<bool> elementsOverlap(const Descriptor &d, OverlapWitness *witness)
{
    if (isEmpty(d) || d.strides.size() != d.shape.size())
        return false;
    const std::vector<int> axes = steppedAxesByStride(d);
    const std::vector<std::int64_t> origin(d.shape.size(), 0);

    // Sufficient test: walking from the smallest |stride| outwards, an axis whose |stride| is
    // at least the extent of everything inside it (the inner axes' span plus one item) can
    // never bring two elements within itemsize of each other. If that holds for a whole
    // suffix of outer axes, an overlapping pair must agree on all of them, so only the axes
    // up to the last failing one need enumerating.
    Wide span = d.itemsize;
    std::size_t enumerated = 0; // axes[0 .. enumerated) are enumerated
    for (std::size_t k = 0; k < axes.size(); ++k) {
        const int axis = axes[k];
        if (wideAbs(d.strides[axis]) < span)
            enumerated = k + 1;
        span += wideAbs(d.strides[axis]) * Wide{d.shape[axis] - 1};
    }
    if (enumerated == 0)
        return false;

    Wide count = 1;
    for (std::size_t k = 0; k < enumerated; ++k) {
        count *= d.shape[axes[k]];
        if (count > kOverlapEnumerationLimit)
            return std::nullopt;
    }

    // Every offset of the enumerated sub-array with its linear index; after sorting, two
    // elements closer than itemsize exist iff some neighbours are.
    struct Entry
    {
        Wide offset;
        std::int64_t linear;
    };
    std::vector<Entry> entries;
    entries.reserve(static_cast<std::size_t>(count));
    std::vector<std::int64_t> counter(enumerated, 0);
    for (std::int64_t linear = 0; linear < static_cast<std::int64_t>(count); ++linear) {
        Wide offset = 0;
        for (std::size_t k = 0; k < enumerated; ++k)
            offset += Wide{d.strides[axes[k]]} * counter[k];
        entries.push_back({offset, linear});
        for (std::size_t k = 0; k < enumerated; ++k) {
            if (++counter[k] < d.shape[axes[k]])
                break;
            counter[k] = 0;
        }
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return a.offset < b.offset || (a.offset == b.offset && a.linear < b.linear);
    });
    for (std::size_t e = 1; e < entries.size(); ++e) {
        if (entries[e].offset - entries[e - 1].offset >= d.itemsize)
            continue;
        if (witness) {
            auto unpack = [&](std::int64_t linear) {
                std::vector<std::int64_t> index = origin;
                for (std::size_t k = 0; k < enumerated; ++k) {
                    index[axes[k]] = linear % d.shape[axes[k]];
                    linear /= d.shape[axes[k]];
                }
                return index;
            };
            const auto a = std::min(entries[e - 1].linear, entries[e].linear);
            const auto b = std::max(entries[e - 1].linear, entries[e].linear);
            // Report the pair in the order a reader counts: lexicographically by index.
            auto first = unpack(a);
            auto second = unpack(b);
            if (second < first)
                std::swap(first, second);
            *witness = {std::move(first), std::move(second)};
        }
        return true;
    }
    return false;
}

std::vector<Diagnostic> diagnoseLayout(const Descriptor &d, std::int64_t alignment)
{
    std::vector<Diagnostic> out;
    auto add = [&out](Diagnostic::Severity severity, Diagnostic::Kind kind, std::string message,
                      int axis) {
        out.push_back({severity, kind, std::move(message), axis});
    };
    const int ndim = d.ndim();
    const bool haveStrides = d.strides.size() == d.shape.size();

    for (int i = 0; i < static_cast<int>(d.suboffsets.size()); ++i) {
        if (d.suboffsets[i] >= 0)
            add(Diagnostic::Info, Diagnostic::Suboffset,
                "axis " + std::to_string(i) + " dereferences a pointer (suboffset " +
                    std::to_string(d.suboffsets[i]) + ")",
                i);
    }
    // No element exists in an empty buffer, so no stride is ever used.
    if (!haveStrides || isEmpty(d))
        return out;
    for (int i = 0; i < ndim; ++i) {
        if (d.shape[i] > 1 && d.strides[i] < 0)
            add(Diagnostic::Info, Diagnostic::NegativeStride,
                "axis " + std::to_string(i) + " has a negative stride (" +
                    std::to_string(d.strides[i]) + "): elements run backwards",
                i);
    }
    for (int i = 0; i < ndim; ++i) {
        if (d.shape[i] > 1 && d.strides[i] == 0)
            add(Diagnostic::Warning, Diagnostic::ZeroStride,
                "axis " + std::to_string(i) +
                    " has stride 0: every index reads the same bytes (broadcast)",
                i);
    }
    OverlapWitness witness;
    const std::optional<bool> overlap = elementsOverlap(d, &witness);
    if (!overlap) {
        add(Diagnostic::Warning, Diagnostic::MayOverlap,
            "elements may overlap: the stride test fails and more than " +
                std::to_string(kOverlapEnumerationLimit) + " elements would have to be compared",
            -1);
    } else if (*overlap) {
        add(Diagnostic::Warning, Diagnostic::Overlap,
            "elements overlap: indices " + indexText(witness.first) + " and " +
                indexText(witness.second) + " share bytes",
            -1);
    }

    if (alignment > 1) {
        const auto address = reinterpret_cast<std::uintptr_t>(d.buf);
        // With suboffsets buf is the pointer array, not an item: its alignment says nothing.
        if (!d.hasSuboffsets() && address % static_cast<std::uintptr_t>(alignment) != 0) {
            char hex[32];
            std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(address));
            add(Diagnostic::Warning, Diagnostic::Misaligned,
                "items are misaligned: buf address " + std::string(hex) +
                    " is not a multiple of alignment " + std::to_string(alignment),
                -1);
        }
        for (int i = firstDirectAxis(d); i < ndim; ++i) {
            if (d.shape[i] > 1 && d.strides[i] % alignment != 0)
                add(Diagnostic::Warning, Diagnostic::Misaligned,
                    "items are misaligned: stride " + std::to_string(d.strides[i]) +
                        " is not a multiple of alignment " + std::to_string(alignment),
                    i);
        }
    }

    // Gaps: each stepped axis against the block inside it (one item for the innermost, else
    // the next inner axis's |stride| × length). Broadcast axes have no block to skip.
    std::vector<int> axes = steppedAxesByStride(d);
    std::erase_if(axes, [&](int axis) { return d.strides[axis] == 0; });
    // When inner axes overlap, their bytes reach further than that, so the block is at least
    // the inner span (from the first byte of the first element to the last of the last).
    std::vector<Diagnostic> gaps;
    Wide innerSpan = d.itemsize;
    for (std::size_t k = 0; k < axes.size(); ++k) {
        const int axis = axes[k];
        const Wide stride = wideAbs(d.strides[axis]);
        const Wide pitch = k == 0 ? Wide{d.itemsize}
                                  : wideAbs(d.strides[axes[k - 1]]) * Wide{d.shape[axes[k - 1]]};
        const Wide block = std::max(pitch, innerSpan);
        innerSpan += stride * Wide{d.shape[axis] - 1};
        if (stride <= block)
            continue;
        const auto skip = static_cast<long long>(stride - block);
        const auto size = static_cast<long long>(block);
        const std::string what = k == 0 ? "items" : "rows";
        const std::string unit = k == 0 ? "item" : "row";
        gaps.push_back({Diagnostic::Info, Diagnostic::Gap,
                        "axis " + std::to_string(axis) + " skips " + std::to_string(skip) +
                            (skip == 1 ? " byte" : " bytes") + " between " + what + " (stride " +
                            std::to_string(d.strides[axis]) + ", " + unit + " " +
                            std::to_string(size) + (size == 1 ? " byte)" : " bytes)"),
                        axis});
    }
    std::stable_sort(gaps.begin(), gaps.end(),
                     [](const Diagnostic &a, const Diagnostic &b) { return a.axis < b.axis; });
    out.insert(out.end(), gaps.begin(), gaps.end());
    return out;
}

std::vector<Diagnostic> diagnoseLayout(const Descriptor &descriptor)
{
    const auto layout = parseFormat(descriptor.format);
    return diagnoseLayout(descriptor, layout ? std::max<std::int64_t>(layout->alignment(), 1) : 1);
}

} // namespace bufferscope
