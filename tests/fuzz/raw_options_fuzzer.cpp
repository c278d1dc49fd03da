// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the four texts of the raw-open options (format, shape, offset, order,
// separated by newlines) go through parseRawOptions, and whatever parses is opened with
// RawFileExporter::open on a small temporary file; every byte of the result is then copied
// out, so ASan proves the exporter never describes memory past the file.
#include "buffer/copy.h"
#include "exporters/raw/raw_file_exporter.h"
#include "exporters/raw/raw_options.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace {

constexpr std::size_t kFileSize = 96;

// One file for the whole run, holding bytes 0..95, removed at exit.
const std::string &sampleFile()
{
    static const std::string path = [] {
        std::string name = "/tmp/bufferscope-raw-fuzz-XXXXXX";
        const int fd = ::mkstemp(name.data());
        if (fd < 0)
            std::abort();
        std::array<unsigned char, kFileSize> bytes{};
        for (std::size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<unsigned char>(i);
        if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()))
            std::abort();
        ::close(fd);
        static std::string removeAtExit;
        removeAtExit = name;
        std::atexit([] { ::unlink(removeAtExit.c_str()); });
        return name;
    }();
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace bufferscope;
    std::string_view rest(reinterpret_cast<const char *>(data), size);
    std::array<std::string_view, 4> fields;
    for (auto &field : fields) {
        const std::size_t newline = rest.find('\n');
        field = rest.substr(0, newline);
        rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
    }
    auto options = parseRawOptions(fields[0], fields[1], fields[2], fields[3]);
    if (!options)
        return 0;
    // The last field's first byte, if any, asks for a copy-on-write mapping.
    options->copyOnWrite = !rest.empty() && (rest.front() & 1);
    auto exporter = RawFileExporter::open(sampleFile(), *options);
    if (!exporter)
        return 0;
    const Descriptor &d = (*exporter)->descriptor();
    if (d.len < 0 || static_cast<std::size_t>(d.len) > kFileSize)
        std::abort(); // open accepted more data than the file holds
    std::vector<std::byte> out(static_cast<std::size_t>(d.len));
    if (!copyToContiguous(d, out, Order::C))
        std::abort(); // an opened file's descriptor is always valid
    if (options->copyOnWrite && !out.empty())
        d.buf[0] = std::byte{0xff}; // private mapping: writable, never reaches the file
    (void)(*exporter)->close();
    return 0;
}
