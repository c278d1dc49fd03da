// SPDX-License-Identifier: GPL-3.0-or-later
// Reads another process's memory with process_vm_readv, a batch of runs per system call
// (IOV_MAX iovecs): no ptrace stop, no copy of more than was asked, and an unmapped
// address is an error naming the range, never a fault here. Reading needs the right to
// ptrace the target (same user; Yama's ptrace_scope 1 also wants the target to name us with
// PR_SET_PTRACER, which the Python module does).
#pragma once

#include "buffer/byte_reader.h"

#include <sys/types.h>

#include <atomic>

namespace bufferscope {

class ProcessMemoryReader : public ByteReader
{
public:
    explicit ProcessMemoryReader(pid_t pid) : m_pid(pid) {}

    pid_t pid() const { return m_pid; }
    // The process has ended: every later read says so ("live: process 42 has ended").
    void markEnded() { m_ended = true; }
    bool hasEnded() const { return m_ended; }
    // A debugged process runs between stops: every read is refused until it stops again
    // ("debugger: process 42 is running; its bytes are read again when it stops").
    void markRunning(bool running) { m_running = running; }
    bool isRunning() const { return m_running; }
    Status runningError() const;

protected:
    Status readRuns(std::span<const ReadRun> runs) const override;

private:
    Status readBatch(std::span<const ReadRun> runs) const;

    pid_t m_pid;
    std::atomic<bool> m_ended{false};
    std::atomic<bool> m_running{false};
};

} // namespace bufferscope
