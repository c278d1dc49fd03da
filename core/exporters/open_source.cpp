// SPDX-License-Identifier: GPL-3.0-or-later
// openFile / openSource: detection by magic bytes, the raw options of a SourceInfo, and the
// registry of kinds built outside core.
#include "exporters/open_source.h"

#include "exporters/chunked/open_chunked.h"
#include "exporters/npy/npy_exporter.h"
#include "exporters/raw/raw_file_exporter.h"

#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace bufferscope {

namespace {

struct Registration
{
    std::string kind;
    Opener opener;
    Detector detector;
};

// Registration happens at start-up, before any file is opened; nothing here is threaded.
std::vector<Registration> &registry()
{
    static std::vector<Registration> registrations;
    return registrations;
}

const Registration *findKind(const std::string &kind)
{
    for (const auto &registration : registry())
        if (registration.kind == kind)
            return &registration;
    return nullptr;
}

// A JSON integer that fits in int64 and is not negative (nlohmann keeps signed and unsigned
// integers apart).
std::optional<std::int64_t> nonNegative(const nlohmann::json &value)
{
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u <= std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            return static_cast<std::int64_t>(u);
    } else if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
        return value.get<std::int64_t>();
    }
    return std::nullopt;
}

Error rawOptionError(const std::string &key, const std::string &what)
{
    return makeError(ErrorCategory::Value, "open: raw option '" + key + "' must be " + what);
}

// The inverse of RawFileExporter::source(): {format, shape, offset, order}, all required
// except offset (0) and order ("C").
Result<RawOptions> rawOptionsFromJson(const nlohmann::json &options)
{
    if (!options.is_object())
        return makeError(ErrorCategory::Value, "open: raw options must be an object");
    RawOptions raw;
    const auto format = options.find("format");
    if (format == options.end() || !format->is_string())
        return rawOptionError("format", "a string");
    raw.format = format->get<std::string>();
    const auto shape = options.find("shape");
    if (shape == options.end() || !shape->is_array())
        return rawOptionError("shape", "a list of non-negative integers");
    for (const auto &entry : *shape) {
        const auto extent = nonNegative(entry);
        if (!extent)
            return rawOptionError("shape", "a list of non-negative integers");
        raw.shape.push_back(*extent);
    }
    if (const auto offset = options.find("offset"); offset != options.end()) {
        const auto bytes = nonNegative(*offset);
        if (!bytes)
            return rawOptionError("offset", "a non-negative integer");
        raw.offset = *bytes;
    }
    if (const auto order = options.find("order"); order != options.end()) {
        if (!order->is_string() || (*order != "C" && *order != "F"))
            return rawOptionError("order", "\"C\" or \"F\"");
        raw.order = *order == "F" ? Order::F : Order::C;
    }
    return raw;
}

template<class T> Result<std::unique_ptr<Exporter>> upcast(Result<std::unique_ptr<T>> opened)
{
    if (!opened)
        return opened.error();
    return std::unique_ptr<Exporter>(std::move(*opened));
}

// Reads the first bytes of the file, failing as MappedFile does for missing and unreadable
// files, so the user sees why before any guessing of the kind.
Result<std::string> readMagic(const std::string &path, std::size_t count)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return makeError(ErrorCategory::Io,
                         "open: cannot open '" + path + "': " + std::strerror(errno));
    std::string magic(count, '\0');
    ssize_t got = -1;
    do {
        got = ::read(fd, magic.data(), count);
    } while (got < 0 && errno == EINTR);
    const int readErrno = errno;
    ::close(fd);
    if (got < 0)
        return makeError(ErrorCategory::Io,
                         "open: cannot open '" + path + "': " + std::strerror(readErrno));
    magic.resize(static_cast<std::size_t>(got));
    return magic;
}

} // namespace

void registerOpener(std::string kind, Opener opener, Detector detector)
{
    unregisterOpener(kind);
    registry().push_back({std::move(kind), std::move(opener), std::move(detector)});
}

void unregisterOpener(const std::string &kind)
{
    std::erase_if(registry(), [&](const Registration &r) { return r.kind == kind; });
}

Result<std::unique_ptr<Exporter>> openSource(const SourceInfo &source)
{
    if (source.kind == "npy")
        return upcast(NpyExporter::open(source.path));
    if (source.kind == "raw") {
        auto raw = rawOptionsFromJson(source.options);
        if (!raw)
            return raw.error();
        return upcast(RawFileExporter::open(source.path, *raw));
    }
    if (source.kind == "zarr" || source.kind == "hdf5")
        return openChunked(source.path);
    if (const Registration *registration = findKind(source.kind))
        return registration->opener(source.path);
    if (source.kind == "memory" || source.kind == "test")
        return makeError(ErrorCategory::Value,
                         "open: source kind '" + source.kind + "' has no file to reopen");
    return makeError(ErrorCategory::Value, "open: unknown source kind '" + source.kind + "'");
}

Result<std::unique_ptr<Exporter>> openFile(const std::string &path,
                                           const std::optional<RawOptions> &raw)
{
    if (raw)
        return upcast(RawFileExporter::open(path, *raw));
    // Zarr stores are directories and PATH::INNER names no file: before reading any magic.
    if (isChunkedPath(path))
        return openChunked(path);
    static constexpr std::string_view kNpyMagic = "\x93NUMPY";
    auto magic = readMagic(path, kNpyMagic.size());
    if (!magic)
        return magic.error();
    if (*magic == kNpyMagic)
        return upcast(NpyExporter::open(path));
    for (const auto &registration : registry())
        if (registration.detector && registration.detector(path))
            return registration.opener(path);
    return makeError(ErrorCategory::Io, "open: '" + path +
                                            "' is not a .npy file or a supported image; "
                                            "give --raw FMT --shape ...");
}

} // namespace bufferscope
