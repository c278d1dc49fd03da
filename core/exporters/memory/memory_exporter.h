// SPDX-License-Identifier: GPL-3.0-or-later
// An exporter over a block of memory it owns, resizable like Python's bytearray and typed
// like a NumPy array: a format, an itemsize, a C-order shape and a readonly flag.
//
// Ownership rules:
//  - the exporter owns the bytes; descriptor().buf points into them until resize() or close();
//  - resize() and close() move or free the bytes, so both are refused while exports() > 0,
//    except a resize to the current size, which moves nothing (bytearray returns early);
//  - reshape(), setFormat(), setLayout() and setReadonly() change only metadata and are allowed
//    while exported: a consumer copied its descriptor at getBuffer() time (PEP 3118's view
//    object) and keeps seeing the layout it was given.
//
// Size rules (decided here, documented because bytearray has no shape):
//  - the byte size is always product(shape) * itemsize, and the data is C-contiguous;
//  - resize(n) keeps the format and makes the shape 1-D: (n / itemsize,); n must be a
//    multiple of itemsize; new bytes are zero, as bytearray fills them.
#pragma once

#include "exporters/exporter.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace bufferscope {

class MemoryExporter : public Exporter
{
    struct PrivateTag
    {
        explicit PrivateTag() = default;
    };

public:
    // Zero-filled, writable. The itemsize comes from parseFormat(format).
    // Refusals: parseFormat's, makeContiguous's ("descriptor: shape[1] is negative (-2)",
    // "descriptor: itemsize must be positive, got 0" for '0s').
    static Result<std::unique_ptr<MemoryExporter>> create(std::string format,
                                                          std::vector<std::int64_t> shape);

    explicit MemoryExporter(PrivateTag) {}

    const Descriptor &descriptor() const override { return m_descriptor; }
    SourceInfo source() const override; // {"memory", "", {format, shape}}
    std::span<std::byte> data() const override { return {m_storage.get(), m_size}; }

    // A change of size is refused while exported, exactly as bytearray: "Existing exports of
    // data: object cannot be re-sized" (ErrorCategory::Export); nothing changes on refusal.
    // The current size is accepted even while exported (only the shape becomes 1-D).
    Status resize(ByteOffset nbytes);
    // Metadata only; product(shape) * itemsize must equal the byte size.
    Status reshape(std::vector<std::int64_t> shape);
    // Metadata only; keeps the shape, whose size must still match with the new itemsize.
    Status setFormat(std::string format);
    Status setLayout(std::string format, std::vector<std::int64_t> shape);
    void setReadonly(bool readonly);

protected:
    std::string closingName() const override; // "memory buffer"
    void freeData() override;

private:
    Status checkOpen() const; // "memory buffer is closed"

    std::unique_ptr<std::byte[]> m_storage; // at least one byte, so buf is never null
    std::size_t m_size = 0;
    Descriptor m_descriptor;
};

} // namespace bufferscope
