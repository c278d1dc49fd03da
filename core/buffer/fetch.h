// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a buffer of a read-on-demand exporter (byte_reader.h) into local memory, so that
// every kernel that takes a pointer (copies, render, values) works on it unchanged. Only the
// elements asked for are read: callers cut the buffer to what they show first (subBox), and
// the walk reads as few bytes as it can — a whole block in one run where the elements are
// dense enough, row runs where rows are contiguous, single items only where nothing else is
// close — following suboffset pointers through the reader as PyBuffer_GetPointer would.
#pragma once

#include "buffer/byte_reader.h"
#include "buffer/descriptor.h"
#include "common/result.h"

#include <functional>
#include <memory>
#include <span>

namespace bufferscope {

// Writes the elements of `source` (addresses in `reader`'s space) into `out`, exactly
// source.len bytes, in C order. Refusals: validateDescriptor's, the reader's, and
//   Bounds "fetch: destination holds 10 bytes, the buffer has 12"
//   Limit  "fetch: 70000000 pointer rows are more than 67108864"
Status fetchToContiguous(const Descriptor &source, const ByteReader &reader,
                         std::span<std::byte> out);

// The address ranges fetchToContiguous reads for `source`, in order, without reading any (a
// cost preview, read_cost.h): visit(address, size) once per run. Refusals: validateDescriptor's,
// and for buffers with suboffsets, whose runs depend on the pointers met on the way:
//   Value "fetch: the runs of a buffer with suboffsets are known only by reading it"
Status forEachFetchRun(const Descriptor &source,
                       const std::function<void(Address, std::size_t)> &visit);

// A C-contiguous local copy of `source`, from the reader's cache when it was fetched before at
// the reader's current generation. Refusals: fetchToContiguous's, and
//   Limit "fetch: needs 123 bytes, more than the memory limit of 100 bytes" (memory_limit.h)
Result<std::shared_ptr<const LocalBuffer>> fetchLocal(const Descriptor &source,
                                                      const ByteReader &reader);

// The sub-array start[i] .. start[i] + count[i] of every axis, as slicing does it (CPython's
// init_slice: for PIL-style buffers an axis after a dereferenced one moves that suboffset,
// not buf). Pure arithmetic, nothing is read. Precondition: every range lies inside the shape.
Descriptor subBox(const Descriptor &source, std::span<const Index> start,
                  std::span<const Index> count);

} // namespace bufferscope
