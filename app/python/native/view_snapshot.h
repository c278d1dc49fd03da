// SPDX-License-Identifier: GPL-3.0-or-later
// A safe copy of what an exporter put into a Py_buffer. The struct holds raw pointers the
// exporter chose (format, shape, strides, suboffsets); a broken exporter may leave them
// dangling, so they are read with ProcessMemory and a pointer that cannot be read becomes a
// message instead of a crash. Free of Python headers: the extension fills RawView from its
// Py_buffer, and tests or another reader (a viewer reading a live process) can do the same.
#pragma once

#include "buffer/descriptor.h"
#include "process_memory.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bufferscope {

// The fields of a Py_buffer as the exporter left them (pointers not yet followed).
struct RawView
{
    Address buf = 0;
    std::int64_t len = 0;
    std::int64_t itemsize = 0;
    int readonly = 0;
    int ndim = 0;
    Address format = 0;
    Address shape = 0;
    Address strides = 0;
    Address suboffsets = 0;
};

// One pointer field after reading: NULL, read, or set but unreadable.
template<class T> struct ViewField
{
    bool null = true;
    T value{};
    std::string error; // "shape: 8 bytes at 0x10..0x18 are not readable (...)": set, unreadable

    bool present() const { return !null && error.empty(); }
};

struct ViewSnapshot
{
    RawView raw;
    ViewField<std::string> format;
    ViewField<std::vector<std::int64_t>> shape;
    ViewField<std::vector<std::int64_t>> strides;
    ViewField<std::vector<std::int64_t>> suboffsets;
    // Arrays are read only for 0 <= ndim <= 64; outside that ndim itself is the problem.
    bool ndimInRange() const { return raw.ndim >= 0 && raw.ndim <= kMaxNdim; }

    // The problems met while reading (the error texts of the fields above).
    std::vector<std::string> problems() const;
};

ViewSnapshot snapshotView(const RawView &raw, const ProcessMemory &memory);

} // namespace bufferscope
