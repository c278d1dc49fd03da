// SPDX-License-Identifier: GPL-3.0-or-later
// The exporter interface: an object that owns data and exports it as buffers. Every
// implementation (memory, raw file, .npy, image, the test exporter) passes one shared
// interface test suite (tests/exporters/exporter_interface_test.cpp).
#pragma once

#include "buffer/byte_reader.h"
#include "exporters/buffer_source.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bufferscope {

// Where an exporter's data came from, and the options needed to open it again.
struct SourceInfo
{
    std::string kind; // "memory", "raw", "npy", "image", "test", "live"
    std::string path; // empty for memory exporters
    nlohmann::json options = nlohmann::json::object(); // e.g. raw: format, shape, offset, order
};

class Exporter : public BufferSource
{
public:
    const Exporter &rootExporter() const override { return *this; }

    virtual SourceInfo source() const = 0;

    // The byte range descriptor offsets are measured from ("offset" in view descriptors).
    virtual std::span<std::byte> data() const = 0;
    // Every allocation an element may live in: data() for direct exporters; for PIL-style
    // exporters the pointer array and each row. Bounds verification uses these.
    virtual std::vector<std::span<const std::byte>> allocations() const
    {
        auto bytes = data();
        return {std::span<const std::byte>(bytes.data(), bytes.size())};
    }

    // How the bytes are reached. Null (every file and memory exporter): descriptor().buf,
    // data() and allocations() are this process's memory and kernels read them directly.
    // Otherwise (a live Python object, a chunked store, a debugger) they are addresses in the
    // exporter's own address space: they may be compared and offset, never dereferenced
    // here; bytes are read through this reader (fetch.h), which views inherit from their root.
    virtual std::shared_ptr<const ByteReader> reader() const { return nullptr; }

    // Whether the bytes read from data() so far can be trusted; call it after reading (a
    // copy, a render, a hex view). File exporters refuse when the mapped file changed on
    // disk, e.g. "file '/x' changed on disk while mapped: size 8192 is now 100; bytes past
    // the new end read as zeros" (MappedFile::checkData). In-memory exporters are always ok.
    virtual Status checkData() const { return {}; }

    // Closing frees the data; refused while exports() > 0 ("<what> has 1 exported buffer",
    // ErrorCategory::Export), a no-op when already closed. Afterwards getBuffer refuses
    // ("<what> is closed") and descriptor() describes nothing (describeClosed). The same
    // rules for every exporter, so they live here and each exporter says only what it frees.
    Status close();
    bool isClosed() const { return m_closed; }

protected:
    // What refusals call this exporter: "memory buffer", "image", a file's name.
    virtual std::string closingName() const = 0;
    // Frees the data and describes the closed state; called once, by close(), with nothing
    // exported.
    virtual void freeData() = 0;
    // Asked by getBuffer() of an exporter that is still open (the test exporter injects
    // getbuffer failures here).
    virtual Status prepareOpenExport() { return {}; }

    // What every closed exporter describes: nothing to point at, nothing to read (buf null,
    // shape (0,), len 0, no suboffsets), so code still holding it sees a valid descriptor.
    static void describeClosed(Descriptor &descriptor);
    // A closed exporter's getbuffer refusal: "<what> is closed" (ErrorCategory::Value).
    static Error closedError(std::string_view what);

private:
    Status prepareExport() final;

    bool m_closed = false;
};

} // namespace bufferscope
