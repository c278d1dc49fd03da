// SPDX-License-Identifier: GPL-3.0-or-later
// POSIX implementation of MappedFile: open, fstat, mmap, close the descriptor (the mapping
// keeps the file alive), munmap on destruction.
#include "exporters/mapped_file.h"

#include "common/fault_guard.h"

#include <cerrno>
#include <cstring>
#include <limits>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bufferscope {

namespace {

Error openError(const std::string &path, const std::string &reason)
{
    return makeError(ErrorCategory::Io, "open: cannot open '" + path + "': " + reason);
}

// Closes a file descriptor on every return path.
class FdGuard
{
public:
    explicit FdGuard(int fd) : m_fd(fd) {}
    ~FdGuard()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FdGuard(const FdGuard &) = delete;
    FdGuard &operator=(const FdGuard &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

constexpr const char *kCannotCheck = "it cannot be checked: ";

} // namespace

Result<std::unique_ptr<MappedFile>> MappedFile::open(const std::string &path, MapMode mode)
{
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer before we
    // get the chance to refuse it as "not a regular file". It has no effect on regular files.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return openError(path, std::strerror(errno));
    FdGuard guard(fd);

    struct stat info
    {
    };
    if (::fstat(fd, &info) != 0)
        return openError(path, std::strerror(errno));
    if (S_ISDIR(info.st_mode))
        return openError(path, std::strerror(EISDIR));
    if (!S_ISREG(info.st_mode))
        return openError(path, "not a regular file");
    if (static_cast<std::uint64_t>(info.st_size) > std::numeric_limits<std::size_t>::max())
        return makeError(ErrorCategory::Limit, "open: file '" + path + "' is too large to map");

    auto file = std::make_unique<MappedFile>(PrivateTag{});
    file->m_path = path;
    file->m_mode = mode;
    file->m_size = static_cast<std::size_t>(info.st_size);
    file->m_device = static_cast<std::uint64_t>(info.st_dev);
    file->m_inode = static_cast<std::uint64_t>(info.st_ino);
    file->m_mtimeSec = static_cast<std::int64_t>(info.st_mtim.tv_sec);
    file->m_mtimeNsec = static_cast<std::int64_t>(info.st_mtim.tv_nsec);

    if (file->m_size == 0)
        return file; // nothing to map; mmap(len 0) fails with EINVAL

    // No MAP_POPULATE: a 4 GiB file must open in microseconds and cost no resident memory.
    // Copy-on-write needs PROT_WRITE on a MAP_PRIVATE mapping of a read-only descriptor,
    // which POSIX allows because writes never reach the file.
    const int protection = mode == MapMode::CopyOnWrite ? PROT_READ | PROT_WRITE : PROT_READ;
    const int flags = mode == MapMode::CopyOnWrite ? MAP_PRIVATE : MAP_SHARED;
    void *address = ::mmap(nullptr, file->m_size, protection, flags, fd, 0);
    if (address == MAP_FAILED)
        return makeError(ErrorCategory::Io,
                         "open: cannot map '" + path + "': " + std::strerror(errno));
    file->m_data = static_cast<std::byte *>(address);
    file->m_guardToken =
        faultguard::registerRange(address, file->m_size, mode == MapMode::CopyOnWrite);
    // The viewer jumps around slices of a large array; the kernel's default read-ahead stays
    // (MADV_NORMAL) because full copies (toBytes) are sequential and profit from it. Only ask
    // the kernel not to include a huge read-only mapping in core dumps.
    if (mode == MapMode::ReadOnly)
        ::madvise(address, file->m_size, MADV_DONTDUMP);
    return file;
}

MappedFile::~MappedFile()
{
    // Unguard first: once unmapped, the address range may be reused by anything.
    faultguard::unregisterRange(m_guardToken);
    if (m_data != nullptr)
        ::munmap(m_data, m_size);
}

std::string MappedFile::describeChange() const
{
    struct stat info
    {
    };
    if (::stat(m_path.c_str(), &info) != 0) {
        if (errno == ENOENT)
            return "it no longer exists";
        return std::string(kCannotCheck) + std::strerror(errno);
    }
    if (static_cast<std::uint64_t>(info.st_dev) != m_device ||
        static_cast<std::uint64_t>(info.st_ino) != m_inode)
        return "it was replaced by another file";
    if (static_cast<std::size_t>(info.st_size) != m_size)
        return "size " + std::to_string(m_size) + " is now " + std::to_string(info.st_size);
    if (static_cast<std::int64_t>(info.st_mtim.tv_sec) != m_mtimeSec ||
        static_cast<std::int64_t>(info.st_mtim.tv_nsec) != m_mtimeNsec)
        return "its modification time changed";
    return {};
}

Status MappedFile::checkUnchanged() const
{
    const std::string change = describeChange();
    if (change.empty())
        return {};
    if (change.starts_with(kCannotCheck)) // keeps its historical wording
        return makeError(ErrorCategory::Io, "file '" + m_path + "' cannot be checked: " +
                                                change.substr(std::strlen(kCannotCheck)));
    return makeError(ErrorCategory::Io, "file '" + m_path + "' changed on disk: " + change);
}

bool MappedFile::damaged() const
{
    return faultguard::damaged(m_guardToken);
}

Status MappedFile::checkData() const
{
    const bool zeros = damaged();
    std::string change = describeChange();
    if (change.empty() && !zeros)
        return {};
    if (zeros)
        change +=
            (change.empty() ? "" : "; ") + std::string("bytes past the new end read as zeros");
    return makeError(ErrorCategory::Io,
                     "file '" + m_path + "' changed on disk while mapped: " + change);
}

} // namespace bufferscope
