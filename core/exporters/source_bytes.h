// SPDX-License-Identifier: GPL-3.0-or-later
// memoryview.tobytes(order) of any buffer source, whatever its exporter: local memory is
// copied by the copy kernels, a read-on-demand exporter's bytes are fetched (fetch.h).
// Every writer of a buffer's bytes (--tobytes, .npy export, the GUI's exports) goes here.
//
// Writers of files use the streamed form: the bytes are made one block at a time (a box of the
// view cut along its outermost axes in the output order, so each block is the next run of the
// output) into one reused buffer that stays in the caches, and handed to a sink (an AtomicFile).
// Nothing of the size of the whole result is allocated or zero-filled: the only full-size write
// is the one into the destination.
#pragma once

#include "exporters/buffer_source.h"

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace bufferscope {

// Refusals: toBytes's (copy.h), fetchLocal's and the exporter's checkData().
Result<std::vector<std::byte>> sourceBytes(const BufferSource &source, Order order);

// The same bytes written straight into `out` (exactly the view's len bytes): copyToContiguous
// for local exporters, fetchToContiguous for read-on-demand ones (Fortran order from a local
// fetch). Refusals: copyToContiguous's, fetchToContiguous's, fetchLocal's, checkData()'s.
Status writeSourceBytes(const BufferSource &source, Order order, std::span<std::byte> out);

// Receives the output in order, one block after another; an error stops the walk.
using ByteSink = std::function<Status(std::span<const std::byte>)>;

// Default block: small enough to stay in a core's L2 between the copy and the write.
inline constexpr std::size_t kSourceBlockBytes = std::size_t{1} << 20;

// The same bytes handed to `sink` in blocks of at most `blockBytes` (more only for a single
// item larger than that). Refusals: validateDescriptor's, fetchToContiguous's, fetchLocal's
// (Fortran order of a read-on-demand exporter), checkData()'s before the first block, the
// sink's. No memory limit applies: the buffer is one block.
Status writeSourceBytes(const BufferSource &source, Order order, const ByteSink &sink,
                        std::size_t blockBytes = kSourceBlockBytes);

} // namespace bufferscope
