// SPDX-License-Identifier: GPL-3.0-or-later
// A process-wide SIGBUS guard for memory-mapped files. Reading a mapped page that lies past
// the end of a file someone truncated raises SIGBUS, which would kill the viewer. A range
// registered here is protected instead: the handler maps an anonymous zero page over the
// faulting page, marks the range damaged and returns, so the read goes on with zeros and
// the caller asks damaged() afterwards and reports the change.
//
// Assumptions:
//  - the handler only uses async-signal-safe calls (mmap, sigaction, raise) and lock-free
//    atomics; registration is a lock-free scan of a fixed table of kMaxRanges slots;
//  - a SIGBUS outside every registered range restores the previous disposition and
//    re-raises, so real bugs still crash as before;
//  - a range is unregistered before it is unmapped (MappedFile's destructor does this).
#pragma once

#include <cstddef>

namespace bufferscope::faultguard {

constexpr int kMaxRanges = 4096;

// Registers [begin, begin + size) (page aligned begin, as mmap returns it); the zero page
// replacing a faulting page gets PROT_READ, plus PROT_WRITE when `writable`. Installs the
// handler on first use. Returns a token for the functions below, or -1 when the table is
// full (the range is then unguarded, as before this guard existed).
int registerRange(const void *begin, std::size_t size, bool writable);
void unregisterRange(int token);

// True once a page of the range has been replaced by zeros.
bool damaged(int token);
// How many pages of the range have been replaced (for tests and messages).
std::size_t damagedPages(int token);

} // namespace bufferscope::faultguard
