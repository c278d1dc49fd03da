// SPDX-License-Identifier: GPL-3.0-or-later
// The JSON descriptor of an exporter or view: everything its Py_buffer says, where its bytes
// live in the exporter's data, and how to rebuild it (source + expression), so a descriptor
// saved to a file can be loaded again (load_descriptor.h).
//
// Keys (nlohmann::json sorts them):
//   version 1; format, itemsize, ndim, shape, strides, suboffsets (null when none), len,
//   readonly, c_contiguous, f_contiguous (memoryview's rule);
//   offset: bytes from the first byte of the exporter's data() to the view's start pointer
//     (buf). For raw and .npy files data() is the whole file, so this is a file offset; for an
//     image it lies in the row-pointer array. null when buf lies in another allocation (a
//     view that indexed through an indirect dimension points into a row). An empty view's
//     offset may lie past the end of data(), as NumPy's pointer arithmetic puts it;
//   expression: the whole chain from the exporter ("" for the exporter itself);
//   source: {kind, path (absolute; "" for memory), options}; exports: the live count;
//   requests: the names of the request flags the buffer satisfies.
#pragma once

#include "exporters/buffer_source.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace bufferscope {

inline constexpr int kDescriptorVersion = 1;

nlohmann::json viewDescriptor(const BufferSource &source);

// The view's full expression from its exporter ("" for an exporter).
std::string chainExpression(const BufferSource &source);

// The start pointer's distance from the exporter's data(), or nullopt when it lies in
// another of the exporter's allocations (a row of a PIL-style image).
std::optional<std::int64_t> dataOffset(const BufferSource &source);

// A descriptor names its file absolutely (lexically normalised, symlinks kept), so it can be
// loaded from any working directory. "" stays "".
std::string absolutePath(const std::string &path);

// Python's tuple notation, as CPython prints shapes: "()", "(3,)", "(3, 4)".
std::string tupleText(std::span<const std::int64_t> values);

} // namespace bufferscope
