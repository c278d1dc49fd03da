// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: Zarr metadata, shard indexes and codec boundaries. The first byte picks
// what the rest is: 0/1 a .zarray / zarr.json text (when it parses, chunk 0 is loaded from a
// store whose every key holds the same fuzzed bytes, so corrupt, short and oversized chunks
// and shard indexes reach the decoders); 2 a shard index; 3..7 a chunk for zlib, gzip,
// zstd, blosc, crc32c. Each must return a result or an error, never crash, hang or allocate
// in proportion to a size the input merely claims.
#include "exporters/chunked/chunk_store.h"
#include "exporters/chunked/codecs.h"
#include "exporters/chunked/zarr_array.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace {

using namespace bufferscope;

// Every key holds `value` (metadata keys are never asked: the metadata comes from the input).
class FuzzStore : public ChunkStore
{
public:
    explicit FuzzStore(std::vector<std::byte> value) : m_value(std::move(value)) {}
    std::string root() const override { return "fuzz"; }
    Result<StoreBytes> get(const std::string &) const override { return StoreBytes{m_value}; }
    Result<StoreBytes> getRange(const std::string &key, std::uint64_t offset, std::uint64_t size) const override
    {
        if (offset > m_value.size() || size > m_value.size() - offset)
            return shortValueError(key, m_value.size(), offset, size);
        return StoreBytes{std::vector<std::byte>(m_value.begin() + std::ptrdiff_t(offset),
                                                 m_value.begin() + std::ptrdiff_t(offset + size))};
    }
    Result<StoreBytes> getSuffix(const std::string &key, std::uint64_t size) const override
    {
        if (size > m_value.size())
            return shortValueError(key, m_value.size(), 0, size);
        return StoreBytes{std::vector<std::byte>(m_value.end() - std::ptrdiff_t(size), m_value.end())};
    }
    Result<std::vector<std::string>> list(const std::string &) const override { return std::vector<std::string>{}; }

private:
    std::vector<std::byte> m_value;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const int mode = data[0] % 8;
    const auto rest = std::as_bytes(std::span(data + 1, size - 1));
    if (mode <= 1) {
        // Metadata text up to a NUL, chunk bytes after it.
        std::size_t cut = 0;
        while (cut < rest.size() && rest[cut] != std::byte{0})
            ++cut;
        const std::string text(reinterpret_cast<const char *>(rest.data()), cut);
        std::vector<std::byte> chunk(rest.begin() + std::ptrdiff_t(std::min(cut + 1, rest.size())), rest.end());
        auto store = std::make_shared<FuzzStore>(chunk);
        auto source = parseZarrMetadata(store, "", mode == 0 ? ".zarray" : "zarr.json", text, "fuzz");
        if (!source)
            return 0;
        const auto &info = (*source)->info();
        std::uint64_t bytes = std::uint64_t(info.itemsize);
        for (auto c : info.chunks)
            bytes = c > 0 && bytes <= (std::uint64_t(1) << 20) ? bytes * std::uint64_t(c) : ~std::uint64_t(0);
        if (bytes > (std::uint64_t(1) << 20))
            return 0;
        std::vector<std::byte> out(bytes);
        const std::vector<std::int64_t> origin(info.shape.size(), 0);
        (void)(*source)->loadChunk(origin, out);
        (void)(*source)->chunkKey(origin);
        return 0;
    }
    if (mode == 2) {
        const std::size_t chunks = rest.size() / 16;
        (void)decodeShardIndex("fuzz", rest, chunks, false, false);
        if (rest.size() >= 4)
            (void)decodeShardIndex("fuzz", rest, (rest.size() - 4) / 16, true, true);
        return 0;
    }
    static const char *names[] = {"zlib", "gzip", "zstd", "blosc", "crc32c"};
    const std::string name = names[mode - 3];
    auto codec = name == "zlib" ? makeNumcodecsCodec({{"id", "zlib"}}) : makeV3BytesCodec(name, {});
    if (codec)
        (void)(*codec)->decode(rest, std::size_t(1) << 16);
    return 0;
}
