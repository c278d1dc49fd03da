// SPDX-License-Identifier: GPL-3.0-or-later
// The accessor of exporters whose bytes are not this process's memory: a running Python
// process (process_vm_readv), a chunked store (decoded chunks), a stopped program in gdb.
// Their descriptors keep every address in the exporter's own address space — buf, the
// pointers of PIL-style pointer arrays, the offsets views add — exactly as the exporter
// gave them (mdspan's layout mapping); a ByteReader is the separate accessor that turns
// address ranges into bytes here. Local exporters have none: their addresses are this
// process's memory and the kernels read them directly.
//
// Assumptions:
//  - read() is all or nothing: after an error no run's bytes may be used;
//  - it may be called from several threads at once (render passes are split in bands);
//  - an address may be anything the exporter said: a bad one is an error naming the range,
//    never a fault in this process.
#pragma once

#include "buffer/descriptor.h"
#include "buffer/fetch_cache.h"
#include "common/result.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace bufferscope {

using Address = std::uint64_t; // an address in the exporter's address space

// `size` bytes at `address` go to `out` (local memory the caller owns).
struct ReadRun
{
    Address address = 0;
    std::size_t size = 0;
    std::byte *out = nullptr;
};

class ByteReader
{
public:
    virtual ~ByteReader() = default;

    // Reads every run. Errors name the first range that failed, e.g.
    //   Io "live: bytes 0x1000..0x1010 of process 42 cannot be read (Bad address)"
    Status read(std::span<const ReadRun> runs) const;

    // Bumped by invalidate() whenever the bytes behind the addresses may have changed (the
    // user asked for a refresh, the debugger stopped again): copies fetched before are stale.
    std::uint64_t generation() const { return m_generation.load(); }
    void invalidate();

    // Bytes handed out by read() so far: the figure benchmarks compare with what was drawn.
    std::uint64_t bytesRead() const { return m_bytesRead.load(); }

    // The most recent local copies (fetch.h), so that the passes of one picture (pooling,
    // then the histogram) read the exporter's bytes once.
    FetchCache &cache() const { return m_cache; }

    // Keeps what later reads of `view` (a descriptor in this reader's space: a held view's)
    // bring in, until the returned handle is dropped: a chunked store pins the chunks read
    // for it in its cache. Null when the reader keeps nothing (the default).
    virtual std::shared_ptr<const void> hold(const Descriptor &) const { return nullptr; }

protected:
    virtual Status readRuns(std::span<const ReadRun> runs) const = 0;

private:
    std::atomic<std::uint64_t> m_generation{0};
    mutable std::atomic<std::uint64_t> m_bytesRead{0};
    mutable FetchCache m_cache;
};

// "0x1000..0x1010": how errors name a byte range of another address space.
std::string addressRange(Address address, std::size_t size);

} // namespace bufferscope
