// SPDX-License-Identifier: GPL-3.0-or-later
// How the user names a chunked array, and opening it: `PATH` (a Zarr array directory) or
// `PATH::INNER` (an array inside a Zarr group, "store.zarr::raw/0", or a dataset of an HDF5
// file, "scan.h5::/entry/frames"). openFile() and openSource() (open_source.h) come here
// first for such names, so views, descriptors and SourceInfo reopening work on them. A
// store's metadata file (".../a.zarr/.zarray", what File > Open can choose) names its store.
#pragma once

#include "exporters/exporter.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bufferscope {

// True for names this opener handles: containing "::", a directory with Zarr metadata, or
// a file starting with the HDF5 signature. Cheap and silent.
bool isChunkedPath(const std::string &path);

// Opens the array. A group or an HDF5 file without INNER is refused with its arrays listed:
//   Value "open: 'store.zarr' is a group of 2 arrays (raw/0, raw/1); name one as 'store.zarr::raw/0'"
Result<std::unique_ptr<Exporter>> openChunked(const std::string &path);

// The arrays of a Zarr group or an HDF5 file (no INNER), or nullopt when `path` names one
// array (or is not chunked at all). `bufferscope-cli info` prints them.
Result<std::optional<std::vector<std::string>>> listChunkedArrays(const std::string &path);

} // namespace bufferscope
