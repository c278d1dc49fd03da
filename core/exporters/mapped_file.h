// SPDX-License-Identifier: GPL-3.0-or-later
// A whole file mapped into memory, read-only or copy-on-write, owned for as long as the
// object lives. Used by the raw and .npy exporters, which must open many-GiB files without
// reading them: pages are faulted in only when an element is looked at.
//
// Assumptions:
//  - the file is a regular file; directories, FIFOs and devices are refused;
//  - an empty file is valid and maps nothing (mmap with length 0 is an error in POSIX);
//  - nobody truncates the file while it is mapped. If someone does, touching a page past the
//    new end raises SIGBUS; checkUnchanged() detects it after the fact, and handling the
//    signal itself is left to a later issue.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace bufferscope {

enum class MapMode {
    ReadOnly,    // PROT_READ, MAP_SHARED: writing is impossible
    CopyOnWrite, // PROT_READ|PROT_WRITE, MAP_PRIVATE: writes stay in this process
};

class MappedFile
{
    struct PrivateTag
    {
    };

public:
    // Errors (ErrorCategory::Io) name the file:
    // "open: cannot open '/x/y': No such file or directory", "...: Is a directory",
    // "...: Permission denied", "open: cannot open '/dev/null': not a regular file".
    static Result<std::unique_ptr<MappedFile>> open(const std::string &path, MapMode mode);

    explicit MappedFile(PrivateTag) {}
    ~MappedFile();
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    const std::string &path() const { return m_path; }
    MapMode mode() const { return m_mode; }
    bool writable() const { return m_mode == MapMode::CopyOnWrite; }

    // The mapped bytes; empty for an empty file. Writable only in CopyOnWrite mode.
    std::span<std::byte> bytes() const { return {m_data, m_size}; }
    ByteOffset size() const { return static_cast<ByteOffset>(m_size); }

    // Stats the path again and compares with the file as it was opened:
    // "file '/x' changed on disk: size 100 is now 40" (ErrorCategory::Io).
    Status checkUnchanged() const;

private:
    std::string m_path;
    MapMode m_mode = MapMode::ReadOnly;
    std::byte *m_data = nullptr;
    std::size_t m_size = 0;
    // Identity and state at open time, for checkUnchanged().
    std::uint64_t m_device = 0;
    std::uint64_t m_inode = 0;
    std::int64_t m_mtimeSec = 0;
    std::int64_t m_mtimeNsec = 0;
};

} // namespace bufferscope
