// SPDX-License-Identifier: GPL-3.0-or-later
// AtomicFile: temporary file, appends, fsync, rename, fsync of the directory.
#include "common/atomic_write.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bufferscope {

namespace {

Error writeError(std::string_view operation, const std::string &path, int error)
{
    return makeError(ErrorCategory::Io, std::string(operation) + ": cannot write '" + path +
                                            "': " + std::strerror(error));
}

} // namespace

AtomicFile::AtomicFile(std::string path, std::string temporary, std::string operation, int fd)
    : m_path(std::move(path)), m_temporary(std::move(temporary)),
      m_operation(std::move(operation)), m_fd(fd)
{
}

AtomicFile::AtomicFile(AtomicFile &&other) noexcept
    : m_path(std::move(other.m_path)), m_temporary(std::move(other.m_temporary)),
      m_operation(std::move(other.m_operation)), m_fd(other.m_fd), m_failure(other.m_failure)
{
    other.m_fd = -1;
    other.m_temporary.clear();
}

AtomicFile::~AtomicFile()
{
    abandon();
}

Result<AtomicFile> AtomicFile::create(const std::string &path, std::string_view operation)
{
    std::string temporary = path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
        return writeError(operation, path, errno);
    // mkstemp creates 0600; give the file the mode an ordinary create would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (::fchmod(fd, 0666 & ~mask) != 0) {
        const int code = errno;
        ::close(fd);
        ::unlink(temporary.c_str());
        return writeError(operation, path, code);
    }
    return AtomicFile(path, std::move(temporary), std::string(operation), fd);
}

Error AtomicFile::error(int code) const
{
    return writeError(m_operation, m_path, code);
}

Status AtomicFile::append(std::span<const std::byte> bytes)
{
    if (m_failure)
        return error(m_failure);
    if (m_fd < 0)
        return error(EBADF);
    while (!bytes.empty()) {
        const ssize_t written = ::write(m_fd, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            m_failure = written < 0 ? errno : ENOSPC;
            return error(m_failure);
        }
        bytes = bytes.subspan(static_cast<std::size_t>(written));
    }
    return {};
}

Status AtomicFile::commit(Durability durability)
{
    if (m_failure || m_fd < 0) {
        const int code = m_failure ? m_failure : EBADF;
        abandon();
        return error(code);
    }
    const bool synced = durability == Durability::Synced;
    bool ok = !synced || ::fsync(m_fd) == 0;
    int code = errno;
    if (::close(m_fd) != 0 && ok) {
        ok = false;
        code = errno;
    }
    m_fd = -1;
    if (ok && ::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
        ok = false;
        code = errno;
    }
    if (!ok) {
        abandon();
        return error(code);
    }
    m_temporary.clear(); // renamed: nothing left to remove
    if (!synced)
        return {};
    // The rename itself is durable only once the directory is synced.
    const auto parent = std::filesystem::path(m_path).parent_path();
    if (const int dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY);
        dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
    }
    return {};
}

void AtomicFile::abandon()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_temporary.empty()) {
        ::unlink(m_temporary.c_str());
        m_temporary.clear();
    }
}

Status writeFileAtomically(const std::string &path, std::span<const std::byte> bytes,
                           std::string_view operation, Durability durability)
{
    auto file = AtomicFile::create(path, operation);
    if (!file)
        return file.error();
    if (auto appended = file->append(bytes); !appended)
        return appended;
    return file->commit(durability);
}

} // namespace bufferscope
