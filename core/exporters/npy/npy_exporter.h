// SPDX-License-Identifier: GPL-3.0-or-later
// An exporter over a NumPy .npy file, memory-mapped: the header is parsed as data
// (npy_header.h), the descr becomes a PEP 3118 format (npy_dtype.h), and the array is
// exported where it lies in the file, in C or Fortran order. Opening reads only the header,
// so a file of many GiB opens at once; pages are read when elements are looked at.
//
// Addressing: data() is the whole mapped file and descriptor().buf = data() + dataOffset, so
// the "offset" of any view descriptor counts from the first byte of the file, header included.
//
//   file:  [ magic | version | header length | header dict | data (C or F order) | ignored ]
//          ^ data()                                         ^ descriptor().buf
//
// Ownership rules: the mapping lives until close(), which is refused while exported. The
// buffer is readonly unless copyOnWrite asked for a private writable mapping, whose writes
// never reach the file (NumPy's mmap_mode='c').
#pragma once

#include "exporters/mapped_file_exporter.h"
#include "exporters/npy/npy_header.h"

#include <memory>
#include <string>

namespace bufferscope {

class NpyExporter : public MappedFileExporter
{
    struct PrivateTag
    {
        explicit PrivateTag() = default;
    };

public:
    // Errors name the file and byte: "npy: 'x.npy': bad magic at byte 0",
    // "npy: 'x.npy': header: expected ':' at byte 27",
    // "npy: 'x.npy': data needs 4096 bytes at byte 128 but the file has 1000";
    // MappedFile's errors for missing, unreadable and non-regular files.
    static Result<std::unique_ptr<NpyExporter>> open(const std::string &path,
                                                     bool copyOnWrite = false);

    // close() while exported: "npy file has 1 exported buffer"; a closed exporter refuses
    // exports and checks: "npy file is closed".
    explicit NpyExporter(PrivateTag) : MappedFileExporter("npy file") {}

    SourceInfo source() const override; // {"npy", path, {}}

    int versionMajor() const { return m_header.major; }
    int versionMinor() const { return m_header.minor; }
    bool fortranOrder() const { return m_header.fortranOrder; }
    ByteOffset dataOffset() const { return m_header.dataOffset; }
    // The header's descr as Python prints it: "'<f4'", "[('a', '<i4'), ('b', '>f8', (2,))]".
    std::string descr() const { return npy::literalRepr(m_header.descr); }

private:
    npy::Header m_header;
};

} // namespace bufferscope
