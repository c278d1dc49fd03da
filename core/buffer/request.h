// SPDX-License-Identifier: GPL-3.0-or-later
// Request flags (values as in CPython's Include/pybuffer.h) and the rule that decides whether
// an exported descriptor can satisfy a consumer's request, with memoryview's BufferError texts.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <span>
#include <string>
#include <vector>

namespace bufferscope {

using RequestFlags = int;

namespace request {
inline constexpr RequestFlags Simple = 0;
inline constexpr RequestFlags Writable = 0x0001;
inline constexpr RequestFlags Format = 0x0004;
inline constexpr RequestFlags ND = 0x0008;
inline constexpr RequestFlags Strides = 0x0010 | ND;
inline constexpr RequestFlags CContiguous = 0x0020 | Strides;
inline constexpr RequestFlags FContiguous = 0x0040 | Strides;
inline constexpr RequestFlags AnyContiguous = 0x0080 | Strides;
inline constexpr RequestFlags Indirect = 0x0100 | Strides;
inline constexpr RequestFlags Contig = ND | Writable;
inline constexpr RequestFlags ContigRO = ND;
inline constexpr RequestFlags Strided = Strides | Writable;
inline constexpr RequestFlags StridedRO = Strides;
inline constexpr RequestFlags Records = Strides | Writable | Format;
inline constexpr RequestFlags RecordsRO = Strides | Format;
inline constexpr RequestFlags Full = Indirect | Writable | Format;
inline constexpr RequestFlags FullRO = Indirect | Format;
} // namespace request

// What a consumer sees after a successful request: the descriptor with the fields it did
// not ask for hidden as CPython hides them (format NULL -> "B", strides NULL, shape NULL).
struct GrantedBuffer
{
    Descriptor descriptor; // always complete, for our own use
    bool formatVisible = true;
    bool shapeVisible = true;
    bool stridesVisible = true;
    bool suboffsetsVisible = true;
};

// Decides a request as memoryview's getbuffer does; refusals carry its exact texts, e.g.
// "memoryview: underlying buffer is not writable" (ErrorCategory::Export).
Result<GrantedBuffer> satisfyRequest(const Descriptor &exported, RequestFlags flags);

// Every flag and composite CPython names, in pybuffer.h's order: ("SIMPLE", PyBUF_SIMPLE), ...
struct NamedRequest
{
    const char *name;
    RequestFlags flags;
};
std::span<const NamedRequest> namedRequests();

// Names of the flags and composites a descriptor can satisfy ("FULL_RO", "C_CONTIGUOUS"...).
std::vector<std::string> satisfiableRequests(const Descriptor &exported);

} // namespace bufferscope
