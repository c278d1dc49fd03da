// SPDX-License-Identifier: GPL-3.0-or-later
// memoryview.tobytes(order) of any buffer source, whatever its exporter: local memory is
// copied by the copy kernels, a read-on-demand exporter's bytes are fetched (fetch.h).
// Every writer of a buffer's bytes (--tobytes, .npy export, the GUI's exports) goes here.
#pragma once

#include "exporters/buffer_source.h"

#include <vector>

namespace bufferscope {

// Refusals: toBytes's (copy.h), fetchLocal's and the exporter's checkData().
Result<std::vector<std::byte>> sourceBytes(const BufferSource &source, Order order);

} // namespace bufferscope
