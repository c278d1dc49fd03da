// SPDX-License-Identifier: GPL-3.0-or-later
// An exporter over a headerless binary file (as NumPy's ndarray.tofile writes it), mapped
// into memory and described by RawOptions.
//
// Addressing: data() is the whole mapped file and descriptor().buf = data() + offset, so the
// "offset" of any view descriptor counts from the first byte of the file, header included.
//
//   file:  [ header: offset bytes | product(shape) * itemsize bytes | ignored trailing bytes ]
//          ^ data()               ^ descriptor().buf
//
// Ownership rules: the mapping lives until close(), which is refused while exported. The
// buffer is readonly unless copyOnWrite asked for a private writable mapping, whose writes
// never reach the file. Truncating the file while it is mapped makes later reads raise SIGBUS
// (see MappedFile); the fault guard answers them with zeros and checkData() reports it.
#pragma once

#include "exporters/mapped_file_exporter.h"
#include "exporters/raw/raw_options.h"

#include <memory>
#include <string>

namespace bufferscope {

class RawFileExporter : public MappedFileExporter
{
    struct PrivateTag
    {
        explicit PrivateTag() = default;
    };

public:
    // Maps the file and checks that it holds the data (ErrorCategory::Io):
    // "raw: file '/x' is too small: offset 8 + 120 data bytes = 128 needed, 100 available";
    // MappedFile's errors for missing, unreadable and non-regular files.
    static Result<std::unique_ptr<RawFileExporter>> open(const std::string &path,
                                                         const RawOptions &options);

    // close() while exported: "raw file has 1 exported buffer"; a closed exporter refuses
    // exports and checks: "raw file is closed".
    explicit RawFileExporter(PrivateTag) : MappedFileExporter("raw file") {}

    SourceInfo source() const override; // {"raw", path, {format, shape, offset, order}}

    const RawOptions &options() const { return m_options; }

private:
    RawOptions m_options;
};

} // namespace bufferscope
