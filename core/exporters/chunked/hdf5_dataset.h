// SPDX-License-Identifier: GPL-3.0-or-later
// HDF5 datasets as ChunkSources, through libhdf5: chunked datasets chunk by chunk (the
// library's own filters decode deflate, shuffle and the rest: each chunk is read as a
// hyperslab of exactly that chunk), contiguous ones in row blocks of about 1 MiB. Types:
// integers, floats, fixed strings, enums (as their integers), arrays and compounds (T{...}
// with 'x' padding at the file's offsets), each in the file's byte order. libhdf5 is not
// reentrant, so every call holds one process-wide lock: HDF5 chunks load one at a time.
#pragma once

#include "exporters/chunked/chunk_source.h"

#include <memory>
#include <string>
#include <vector>

namespace bufferscope {

// Whether `path` is a file starting with the HDF5 signature (at offset 0).
bool isHdf5File(const std::string &path);

// Every dataset of the file, as absolute paths ("/entry/frames"), sorted.
Result<std::vector<std::string>> listHdf5Datasets(const std::string &path);

// Refusals: Io "hdf5: cannot open dataset '/x' of 'f.h5'", Value "hdf5: data type of '/x'
// is not supported (variable-length strings)".
Result<std::shared_ptr<ChunkSource>> openHdf5Dataset(const std::string &file,
                                                     const std::string &dataset,
                                                     const std::string &displayPath);

} // namespace bufferscope
