// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the pointer fields of a Py_buffer through ProcessMemory.
#include "view_snapshot.h"

#include <cstring>

namespace bufferscope {

namespace {

void readArray(const char *name, Address address, int ndim, const ProcessMemory &memory,
               ViewField<std::vector<std::int64_t>> &field)
{
    field.null = address == 0;
    if (field.null)
        return;
    // Py_ssize_t is 64 bits on every platform BufferScope builds for.
    static_assert(sizeof(std::int64_t) == sizeof(std::ptrdiff_t));
    field.value.assign(static_cast<std::size_t>(ndim), 0);
    auto bytes = std::as_writable_bytes(std::span(field.value));
    if (Status s = memory.read(address, bytes); !s) {
        field.value.clear();
        field.error = std::string(name) + ": " + s.error().message;
    }
}

} // namespace

ViewSnapshot snapshotView(const RawView &raw, const ProcessMemory &memory)
{
    ViewSnapshot snapshot;
    snapshot.raw = raw;
    snapshot.format.null = raw.format == 0;
    if (!snapshot.format.null) {
        Result<std::string> text = memory.readString(raw.format);
        if (text)
            snapshot.format.value = std::move(*text);
        else
            snapshot.format.error = "format: " + text.error().message;
    }
    if (snapshot.ndimInRange()) {
        readArray("shape", raw.shape, raw.ndim, memory, snapshot.shape);
        readArray("strides", raw.strides, raw.ndim, memory, snapshot.strides);
        readArray("suboffsets", raw.suboffsets, raw.ndim, memory, snapshot.suboffsets);
    } else {
        const std::string why = "not read: ndim " + std::to_string(raw.ndim) + " is outside 0.." +
                                std::to_string(kMaxNdim);
        snapshot.shape.null = raw.shape == 0;
        snapshot.strides.null = raw.strides == 0;
        snapshot.suboffsets.null = raw.suboffsets == 0;
        if (!snapshot.shape.null)
            snapshot.shape.error = "shape " + why;
        if (!snapshot.strides.null)
            snapshot.strides.error = "strides " + why;
        if (!snapshot.suboffsets.null)
            snapshot.suboffsets.error = "suboffsets " + why;
    }
    return snapshot;
}

std::vector<std::string> ViewSnapshot::problems() const
{
    std::vector<std::string> result;
    for (const std::string *error :
         {&format.error, &shape.error, &strides.error, &suboffsets.error}) {
        if (!error->empty())
            result.push_back(*error);
    }
    return result;
}

} // namespace bufferscope
