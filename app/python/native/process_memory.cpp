// SPDX-License-Identifier: GPL-3.0-or-later
// process_vm_readv in batches of IOV_MAX remote iovecs, with the first failing range named.
#include "process_memory.h"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>

namespace bufferscope {

namespace {

constexpr std::size_t kBatch = IOV_MAX;

std::string hex(Address address)
{
    char text[32];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(address));
    return text;
}

std::size_t pageSize()
{
    static const std::size_t size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    return size;
}

Error unreadable(const AddressRange &range, Address firstBad)
{
    return makeError(ErrorCategory::Bounds, "read: " + std::to_string(range.size) + " bytes at " +
                                                rangeText(range.address, range.size) +
                                                " are not readable (first bad byte at " +
                                                hex(firstBad) + ")");
}

Error wraps(const AddressRange &range)
{
    return makeError(ErrorCategory::Bounds, "read: " + std::to_string(range.size) + " bytes at " +
                                                hex(range.address) +
                                                " wrap around the address space");
}

bool wrapsAround(const AddressRange &range)
{
    return range.size > 0 && range.address + (range.size - 1) < range.address;
}

// One process_vm_readv call of remote iovecs into one local buffer. Returns the number of
// bytes transferred (short on a fault), or -1 with errno for errors that are not faults.
ssize_t transfer(pid_t pid, std::byte *out, std::size_t total, std::span<const iovec> remote)
{
    iovec local{out, total};
    for (;;) {
        const ssize_t n = process_vm_readv(pid, &local, 1, remote.data(), remote.size(), 0);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno == EFAULT)
            return 0; // the very first remote byte failed
        return -1;
    }
}

Error ioError(pid_t pid)
{
    return makeError(ErrorCategory::Io,
                     "read: process " + std::to_string(pid) + ": " + std::strerror(errno));
}

} // namespace

std::string rangeText(Address address, std::size_t size)
{
    return hex(address) + ".." + hex(address + size);
}

ProcessMemory::ProcessMemory(pid_t pid) : m_pid(pid) {}

ProcessMemory ProcessMemory::self()
{
    return ProcessMemory(getpid());
}

Status ProcessMemory::read(Address address, std::span<std::byte> out) const
{
    const AddressRange range{address, out.size()};
    return readMany(std::span(&range, 1), out);
}

Result<std::vector<std::byte>> ProcessMemory::read(Address address, std::size_t size) const
{
    std::vector<std::byte> bytes(size);
    if (Status s = read(address, bytes); !s)
        return s.error();
    return bytes;
}

Status ProcessMemory::readMany(std::span<const AddressRange> ranges, std::span<std::byte> out) const
{
    std::size_t done = 0; // bytes of out filled so far
    std::vector<iovec> remote;
    remote.reserve(std::min(ranges.size(), kBatch));
    for (std::size_t first = 0; first < ranges.size(); first += kBatch) {
        const std::size_t last = std::min(ranges.size(), first + kBatch);
        remote.clear();
        std::size_t total = 0;
        for (std::size_t i = first; i < last; ++i) {
            if (wrapsAround(ranges[i]))
                return wraps(ranges[i]);
            remote.push_back({reinterpret_cast<void *>(ranges[i].address), ranges[i].size});
            total += ranges[i].size;
        }
        if (done + total > out.size())
            return makeError(ErrorCategory::Limit, "read: the output holds " +
                                                       std::to_string(out.size()) +
                                                       " bytes, the ranges need more");
        const ssize_t n = transfer(m_pid, out.data() + done, total, remote);
        if (n < 0)
            return ioError(m_pid);
        if (static_cast<std::size_t>(n) < total) {
            // Find the range holding the first byte that was not transferred.
            std::size_t before = 0;
            for (std::size_t i = first; i < last; ++i) {
                if (before + ranges[i].size > static_cast<std::size_t>(n))
                    return unreadable(ranges[i], ranges[i].address + (n - before));
                before += ranges[i].size;
            }
        }
        done += total;
    }
    return {};
}

Status ProcessMemory::probe(std::span<const AddressRange> ranges) const
{
    const std::size_t page = pageSize();
    std::vector<iovec> remote;
    std::vector<std::size_t> owner; // which range each probe belongs to
    std::byte sink[kBatch];
    auto flush = [&]() -> Status {
        if (remote.empty())
            return {};
        const ssize_t n = transfer(m_pid, sink, remote.size(), remote);
        if (n < 0)
            return ioError(m_pid);
        if (static_cast<std::size_t>(n) < remote.size()) {
            const AddressRange &bad = ranges[owner[static_cast<std::size_t>(n)]];
            return unreadable(bad, reinterpret_cast<Address>(remote[n].iov_base));
        }
        remote.clear();
        owner.clear();
        return {};
    };
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        const AddressRange &r = ranges[i];
        if (r.size == 0)
            continue;
        if (wrapsAround(r))
            return wraps(r);
        // One byte in each page the range touches: its first byte, then each page start.
        const Address end = r.address + r.size;
        for (Address at = r.address; at < end && at >= r.address; at = (at / page + 1) * page) {
            remote.push_back({reinterpret_cast<void *>(at), 1});
            owner.push_back(i);
            if (remote.size() == kBatch) {
                if (Status s = flush(); !s)
                    return s;
            }
            if ((at / page + 1) * page < at) // the last page of the address space
                break;
        }
    }
    return flush();
}

Result<std::string> ProcessMemory::readString(Address address, std::size_t maxSize) const
{
    // Read page by page, so a string ending just before an unmapped page is still read.
    std::string text;
    const std::size_t page = pageSize();
    Address at = address;
    while (text.size() <= maxSize) {
        const std::size_t chunk = page - at % page;
        std::vector<std::byte> bytes(chunk);
        if (!read(at, bytes))
            return makeError(ErrorCategory::Bounds,
                             "read: string at " + hex(address) + " is not readable");
        const auto *begin = reinterpret_cast<const char *>(bytes.data());
        const auto *nul = static_cast<const char *>(std::memchr(begin, 0, chunk));
        text.append(begin, nul ? nul : begin + chunk);
        if (nul)
            break;
        at += chunk;
    }
    if (text.size() > maxSize)
        return makeError(ErrorCategory::Limit, "read: string at " + hex(address) +
                                                   " is longer than " + std::to_string(maxSize) +
                                                   " bytes");
    return text;
}

} // namespace bufferscope
