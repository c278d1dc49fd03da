// SPDX-License-Identifier: GPL-3.0-or-later
// The copy engine's machine-dependent choices, made once per process from the CPU instead of
// one host's measurements: whether 512 B / 1 KiB-stride gathers visit their items page-apart
// (copy_gather.h), and from which output size copies use non-temporal stores. The figures
// behind each choice are in tests/bench/README.md (one table per host).
//
// Copies of parallelBytes and more run on two threads when the machine has two cores or more
// and one of them is idle: on a machine whose cores are all busy the second thread waits for a
// time slice, and the copy took up to twice as long (tests/bench/README.md, AMD table).
//
// BUFFERSCOPE_COPY_TUNING overrides them for benchmarks and tests, e.g.
// "paged=0,stream=64,parallel=32,threads=1,checkload=0" (stream, parallel: MiB; 0 means every
// size).
#pragma once

#include "buffer/descriptor.h"

#include <string>

namespace bufferscope::detail {

struct CopyTuning
{
    bool pagedGather = true;                     // page-apart order for 512 B / 1 KiB strides
    ByteOffset streamBytes = ByteOffset(32) << 20; // non-temporal stores from this output size
    ByteOffset parallelBytes = ByteOffset(32) << 20; // copies this large run on two threads
    int threads = 2;                               // 1: never split (hardware_concurrency < 2)
    bool checkLoad = true; // split only while a core is idle (load average below the cores - 0.5)
    std::string source;                          // "intel", "amd", "other", or "environment"
};

// The CPU's choices (cpuid vendor), or the environment's.
CopyTuning defaultCopyTuning();

// The process's tuning, decided at first use.
const CopyTuning &copyTuning();

// Whether a large copy should take a second thread now (threads, checkLoad, getloadavg).
bool secondThreadPays(const CopyTuning &tuning);

} // namespace bufferscope::detail
