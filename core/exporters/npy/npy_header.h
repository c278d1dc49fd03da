// SPDX-License-Identifier: GPL-3.0-or-later
// The .npy preamble and header, read as data: magic "\x93NUMPY", version 1.0 / 2.0 / 3.0,
// the little-endian header length, and the header dict {'descr', 'fortran_order', 'shape'}.
// See numpy/lib/format.py; we accept what its reader accepts (no 64-byte alignment check:
// NumPy pads when writing but never checks when reading), within fixed size limits.
//
// Every error names the file and the byte offset that failed:
//   "npy: 'x.npy': bad magic at byte 0"
//   "npy: 'x.npy': header: expected ':' at byte 27"
//   "npy: 'x.npy': header needs 118 bytes at byte 10 but the file has 50"
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"
#include "exporters/npy/npy_literal.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace bufferscope::npy {

// NumPy's reader refuses headers over 10000 characters unless told otherwise; NumPy's writer
// can produce longer ones for wide records, so we allow far more, but not without bound.
inline constexpr std::size_t kMaxHeaderLength = 1 << 20;

struct Header
{
    int major = 1;
    int minor = 0;
    std::size_t headerLength = 0; // bytes of the header text after the length field
    ByteOffset dataOffset = 0;    // where the array data starts: preamble + header
    Literal descr;                // validated later, by dtypeFromDescr (npy_dtype.h)
    bool fortranOrder = false;
    std::vector<std::int64_t> shape;
    std::size_t shapeOffset = 0; // file offset of the shape tuple, for later errors
};

// Parses the preamble and header at the start of `file` (the whole file, or at least its
// first bytes: only the header is read). `path` is used in error messages only.
Result<Header> parseHeader(std::span<const std::byte> file, const std::string &path);

// "npy: '<path>': <what> at byte <offset>", with position = offset.
Error npyError(ErrorCategory category, const std::string &path, const std::string &what,
               std::size_t offset);

// "npy: '<path>': <what> needs <needed> bytes at byte <offset> but the file has <fileSize>".
Error npyTruncated(const std::string &path, const std::string &what, std::uint64_t needed,
                   std::size_t offset, std::size_t fileSize);

// Python's repr of a shape tuple: "()", "(3,)", "(2, 3)".
std::string shapeRepr(const std::vector<std::int64_t> &shape);

} // namespace bufferscope::npy
