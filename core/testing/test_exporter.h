// SPDX-License-Identifier: GPL-3.0-or-later
// A test-only exporter with fault switches, in the spirit of CPython's _testbuffer.ndarray:
// it describes its bytes with any descriptor a test asks for (negative or zero strides, an
// offset start pointer, PIL-style suboffsets over separately allocated rows, even invalid
// ones: nothing is validated), fails getBuffer on demand, and changes its layout while
// exported.
//
// PIL-style layout (shape (H, W), suboffset s; reversedRows flips the pointer array):
//
//   buf ──► ┌─────────┐
//           │ ptr 0 ──┼──► [ s bytes padding | row 0: W*itemsize bytes ]
//           │ ptr 1 ──┼──► [ s bytes padding | row 1 ]
//           └─────────┘
//   strides (sizeof(void*), itemsize), suboffsets (s, -1). With reversedRows the array holds
//   row H-1 first, buf points at its last entry and strides[0] is -sizeof(void*), so the
//   logical order of rows is unchanged.
//
// Ownership rules: the exporter owns its bytes, the pointer array and every row until
// close(), which is refused while exported ("test exporter has 1 exported buffer").
// setLayout() never moves the bytes, so it is allowed while exported (the fault it models is
// an exporter whose metadata changes under its consumers' feet).
#pragma once

#include "exporters/exporter.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bufferscope::testing {

// A descriptor without its pointer: buf = data().data() + start.
struct TestLayout
{
    std::string format = "B";
    ByteOffset itemsize = 1;
    std::vector<std::int64_t> shape;
    std::vector<ByteOffset> strides; // empty: C-contiguous strides are filled in
    std::vector<ByteOffset> suboffsets;
    ByteOffset start = 0;
    bool readonly = true;
};

class TestExporter : public Exporter
{
    struct PrivateTag
    {
        explicit PrivateTag() = default;
    };

public:
    // Owns a copy of `bytes` described by `layout`; len = product(shape) * itemsize.
    static std::unique_ptr<TestExporter> direct(std::span<const std::byte> bytes,
                                                TestLayout layout);
    // PIL-style over ndim >= 1 shape: shape[0] rows, each its own allocation holding
    // `suboffset` bytes of padding and then product(shape[1:]) items filled from
    // `logicalBytes` (the C-order bytes of the whole array, product(shape) * itemsize long).
    static std::unique_ptr<TestExporter> pil(std::string format, ByteOffset itemsize,
                                             std::vector<std::int64_t> shape,
                                             std::span<const std::byte> logicalBytes,
                                             ByteOffset suboffset = 0, bool reversedRows = false,
                                             bool readonly = true);

    explicit TestExporter(PrivateTag) {}

    const Descriptor &descriptor() const override { return m_descriptor; }
    SourceInfo source() const override; // {"test", "", {"pil": bool}}
    std::span<std::byte> data() const override;
    std::vector<std::span<const std::byte>> allocations() const override;

    // Fault switches.
    void failNextGetBuffer(Error error) { m_nextFailure = std::move(error); }
    // Replaces the descriptor metadata, allowed while exported; the bytes stay where they are.
    // For PIL exporters only the metadata fields change (buf keeps pointing at the array).
    void setLayout(TestLayout layout);
    void setReadonly(bool readonly) { m_descriptor.readonly = readonly; }

protected:
    std::string closingName() const override; // "test exporter"
    void freeData() override;
    Status prepareOpenExport() override; // the failure failNextGetBuffer armed

private:
    void applyLayout(TestLayout layout);

    // Direct storage (also the pointer array of a PIL exporter, as raw bytes).
    std::unique_ptr<std::byte[]> m_storage;
    std::size_t m_size = 0;
    std::vector<std::unique_ptr<std::byte[]>> m_rows; // PIL rows, padding included
    std::size_t m_rowAllocation = 0;
    bool m_pil = false;
    Descriptor m_descriptor;
    std::optional<Error> m_nextFailure;
};

} // namespace bufferscope::testing
