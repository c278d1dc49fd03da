// SPDX-License-Identifier: GPL-3.0-or-later
// Opening an exporter from a file or from a recorded SourceInfo, the one place that knows
// every kind of file. Kinds that need more than core (images need Qt Gui) are registered at
// start-up by the program that links them, so bufferscope_core depends on none of them.
#pragma once

#include "exporters/exporter.h"
#include "exporters/raw/raw_options.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace bufferscope {

// Opens `path` as an exporter of one registered kind.
using Opener = std::function<Result<std::unique_ptr<Exporter>>(const std::string &path)>;
// Says whether `path` looks like a file of that kind (e.g. by its magic bytes). It must be
// cheap and must not report errors: openFile() reports missing or unreadable files itself.
using Detector = std::function<bool(const std::string &path)>;

// Registers (or replaces) the opener of `kind`, e.g. "image". The detector may be empty: the
// kind is then opened only from a SourceInfo naming it, never detected.
void registerOpener(std::string kind, Opener opener, Detector detector);
void unregisterOpener(const std::string &kind);

// Reopens what SourceInfo describes: "npy", "zarr", "hdf5" and "raw" (options as RawFileExporter::source()
// writes them: format, shape, offset, order) are built in, other kinds must be registered.
// Errors: "open: source kind 'memory' has no file to reopen",
// "open: unknown source kind 'x'", "open: raw option 'shape' must be ...", and the
// exporters' own errors.
Result<std::unique_ptr<Exporter>> openSource(const SourceInfo &source);

// Opens a file as the user named it: raw when options are given, otherwise a chunked array
// (a Zarr directory, an HDF5 file, PATH::INNER: open_chunked.h), otherwise a .npy file (by
// its magic "\x93NUMPY"), otherwise the first registered kind whose detector accepts it.
// Errors (ErrorCategory::Io): "open: cannot open 'x': No such file or directory", and
// "open: 'x.bin' is not a .npy file or a supported image; give --raw FMT --shape ...".
Result<std::unique_ptr<Exporter>> openFile(const std::string &path,
                                           const std::optional<RawOptions> &raw);

} // namespace bufferscope
