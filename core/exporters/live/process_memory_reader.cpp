// SPDX-License-Identifier: GPL-3.0-or-later
// process_vm_readv in batches. Large reads are split across two threads: one core copies
// about 6-10 GB/s of another process's pages, and a 64 MiB slice is the common case.
#include "exporters/live/process_memory_reader.h"

#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace bufferscope {

namespace {

constexpr std::size_t kMaxIov = IOV_MAX;                      // iovecs per system call
constexpr std::size_t kSplitBytes = std::size_t(8) << 20;    // split reads above this
constexpr std::size_t kPieceBytes = std::size_t(16) << 20;   // largest single iovec

} // namespace

Status ProcessMemoryReader::readBatch(std::span<const ReadRun> runs) const
{
    std::vector<iovec> local;
    std::vector<iovec> remote;
    std::size_t first = 0;
    while (first < runs.size()) {
        local.clear();
        remote.clear();
        std::size_t wanted = 0;
        std::size_t last = first;
        for (; last < runs.size() && local.size() < kMaxIov; ++last) {
            local.push_back({runs[last].out, runs[last].size});
            remote.push_back({reinterpret_cast<void *>(runs[last].address), runs[last].size});
            wanted += runs[last].size;
        }
        const ssize_t got = ::process_vm_readv(m_pid, local.data(), local.size(), remote.data(),
                                               remote.size(), 0);
        if (got == static_cast<ssize_t>(wanted)) {
            first = last;
            continue;
        }
        const int error = got < 0 ? errno : EFAULT;
        if (error == ESRCH || m_ended)
            return makeError(ErrorCategory::Io,
                             "live: process " + std::to_string(m_pid) + " has ended");
        // process_vm_readv stops at the first iovec it cannot read: name that run.
        std::size_t done = got < 0 ? 0 : static_cast<std::size_t>(got);
        std::size_t k = first;
        while (k < last && done >= runs[k].size) {
            done -= runs[k].size;
            ++k;
        }
        const ReadRun &bad = runs[std::min(k, last - 1)];
        return makeError(ErrorCategory::Io, "live: bytes " + addressRange(bad.address, bad.size) +
                                                " of process " + std::to_string(m_pid) +
                                                " cannot be read (" + std::strerror(error) + ")");
    }
    return {};
}

Status ProcessMemoryReader::runningError() const
{
    return makeError(ErrorCategory::Io, "debugger: process " + std::to_string(m_pid) +
                                            " is running; its bytes are read again when it stops");
}

Status ProcessMemoryReader::readRuns(std::span<const ReadRun> runs) const
{
    if (m_ended)
        return makeError(ErrorCategory::Io, "live: process " + std::to_string(m_pid) + " has ended");
    if (m_running)
        return runningError();
    std::size_t total = 0;
    for (const ReadRun &run : runs)
        total += run.size;
    // Cut long runs into pieces so that the two halves of a large read are balanced.
    std::vector<ReadRun> pieces;
    pieces.reserve(runs.size());
    for (const ReadRun &run : runs)
        for (std::size_t at = 0; at < run.size || (run.size == 0 && at == 0); at += kPieceBytes) {
            pieces.push_back({run.address + at, std::min(kPieceBytes, run.size - at), run.out + at});
            if (run.size == 0)
                break;
        }
    if (total < kSplitBytes || std::thread::hardware_concurrency() < 2)
        return readBatch(pieces);
    // Split at the piece where half of the bytes are done.
    std::size_t half = 0, split = 0;
    while (split < pieces.size() && half < total / 2)
        half += pieces[split++].size;
    Status second;
    std::thread helper([&] { second = readBatch(std::span(pieces).subspan(split)); });
    Status firstHalf = readBatch(std::span(pieces).first(split));
    helper.join();
    return firstHalf ? second : firstHalf;
}

} // namespace bufferscope
