// SPDX-License-Identifier: GPL-3.0-or-later
// Copies between any descriptor (negative or zero strides, suboffsets, ndim 0, empty
// dimensions) and contiguous memory in C or Fortran order: memoryview.tobytes and
// PyBuffer_ToContiguous / PyBuffer_FromContiguous. Fast paths are described in strided_copy.h;
// a descriptor already contiguous in the requested order is one memcpy.
//
// Assumptions: the descriptor is in bounds (verifyBounds) and does not overlap the contiguous
// memory. Order::A means Fortran if the descriptor is F-contiguous, else C (memoryview.tobytes).
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <span>
#include <vector>

namespace bufferscope {

// Writes the elements of `src` into `out` (exactly src.len bytes) in `order`. Refusals:
// validateDescriptor's, and
//   Bounds "copy: destination holds 10 bytes, the buffer has 12"
Status copyToContiguous(const Descriptor &src, std::span<std::byte> out, Order order);

// Reads `in` (exactly dst.len bytes, in `order`) into the elements of `dst`. Refusals:
// validateDescriptor's, and
//   Export "copy: destination is read-only"
//   Bounds "copy: source holds 10 bytes, the buffer has 12"
Status copyFromContiguous(const Descriptor &dst, std::span<const std::byte> in, Order order);

// memoryview.tobytes(order). Refusals: validateDescriptor's, and
//   Limit "copy: needs 123 bytes, more than the memory limit of 100 bytes" (memory_limit.h)
//   Limit "copy: cannot allocate 123 bytes"
Result<std::vector<std::byte>> toBytes(const Descriptor &src, Order order);

} // namespace bufferscope
