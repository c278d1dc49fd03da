// SPDX-License-Identifier: GPL-3.0-or-later
// A whole file mapped into memory, read-only or copy-on-write, owned for as long as the
// object lives. Used by the raw and .npy exporters, which must open many-GiB files without
// reading them: pages are faulted in only when an element is looked at.
//
// Assumptions:
//  - the file is a regular file; directories, FIFOs and devices are refused;
//  - an empty file is valid and maps nothing (mmap with length 0 is an error in POSIX);
//  - someone may truncate the file while it is mapped: touching a page past the new end
//    raises SIGBUS. The mapping is registered with the fault guard (common/fault_guard.h),
//    which replaces such a page by zeros and marks the file damaged; whoever read the bytes
//    asks checkData() afterwards and reports the change instead of showing the zeros.
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

    // True once a read past a new end of the file was answered with zeros (SIGBUS guard).
    bool damaged() const;
    // Whether bytes read so far can be trusted: refused when damaged() or when the file on
    // disk is no longer the one mapped (ErrorCategory::Io), e.g.
    // "file '/x' changed on disk while mapped: size 8192 is now 100; bytes past the new end
    // read as zeros", "file '/x' changed on disk while mapped: it was replaced by another file".
    Status checkData() const;

private:
    // Why the file on disk differs from the file as opened, or "" when it does not
    // (stat fails: "it no longer exists" or "it cannot be checked: <strerror>").
    std::string describeChange() const;

    std::string m_path;
    MapMode m_mode = MapMode::ReadOnly;
    std::byte *m_data = nullptr;
    std::size_t m_size = 0;
    // Identity and state at open time, for checkUnchanged().
    std::uint64_t m_device = 0;
    std::uint64_t m_inode = 0;
    std::int64_t m_mtimeSec = 0;
    std::int64_t m_mtimeNsec = 0;
    int m_guardToken = -1; // fault_guard registration of [m_data, m_data + m_size)
};

} // namespace bufferscope
