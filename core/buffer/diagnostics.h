// SPDX-License-Identifier: GPL-3.0-or-later
// Stride diagnostics: the things about a layout a person inspecting a buffer should be told
// (backwards or broadcast axes, elements that alias each other, misaligned items, gaps
// between rows, pointer dereferences), each as one exact sentence the inspector shows.
//
// Which axes are looked at: an axis of length 0 or 1 is never stepped along, so its stride
// says nothing and is ignored, as CPython's contiguity and NumPy's aligned flag ignore it.
// With suboffsets, only the axes after the last dereferencing one describe memory directly
// (one row); overlap, gaps and alignment are judged on those axes alone.
#pragma once

#include "buffer/descriptor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bufferscope {

struct Diagnostic
{
    enum Severity { Info, Warning };
    enum Kind {
        NegativeStride, // "axis 1 has a negative stride (-8): elements run backwards"
        ZeroStride,     // "axis 0 has stride 0: every index reads the same bytes (broadcast)"
        Overlap,        // "elements overlap: indices (0, 1) and (1, 0) share bytes"
        MayOverlap,     // "elements may overlap: ..." (too many elements to decide exactly)
        Misaligned,     // "items are misaligned: stride 6 is not a multiple of alignment 4"
        Gap,            // "axis 0 skips 16 bytes between rows (stride 48, row 32 bytes)"
        Suboffset,      // "axis 0 dereferences a pointer (suboffset 0)"
    };

    Severity severity = Info;
    Kind kind = NegativeStride;
    std::string message;
    int axis = -1; // the axis the sentence is about; -1 for the whole buffer

    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

// Overlap is decided exactly by enumerating element offsets when at most this many elements
// must be enumerated (after the axes that provably cannot overlap are set aside).
inline constexpr std::int64_t kOverlapEnumerationLimit = std::int64_t{1} << 20;

// Whether two different indices address overlapping bytes (itemsize bytes from each
// element's offset), for a direct descriptor or the direct axes of an indirect one. Answers
// as NumPy's internal_overlap with unlimited work does; std::nullopt means "undecided" (more
// than kOverlapEnumerationLimit elements would have to be enumerated). When they overlap and
// `witness` is given, it receives two such indices (in the descriptor's full ndim).
struct OverlapWitness
{
    std::vector<std::int64_t> first;
    std::vector<std::int64_t> second;
};
std::optional<bool> elementsOverlap(const Descriptor &descriptor,
                                    OverlapWitness *witness = nullptr);

// Every diagnostic of the layout, in axis order within each kind: suboffsets, negative
// strides, zero strides, overlap, misalignment, gaps. `alignment` is the item's native
// alignment (FormatLayout::alignment(); 1 when nothing needs aligning).
std::vector<Diagnostic> diagnoseLayout(const Descriptor &descriptor, std::int64_t alignment);

// The same, with the alignment taken from the descriptor's own format (1 when the format does
// not parse).
std::vector<Diagnostic> diagnoseLayout(const Descriptor &descriptor);

} // namespace bufferscope
