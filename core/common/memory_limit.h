// SPDX-License-Identifier: GPL-3.0-or-later
// The most bytes one allocation (a copy, an in-memory buffer) may ask for, checked before
// allocating: a broadcast view (zero strides) of a small file can describe petabytes, and asking
// the allocator for them either fails late or, with overcommit, succeeds and lets the copy exhaust
// the machine.
#pragma once

#include "common/result.h"

#include <cstdint>
#include <string_view>

namespace bufferscope {

// Physical memory (sysconf _SC_PHYS_PAGES * _SC_PAGESIZE), unless overridden by
// setMemoryLimit() or, at first use, by the environment variable BUFFERSCOPE_MEMORY_LIMIT
// (a positive decimal number of bytes).
std::int64_t memoryLimit();
// A positive value replaces the limit; zero or negative goes back to the default.
void setMemoryLimit(std::int64_t bytes);

// Refuses to allocate `bytes` bytes above the limit, before allocating (ErrorCategory::Limit):
// "copy: needs 800000000000 bytes, more than the memory limit of 8000000000 bytes".
Status checkMemoryLimit(std::string_view operation, std::int64_t bytes);

} // namespace bufferscope
