// SPDX-License-Identifier: GPL-3.0-or-later
// From an element index to its address: PyBuffer_GetPointer's walk (strides, then a
// suboffset dereference per dimension) and the plain byte offset of direct descriptors.
//
// A PIL-style image of H rows, W pixels, C channels: strides (sizeof(void*), C, 1),
// suboffsets (0, -1, -1). `buf` is the start of an array of row pointers, not of pixels:
//
//   buf ──► ┌────────┐
//           │ row 0 ─┼──────────► ┌──┬──┬──┬──┬──┬──┬─ ─ ─┐  W*C bytes, anywhere in memory
//           ├────────┤            └──┴──┴──┴──┴──┴──┴─ ─ ─┘
//           │ row 1 ─┼──────────► ┌──┬──┬──┬──┬──┬──┬─ ─ ─┐
//           ├────────┤            └──┴──┴──┴──┴──┴──┴─ ─ ─┘
//           │  ...   │
//           └────────┘
//   element [y, x, c]: p = buf + y*sizeof(void*); p = *(void**)p + suboffsets[0];
//                      p = p + x*C + c      (suboffsets[1], [2] are negative: no dereference)
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <span>

namespace bufferscope {

// PyBuffer_GetPointer: "start at buf; for each dimension i add strides[i] * index[i]; then if
// suboffsets[i] >= 0, read a pointer at that address and add suboffsets[i] to it".
// Preconditions: index.size() == ndim, 0 <= index[i] < shape[i], the memory is in bounds
// (verifyBounds). Pointers are read with memcpy, so they need no alignment.
std::byte *elementPointer(const Descriptor &descriptor, std::span<const Index> index);

// sum(strides[i] * index[i]) for a direct descriptor (no suboffsets): the element's byte
// offset from buf. Same preconditions as elementPointer.
ByteOffset elementOffset(const Descriptor &descriptor, std::span<const Index> index);

// elementPointer with the index checked first; negative indices count from the end as in
// Python. Refusals (NumPy's IndexError texts):
//   Bounds "too many indices for array: array is 2-dimensional, but 3 were indexed"
//   Bounds "too few indices for array: array is 2-dimensional, but 1 were indexed"
//   Bounds "index 9 is out of bounds for axis 1 with size 5"
Result<std::byte *> checkedElementPointer(const Descriptor &descriptor,
                                          std::span<const Index> index);

} // namespace bufferscope
