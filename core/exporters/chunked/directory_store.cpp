// SPDX-License-Identifier: GPL-3.0-or-later
// The local directory ChunkStore: pread on one file per key.
#include "exporters/chunked/chunk_store.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bufferscope {

namespace {

class DirectoryStore : public ChunkStore
{
public:
    explicit DirectoryStore(std::string root) : m_root(std::move(root)) {}

    std::string root() const override { return m_root; }

    Result<StoreBytes> get(const std::string &key) const override { return read(key, 0, 0, Whole); }
    Result<std::optional<std::size_t>> getInto(const std::string &key,
                                               std::vector<std::byte> &buffer) const override
    {
        return readInto(key, 0, 0, Whole, buffer);
    }
    Result<StoreBytes> getRange(const std::string &key, std::uint64_t offset,
                                std::uint64_t size) const override
    {
        return read(key, offset, size, Range);
    }
    Result<StoreBytes> getSuffix(const std::string &key, std::uint64_t size) const override
    {
        return read(key, 0, size, Suffix);
    }

    Result<std::vector<std::string>> list(const std::string &prefix) const override
    {
        std::vector<std::string> keys;
        std::error_code error;
        const std::filesystem::path base = std::filesystem::path(m_root) / prefix;
        for (auto it = std::filesystem::recursive_directory_iterator(base, error);
             !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error))
            if (it->is_regular_file(error))
                keys.push_back(std::filesystem::relative(it->path(), m_root, error).generic_string());
        if (error)
            return makeError(ErrorCategory::Io,
                             "zarr: cannot list '" + base.string() + "': " + error.message());
        return keys;
    }

    KeyStat stat(const std::string &key) const override
    {
        struct stat info
        {
        };
        if (::stat((m_root + "/" + key).c_str(), &info) != 0)
            return {errno == ENOENT || errno == ENOTDIR ? KeyStat::State::Absent
                                                        : KeyStat::State::Unknown};
        if (!S_ISREG(info.st_mode))
            return {KeyStat::State::Unknown};
        return {KeyStat::State::Present, static_cast<std::uint64_t>(info.st_size),
                std::int64_t(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec};
    }

private:
    enum Mode { Whole, Range, Suffix };

    Result<StoreBytes> read(const std::string &key, std::uint64_t offset, std::uint64_t size,
                            Mode mode) const
    {
        std::vector<std::byte> bytes;
        auto got = readInto(key, offset, size, mode, bytes);
        if (!got)
            return got.error();
        if (!*got)
            return StoreBytes{};
        bytes.resize(**got);
        return StoreBytes{std::move(bytes)};
    }

    // Bytes [offset, offset + size) of `key` into bytes[0, n), growing `bytes` when short.
    Result<std::optional<std::size_t>> readInto(const std::string &key, std::uint64_t offset,
                                                std::uint64_t size, Mode mode,
                                                std::vector<std::byte> &bytes) const
    {
        const std::string path = m_root + "/" + key;
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT || errno == ENOTDIR)
                return std::optional<std::size_t>{};
            return makeError(ErrorCategory::Io,
                             "zarr: cannot open '" + path + "': " + std::strerror(errno));
        }
        struct stat info{};
        ::fstat(fd, &info);
        const auto have = static_cast<std::uint64_t>(info.st_size);
        if (mode == Whole)
            size = have;
        if (mode == Suffix) {
            if (size > have) {
                ::close(fd);
                return shortValueError(key, have, 0, size);
            }
            offset = have - size;
        }
        if (offset > have || size > have - offset) {
            ::close(fd);
            return shortValueError(key, have, offset, size);
        }
        if (bytes.size() < size)
            bytes.resize(size);
        std::size_t done = 0;
        while (done < size) {
            const ssize_t got = ::pread(fd, bytes.data() + done, size - done,
                                        static_cast<off_t>(offset + done));
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                const int readErrno = errno;
                ::close(fd);
                if (got == 0)
                    return shortValueError(key, offset + done, offset, size);
                return makeError(ErrorCategory::Io,
                                 "zarr: cannot read '" + path + "': " + std::strerror(readErrno));
            }
            done += static_cast<std::size_t>(got);
        }
        ::close(fd);
        return std::optional<std::size_t>{static_cast<std::size_t>(size)};
    }

    std::string m_root;
};

} // namespace

Error shortValueError(const std::string &key, std::uint64_t have, std::uint64_t offset,
                      std::uint64_t size)
{
    return makeError(ErrorCategory::Io, "zarr: '" + key + "' holds " + std::to_string(have) +
                                            " bytes, bytes " + std::to_string(offset) + ".." +
                                            std::to_string(offset + size) + " were asked for");
}

Result<std::shared_ptr<ChunkStore>> openDirectoryStore(const std::string &root)
{
    std::error_code error;
    if (!std::filesystem::is_directory(root, error))
        return makeError(ErrorCategory::Io, "zarr: '" + root + "' is not a directory");
    std::string trimmed = root;
    while (trimmed.size() > 1 && trimmed.back() == '/')
        trimmed.pop_back();
    return std::shared_ptr<ChunkStore>(std::make_shared<DirectoryStore>(trimmed));
}

} // namespace bufferscope
