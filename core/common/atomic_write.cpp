// SPDX-License-Identifier: GPL-3.0-or-later
// writeFileAtomically: temporary file, fsync, rename, fsync of the directory.
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

bool writeAll(int fd, std::span<const std::byte> bytes)
{
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        bytes = bytes.subspan(static_cast<std::size_t>(written));
    }
    return true;
}

} // namespace

Status writeFileAtomically(const std::string &path, std::span<const std::byte> bytes,
                           std::string_view operation)
{
    std::string temporary = path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
        return writeError(operation, path, errno);

    // mkstemp creates 0600; give the file the mode an ordinary create would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    bool ok = ::fchmod(fd, 0666 & ~mask) == 0 && writeAll(fd, bytes) && ::fsync(fd) == 0;
    int error = errno;
    if (::close(fd) != 0 && ok) {
        ok = false;
        error = errno;
    }
    if (ok && ::rename(temporary.c_str(), path.c_str()) != 0) {
        ok = false;
        error = errno;
    }
    if (!ok) {
        ::unlink(temporary.c_str());
        return writeError(operation, path, error);
    }
    // The rename itself is durable only once the directory is synced.
    const auto parent = std::filesystem::path(path).parent_path();
    if (const int dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY);
        dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
    }
    return {};
}

} // namespace bufferscope
