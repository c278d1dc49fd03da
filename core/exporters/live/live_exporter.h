// SPDX-License-Identifier: GPL-3.0-or-later
// A running Python object's own buffer, shown where it lives: the bufferscope module holds
// one real export (a Py_buffer from PyObject_GetBuffer) and sends its descriptor; this
// exporter re-exports it to views and reads the bytes from that process on demand
// (ProcessMemoryReader). Nothing is copied up front, so a 4 GiB array opens at once.
// The same exporter, of kind "debugger", shows memory of a program stopped in gdb (gdb's
// `bufferscope show`): the descriptor comes from the user's command, the bytes are read the
// same way, and while the program runs (between stops) every read is refused.
//
// Ownership rules:
//  - the Python process owns the memory; its export keeps the object from resizing or
//    freeing it until close() here gives the export back (the front end's release hook);
//  - close() is refused while views hold exports ("live object has 1 exported buffer");
//  - when the process ends (markGone), the descriptor and views stay for their metadata, and
//    every read fails with "live: process 42 has ended";
//  - a debugger's program that continues is stale (markStale) until it stops again: reads
//    fail with "debugger: process 42 is running; its bytes are read again when it stops",
//    since bytes read from a running program would be torn.
#pragma once

#include "exporters/exporter.h"
#include "exporters/live/process_memory_reader.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace bufferscope {

// Who the object is, as the module describes it.
struct LiveObject
{
    std::string kind = "live"; // "live" (bufferscope.show) or "debugger" (gdb's bufferscope show)
    std::int64_t pid = 0;
    std::uint64_t id = 0;    // the module's handle for this export
    std::string name;        // what the user called it (show(obj, name=...))
    std::string pythonType;  // "numpy.ndarray"
    std::string repr;        // repr(obj), shortened by the module
    int flags = 0;           // the request that was granted
    std::string granted;     // its name: "FULL_RO"
    nlohmann::json report;   // the conformance report (bufferscope.check), or null
    std::string program;     // debugger: the stopped program's file
    std::string expression;  // debugger: the gdb expression the address came from
};

class LiveExporter : public Exporter
{
    struct PrivateTag
    {
        explicit PrivateTag() = default;
    };

public:
    // `descriptor`'s addresses are the object's process's. Refusals: validateDescriptor's.
    static Result<std::unique_ptr<LiveExporter>> create(LiveObject object, Descriptor descriptor,
                                                        std::shared_ptr<ProcessMemoryReader> reader);

    LiveExporter(PrivateTag, LiveObject object, Descriptor descriptor,
                 std::shared_ptr<ProcessMemoryReader> reader);
    ~LiveExporter() override;

    const Descriptor &descriptor() const override { return m_descriptor; }
    // {"live", "", {pid, id, name, type, repr}}; a debugger's {"debugger", "", {pid, id, name,
    // program, expression}}.
    SourceInfo source() const override;
    // The lowest to the highest byte the descriptor reaches (for PIL-style buffers, the
    // pointer array): addresses of the other process, for offsets only.
    std::span<std::byte> data() const override { return m_extent; }
    // data(), then for a PIL-style buffer (pointers on axis 0 only) each row the pointer array
    // leads to, read through the reader when the exporter is made.
    std::vector<std::span<const std::byte>> allocations() const override;
    std::shared_ptr<const ByteReader> reader() const override { return m_reader; }
    Status checkData() const override;

    const LiveObject &object() const { return m_object; }
    // Called once by close(): the front end gives the Python export back.
    void setReleaseHook(std::function<void()> hook) { m_releaseHook = std::move(hook); }
    // The process ended or the connection closed: reads fail from now on.
    void markGone();
    bool isGone() const { return m_reader->hasEnded(); }
    // The bytes may have changed (the user asked for a refresh): fetched copies are dropped.
    void refresh() { m_reader->invalidate(); }
    // The module says the bytes may have changed ("refresh": Python's refresh(), the debugged
    // program stopped again): as refresh(), and a stale exporter can be read again.
    void markStopped();
    // The debugged program continued: reads are refused until markStopped().
    void markStale();
    bool isStale() const { return m_reader->isRunning(); }

protected:
    std::string closingName() const override; // "live object"
    void freeData() override;                 // and the release hook: Python's export ends

private:
    LiveObject m_object;
    Descriptor m_descriptor;
    std::shared_ptr<ProcessMemoryReader> m_reader;
    std::span<std::byte> m_extent;
    std::vector<std::span<const std::byte>> m_rows;
    std::function<void()> m_releaseHook;
};

// The descriptor the module sends: {"address", "len", "itemsize", "format" (null: 'B'),
// "readonly", "shape", "strides", "suboffsets" (null or absent: none)}. Missing shape means
// a 1-D byte view of len, missing strides C order, as PEP 3118 defines them. Refusals:
//   Syntax "live: field 'shape' must be a list of integers"
// and validateDescriptor's.
Result<Descriptor> liveDescriptorFromJson(const nlohmann::json &buffer);

} // namespace bufferscope
