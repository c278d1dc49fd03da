// SPDX-License-Identifier: GPL-3.0-or-later
// The conformance rules one granted buffer must keep, given the request that produced it:
// what PEP 3118 and CPython's buffer documentation require of the exporter, and what
// CPython's consumers (memoryview, PyBuffer_GetPointer, PyBuffer_IsContiguous, struct,
// NumPy) rely on. Structure and memory are judged with core's code (format layout,
// contiguity, footprint, bounds); memory is only ever touched through ProcessMemory.
//
// The rules that need more than one grant (the same memory for every request, release
// restoring the object, exceptions on refusal) are decided by the Python side (check.py),
// which also holds every rule's severity and explanation (rules.py).
#pragma once

#include "buffer/request.h"
#include "process_memory.h"
#include "view_snapshot.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace bufferscope {

enum class RuleOutcome { Pass, Fail, NotApplicable };

struct RuleResult
{
    std::string rule; // "len-matches-shape"
    RuleOutcome outcome = RuleOutcome::Pass;
    std::string message; // what was found, e.g. "len is 10 but product(shape) * itemsize is 12"
};

const char *outcomeName(RuleOutcome outcome); // "pass", "fail", "n/a"

struct GrantCheckOptions
{
    // The memory the exporter says it owns (see check.py's owner rules); empty: no statement,
    // so elements-inside-owner is not applicable.
    std::vector<AddressRange> owners;
    // At most this many suboffset pointers are followed; beyond, readability is n/a.
    std::int64_t maxPointers = std::int64_t(1) << 20;
    // false: elements-readable is n/a ("not probed"); check.py reuses the result of an earlier
    // grant with the same layout instead of probing a large buffer 17 times.
    bool probeMemory = true;
};

// Every rule of one grant, in a fixed order (see grant_rules.cpp), one result each.
std::vector<RuleResult> checkGrant(const ViewSnapshot &view, RequestFlags flags,
                                   const GrantCheckOptions &options, const ProcessMemory &memory);

// Core's layout diagnostics (diagnostics.h: backwards or broadcast axes, overlap,
// misalignment, gaps, dereferences) of the layout a consumer of this grant walks, as
// (severity, message) pairs; empty when the structure is too broken to describe.
std::vector<std::pair<std::string, std::string>> diagnoseGrant(const ViewSnapshot &view);

// Which layout rule gives a format its itemsize: "struct native size ('@')", "NumPy's T{}
// layout (standard sizes, no padding)"... Empty when the text does not parse.
std::string itemsizeBasis(std::string_view format);

} // namespace bufferscope
