// SPDX-License-Identifier: GPL-3.0-or-later
// Building and checking descriptors: contiguous strides for a shape, a checked constructor
// for contiguous buffers, and the structural validation every other buffer function relies on.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bufferscope {

// The byte strides of a contiguous array, as PyBuffer_FillContiguousStrides computes them:
// Order::F gives Fortran strides, Order::C and Order::A give C strides. Dimensions of length 0
// or 1 are not skipped (the stride of dimension i is itemsize times the lengths inside it).
// Precondition: the product of the non-zero lengths times itemsize fits in 64 bits (as
// makeContiguous checks); otherwise the values wrap but nothing is undefined.
std::vector<ByteOffset> contiguousStrides(std::span<const std::int64_t> shape, ByteOffset itemsize,
                                          Order order);

// product(values) * factor, or nullopt if any intermediate product overflows 64-bit signed
// arithmetic. A zero anywhere makes the product 0 (no overflow), as len is for empty arrays.
// Negative values are multiplied as they are.
std::optional<ByteOffset> checkedProduct(std::span<const std::int64_t> values, ByteOffset factor);

// A contiguous descriptor over `buf` (which must hold len bytes; not checked here, see
// verifyBounds). Refusals:
//   Limit     "descriptor: ndim 65 exceeds the limit of 64"
//   Structure "descriptor: shape[1] is negative (-2)"
//   Structure "descriptor: itemsize must be positive, got 0"
//   Limit     "shape: product of dimensions overflows"
Result<Descriptor> makeContiguous(std::byte *buf, std::string format, ByteOffset itemsize,
                                  std::vector<std::int64_t> shape, Order order, bool readonly);

// Checks the invariants descriptor.h states, in this order, with these texts:
//   Limit     "descriptor: ndim 65 exceeds the limit of 64"
//   Structure "descriptor: 1 strides for 2 dimensions"
//   Structure "descriptor: 1 suboffsets for 2 dimensions (need none or 2)"
//   Structure "descriptor: itemsize must be positive, got 0"
//   Structure "descriptor: shape[1] is negative (-2)"
//   Limit     "shape: product of dimensions overflows"
//   Structure "descriptor: len is 10 but product(shape) * itemsize is 12"
// It says nothing about memory: verifyBounds (bounds.h) proves the elements are in bounds.
Status validateDescriptor(const Descriptor &descriptor);

} // namespace bufferscope
