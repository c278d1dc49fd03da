// SPDX-License-Identifier: GPL-3.0-or-later
// The codecs of codecs.h over zlib, libzstd, c-blosc and crc32c.
#include "exporters/chunked/codecs.h"

#include "exporters/chunked/crc32c.h"

#include <blosc.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>

namespace bufferscope {

namespace {

Error tooLarge(const std::string &codec, std::size_t limit)
{
    return makeError(ErrorCategory::Io, codec + ": the data decodes to more than " +
                                            std::to_string(limit) + " bytes");
}

// zlib streams (numcodecs' zlib) and gzip members (gzip, Zarr v3's gzip).
class InflateCodec : public BytesCodec
{
public:
    InflateCodec(std::string name, bool gzip, nlohmann::json config)
        : m_name(std::move(name)), m_gzip(gzip), m_config(std::move(config))
    {
    }
    nlohmann::json describe() const override
    {
        nlohmann::json d = m_config;
        d["name"] = m_name;
        return d;
    }
    Result<std::vector<std::byte>> decode(std::span<const std::byte> in,
                                          std::size_t limit) const override
    {
        z_stream z{};
        if (inflateInit2(&z, m_gzip ? 15 + 16 : 15) != Z_OK)
            return makeError(ErrorCategory::Io, m_name + ": cannot start inflating");
        std::vector<std::byte> out(std::min<std::size_t>(limit, std::max<std::size_t>(in.size() * 4, 4096)));
        z.next_in = reinterpret_cast<Bytef *>(const_cast<std::byte *>(in.data()));
        z.avail_in = static_cast<uInt>(in.size());
        std::size_t done = 0;
        int status = Z_OK;
        while (true) {
            if (done == out.size()) {
                if (out.size() >= limit) {
                    // Full: the stream must end here.
                    std::byte probe;
                    z.next_out = reinterpret_cast<Bytef *>(&probe);
                    z.avail_out = 1;
                    status = inflate(&z, Z_FINISH);
                    if (status == Z_STREAM_END && z.avail_out == 1)
                        break;
                    inflateEnd(&z);
                    if (status == Z_STREAM_END || status == Z_OK || status == Z_BUF_ERROR)
                        return tooLarge(m_name, limit);
                    return makeError(ErrorCategory::Io, m_name + ": " + (z.msg ? z.msg : "corrupt data"));
                }
                out.resize(std::min(limit, out.size() * 2));
            }
            z.next_out = reinterpret_cast<Bytef *>(out.data() + done);
            z.avail_out = static_cast<uInt>(out.size() - done);
            status = inflate(&z, Z_NO_FLUSH);
            done = out.size() - z.avail_out;
            if (status == Z_STREAM_END)
                break;
            if (status != Z_OK && !(status == Z_BUF_ERROR && z.avail_out == 0)) {
                const std::string message = z.msg ? z.msg : (status == Z_BUF_ERROR ? "the data is truncated" : "corrupt data");
                inflateEnd(&z);
                return makeError(ErrorCategory::Io, m_name + ": " + message);
            }
        }
        inflateEnd(&z);
        out.resize(done);
        return out;
    }

private:
    std::string m_name;
    bool m_gzip;
    nlohmann::json m_config;
};

class ZstdCodec : public BytesCodec
{
public:
    explicit ZstdCodec(nlohmann::json config) : m_config(std::move(config)) {}
    nlohmann::json describe() const override
    {
        nlohmann::json d = m_config;
        d["name"] = "zstd";
        return d;
    }
    Result<std::vector<std::byte>> decode(std::span<const std::byte> in,
                                          std::size_t limit) const override
    {
        const unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
        if (size == ZSTD_CONTENTSIZE_ERROR)
            return makeError(ErrorCategory::Io, "zstd: not a zstd frame");
        if (size != ZSTD_CONTENTSIZE_UNKNOWN) {
            if (size > limit)
                return tooLarge("zstd", limit);
            std::vector<std::byte> out(size);
            const std::size_t got = ZSTD_decompress(out.data(), out.size(), in.data(), in.size());
            if (ZSTD_isError(got))
                return makeError(ErrorCategory::Io, std::string("zstd: ") + ZSTD_getErrorName(got));
            out.resize(got);
            return out;
        }
        // No size in the header (a streamed frame): decode into at most `limit` bytes.
        std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
        std::vector<std::byte> out(limit);
        ZSTD_inBuffer input{in.data(), in.size(), 0};
        ZSTD_outBuffer output{out.data(), out.size(), 0};
        while (true) {
            const std::size_t status = ZSTD_decompressStream(ctx.get(), &output, &input);
            if (ZSTD_isError(status))
                return makeError(ErrorCategory::Io, std::string("zstd: ") + ZSTD_getErrorName(status));
            if (status == 0 && input.pos == input.size)
                break;
            if (output.pos == output.size)
                return tooLarge("zstd", limit);
            if (input.pos == input.size)
                return makeError(ErrorCategory::Io, "zstd: the data is truncated");
        }
        out.resize(output.pos);
        return out;
    }

    Result<bool> decodeInto(std::span<const std::byte> in, std::span<std::byte> out) const override
    {
        const unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
        if (size != out.size())
            return false;
        // One decompression context per thread, reused: creating one costs more than a chunk.
        thread_local std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
        const std::size_t got = ZSTD_decompressDCtx(ctx.get(), out.data(), out.size(), in.data(), in.size());
        if (ZSTD_isError(got))
            return makeError(ErrorCategory::Io, std::string("zstd: ") + ZSTD_getErrorName(got));
        if (got != out.size())
            return makeError(ErrorCategory::Io, "zstd: the data is truncated");
        return true;
    }

private:
    nlohmann::json m_config;
};

class BloscCodec : public BytesCodec
{
public:
    explicit BloscCodec(nlohmann::json config) : m_config(std::move(config)) {}
    nlohmann::json describe() const override
    {
        nlohmann::json d = m_config;
        d["name"] = "blosc";
        return d;
    }
    Result<std::vector<std::byte>> decode(std::span<const std::byte> in,
                                          std::size_t limit) const override
    {
        std::size_t nbytes = 0;
        if (in.size() < BLOSC_MIN_HEADER_LENGTH ||
            blosc_cbuffer_validate(in.data(), in.size(), &nbytes) < 0)
            return makeError(ErrorCategory::Io, "blosc: not a valid blosc buffer");
        if (nbytes > limit)
            return tooLarge("blosc", limit);
        std::vector<std::byte> out(nbytes);
        // The _ctx form keeps no global state, so chunks decode on several threads at once.
        const int got = blosc_decompress_ctx(in.data(), out.data(), out.size(), 1);
        if (got < 0 || static_cast<std::size_t>(got) != nbytes)
            return makeError(ErrorCategory::Io, "blosc: corrupt data (error " + std::to_string(got) + ")");
        return out;
    }
    Result<bool> decodeInto(std::span<const std::byte> in, std::span<std::byte> out) const override
    {
        std::size_t nbytes = 0;
        if (in.size() < BLOSC_MIN_HEADER_LENGTH || blosc_cbuffer_validate(in.data(), in.size(), &nbytes) < 0 ||
            nbytes != out.size())
            return false;
        const int got = blosc_decompress_ctx(in.data(), out.data(), out.size(), 1);
        if (got < 0 || static_cast<std::size_t>(got) != nbytes)
            return makeError(ErrorCategory::Io, "blosc: corrupt data (error " + std::to_string(got) + ")");
        return true;
    }

private:
    nlohmann::json m_config;
};

// Zarr v3 crc32c: the data followed by its CRC-32C, little endian.
class Crc32cCodec : public BytesCodec
{
public:
    nlohmann::json describe() const override { return {{"name", "crc32c"}}; }
    Result<std::vector<std::byte>> decode(std::span<const std::byte> in, std::size_t) const override
    {
        if (in.size() < 4)
            return makeError(ErrorCategory::Io, "crc32c: fewer than 4 bytes");
        const auto data = in.first(in.size() - 4);
        std::uint32_t stored = 0;
        for (int i = 3; i >= 0; --i)
            stored = stored << 8 | static_cast<std::uint32_t>(in[data.size() + std::size_t(i)]);
        const std::uint32_t actual = crc32c(data);
        if (stored != actual) {
            char text[96];
            std::snprintf(text, sizeof text, "crc32c: checksum 0x%08x does not match the data's 0x%08x",
                          stored, actual);
            return makeError(ErrorCategory::Io, text);
        }
        return std::vector<std::byte>(data.begin(), data.end());
    }
};

nlohmann::json withoutId(nlohmann::json config)
{
    if (config.is_object())
        config.erase("id");
    return config.is_object() ? config : nlohmann::json::object();
}

} // namespace

Result<std::unique_ptr<BytesCodec>> makeNumcodecsCodec(const nlohmann::json &config)
{
    if (!config.is_object() || !config.contains("id") || !config["id"].is_string())
        return makeError(ErrorCategory::Syntax, "zarr: a compressor must be an object with an 'id'");
    const std::string id = config["id"];
    if (id == "zlib")
        return std::unique_ptr<BytesCodec>(std::make_unique<InflateCodec>("zlib", false, withoutId(config)));
    if (id == "gzip")
        return std::unique_ptr<BytesCodec>(std::make_unique<InflateCodec>("gzip", true, withoutId(config)));
    if (id == "zstd")
        return std::unique_ptr<BytesCodec>(std::make_unique<ZstdCodec>(withoutId(config)));
    if (id == "blosc")
        return std::unique_ptr<BytesCodec>(std::make_unique<BloscCodec>(withoutId(config)));
    return makeError(ErrorCategory::Value, "zarr: compressor '" + id +
                                               "' is not supported (zlib, gzip, zstd, blosc are)");
}

Result<std::unique_ptr<BytesCodec>> makeV3BytesCodec(const std::string &name,
                                                     const nlohmann::json &configuration)
{
    const nlohmann::json config = configuration.is_object() ? configuration : nlohmann::json::object();
    if (name == "gzip")
        return std::unique_ptr<BytesCodec>(std::make_unique<InflateCodec>("gzip", true, config));
    if (name == "zstd")
        return std::unique_ptr<BytesCodec>(std::make_unique<ZstdCodec>(config));
    if (name == "blosc")
        return std::unique_ptr<BytesCodec>(std::make_unique<BloscCodec>(config));
    if (name == "crc32c")
        return std::unique_ptr<BytesCodec>(std::make_unique<Crc32cCodec>());
    return makeError(ErrorCategory::Value, "zarr: codec '" + name + "' is not supported");
}

Result<std::vector<std::byte>> decodeChain(const std::vector<std::unique_ptr<BytesCodec>> &codecs,
                                           std::vector<std::byte> stored, std::size_t limit)
{
    for (auto it = codecs.rbegin(); it != codecs.rend(); ++it) {
        auto decoded = (*it)->decode(stored, limit);
        if (!decoded)
            return decoded.error();
        stored = std::move(*decoded);
    }
    return stored;
}

} // namespace bufferscope
