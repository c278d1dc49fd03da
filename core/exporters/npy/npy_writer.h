// SPDX-License-Identifier: GPL-3.0-or-later
// Writing a view's data as a .npy file NumPy loads back equal to the view: the elements in C
// order (memoryview.tobytes) under a header whose descr comes from the view's format
// (numpyTypestr for plain items, numpyDescr for records) and whose shape is the view's shape
// plus the item's sub-array dimensions (numpyItemShape), as np.asarray would see the buffer.
//
// Header layout as numpy/lib/format.py writes it: "\x93NUMPY", version, little-endian length
// (2 bytes for 1.0, 4 for 2.0 and 3.0), then the dict text padded with spaces and a final
// '\n' so the data starts at a multiple of 64, with NumPy's spare room for growing the first
// axis: np.save writes the same bytes for the same array. Version 1.0 unless the header does
// not fit in 65535 bytes (2.0) or holds field names latin1 cannot encode (3.0, UTF-8).
#pragma once

#include "common/atomic_write.h"
#include "common/result.h"
#include "exporters/buffer_source.h"

#include <cstddef>
#include <string>
#include <vector>

namespace bufferscope {

// The preamble and padded header of the .npy file of `source`. Refusals: numpyTypestr's and
// numpyDescr's (pointers, objects, ...), parseFormat's.
Result<std::string> npyHeaderBytes(const BufferSource &source);

// The whole file: header and data. Also toBytes' refusals.
Result<std::vector<std::byte>> npyFileBytes(const BufferSource &source);

// Writes the bytes of npyFileBytes to `path` so the file is either left as it was or complete
// (AtomicFile, common/atomic_write.h), streaming the data (writeSourceBytes) instead of
// building the file in memory. Also refuses when the exporter's checkData() fails after the
// copy (a mapped file truncated meanwhile).
// Errors (ErrorCategory::Io): "npy: cannot write 'out.npy': Permission denied".
Status writeNpy(const std::string &path, const BufferSource &source,
                Durability durability = Durability::Synced);

} // namespace bufferscope
