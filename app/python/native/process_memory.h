// SPDX-License-Identifier: GPL-3.0-or-later
// Reading memory that may not be there. A buffer handed over by an exporter we do not trust
// can point anywhere; dereferencing it would crash the process that checks it. The kernel's
// process_vm_readv copies from a process's address space and answers EFAULT (or a short
// count) for unmapped or unreadable pages instead of raising SIGSEGV, so every read of
// exporter memory goes through here: our own process (getpid()) for the checker, another
// process for a viewer that reads a live exporter without copying it all over.
//
// Assumptions:
//  - process_vm_readv stops at the first remote iovec it cannot read completely and returns
//    the bytes transferred so far; a partial count therefore locates the first bad byte to
//    within a page;
//  - reading our own pid needs no privilege (ptrace access to oneself is always granted).
#pragma once

#include "common/result.h"

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace bufferscope {

using Address = std::uintptr_t;

// A half-open byte range [address, address + size) in the read process's address space.
struct AddressRange
{
    Address address = 0;
    std::size_t size = 0;
};

// "0x1000..0x1010" (hexadecimal, half-open): how messages name a range.
std::string rangeText(Address address, std::size_t size);

class ProcessMemory
{
public:
    explicit ProcessMemory(pid_t pid);
    static ProcessMemory self();

    pid_t pid() const { return m_pid; }

    // Copies [address, address + out.size()) into out. Refusal (Bounds):
    //   "read: 16 bytes at 0x10..0x20 are not readable (first bad byte at 0x10)"
    // Io for anything else the kernel refuses (no such process, permission), with strerror.
    Status read(Address address, std::span<std::byte> out) const;
    Result<std::vector<std::byte>> read(Address address, std::size_t size) const;

    // Many ranges in as few system calls as possible (IOV_MAX iovecs each); out receives the
    // bytes of every range, one after another. Refusals name the first range that fails.
    Status readMany(std::span<const AddressRange> ranges, std::span<std::byte> out) const;

    // Whether every byte of the ranges is readable, touching one byte per page (a 4 GiB
    // range costs 1M one-byte iovecs, a few hundred calls, instead of copying 4 GiB).
    // Refusal as read(), naming the range and the first bad page.
    Status probe(std::span<const AddressRange> ranges) const;

    // A NUL-terminated string of at most maxSize bytes (the NUL not counted). Refusals:
    //   Bounds "read: string at 0x10 is not readable"
    //   Limit  "read: string at 0x10 is longer than 65536 bytes"
    Result<std::string> readString(Address address, std::size_t maxSize = 65536) const;

private:
    pid_t m_pid;
};

} // namespace bufferscope
