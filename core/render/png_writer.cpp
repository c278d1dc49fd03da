// SPDX-License-Identifier: GPL-3.0-or-later
// PngWriter: signature, IHDR, one deflate stream cut into IDAT chunks, IEND (PNG 1.2,
// sections 5 and 9). Filtered rows are deflated as they come; a chunk is written whenever
// the output buffer fills, so memory stays at one row and one buffer.
#include "render/png_writer.h"

#include <zlib.h>

#include <array>
#include <cstdlib>
#include <string>
#include <vector>

namespace bufferscope::render {

namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;

void putBigEndian(std::vector<std::byte> &out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::byte>((value >> shift) & 0xff));
}

Error failure(const std::string &what)
{
    return makeError(ErrorCategory::Io, "png: " + what);
}

int paeth(int a, int b, int c)
{
    const int p = a + b - c;
    const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
}

} // namespace

struct PngWriter::Deflate
{
    z_stream stream{};
    std::vector<std::uint8_t> out = std::vector<std::uint8_t>(kChunkBytes);
    std::vector<std::uint8_t> previous; // the row above, unfiltered (zeros for the first)
    std::array<std::vector<std::uint8_t>, 5> filtered; // 1 filter byte + the row, per type
    bool open = false;
    ~Deflate()
    {
        if (open)
            deflateEnd(&stream);
    }
};

PngWriter::PngWriter(std::uint32_t width, std::uint32_t height, int channels, Sink sink)
    : m_width(width), m_height(height), m_channels(channels), m_sink(std::move(sink)),
      m_deflate(std::make_unique<Deflate>())
{
    const std::size_t rowBytes = std::size_t{width} * static_cast<std::size_t>(channels);
    m_deflate->previous.assign(rowBytes, 0);
    for (auto &row : m_deflate->filtered)
        row.resize(rowBytes + 1);
    m_deflate->open = deflateInit(&m_deflate->stream, Z_DEFAULT_COMPRESSION) == Z_OK;
    m_failed = !m_deflate->open;
    static constexpr std::array<std::uint8_t, 8> signature = {0x89, 'P',  'N',  'G',
                                                              '\r', '\n', 0x1a, '\n'};
    if (!m_failed)
        m_failed = !put(std::as_bytes(std::span(signature))).ok();
    std::vector<std::byte> header;
    putBigEndian(header, width);
    putBigEndian(header, height);
    // bit depth 8; colour type 2 (RGB) or 6 (RGBA); deflate; adaptive filtering; no interlace
    for (int value : {8, channels == 4 ? 6 : 2, 0, 0, 0})
        header.push_back(static_cast<std::byte>(value));
    if (!m_failed)
        m_failed = !chunk("IHDR", header).ok();
}

PngWriter::~PngWriter() = default;

Status PngWriter::put(std::span<const std::byte> bytes)
{
    if (!m_sink(bytes)) {
        m_failed = true;
        return failure("cannot write the file");
    }
    return {};
}

Status PngWriter::chunk(const char type[4], std::span<const std::byte> data)
{
    std::vector<std::byte> head;
    putBigEndian(head, static_cast<std::uint32_t>(data.size()));
    for (int i = 0; i < 4; ++i)
        head.push_back(static_cast<std::byte>(type[i]));
    // The CRC covers the type and the data.
    uLong crc = crc32(0, reinterpret_cast<const Bytef *>(type), 4);
    if (!data.empty()) // crc32 with no buffer answers its initial value, not `crc`
        crc = crc32(crc, reinterpret_cast<const Bytef *>(data.data()),
                    static_cast<uInt>(data.size()));
    std::vector<std::byte> tail;
    putBigEndian(tail, static_cast<std::uint32_t>(crc));
    if (auto status = put(head); !status)
        return status;
    if (!data.empty())
        if (auto status = put(data); !status)
            return status;
    return put(tail);
}

Status PngWriter::flushIdat(bool last)
{
    z_stream &z = m_deflate->stream;
    for (;;) {
        const int result = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
        if (result == Z_STREAM_ERROR) {
            m_failed = true;
            return failure("deflate failed");
        }
        const bool ended = last && result == Z_STREAM_END;
        const std::size_t produced = kChunkBytes - z.avail_out;
        // A full buffer is a chunk; a part-full one waits for more rows, or the end.
        if (z.avail_out == 0 || (ended && produced > 0)) {
            const auto bytes = std::as_bytes(std::span(m_deflate->out.data(), produced));
            if (auto status = chunk("IDAT", bytes); !status)
                return status;
            z.next_out = m_deflate->out.data();
            z.avail_out = static_cast<uInt>(kChunkBytes);
        }
        if (ended || (!last && z.avail_in == 0 && z.avail_out != 0))
            return {};
    }
}

Status PngWriter::writeRow(std::span<const std::uint8_t> row)
{
    if (m_failed)
        return failure("cannot write the file");
    if (m_rows >= m_height)
        return failure("all " + std::to_string(m_height) + " rows are written");
    const std::size_t rowBytes = m_deflate->previous.size();
    if (row.size() != rowBytes)
        return failure("row " + std::to_string(m_rows) + " has " + std::to_string(row.size()) +
                       " bytes, expected " + std::to_string(rowBytes));
    // Every filter type; the one whose bytes, read as signed, sum smallest in magnitude wins.
    const auto &above = m_deflate->previous;
    const auto bpp = static_cast<std::size_t>(m_channels);
    std::size_t best = 0;
    long bestSum = -1;
    for (std::size_t type = 0; type < 5; ++type) {
        auto &out = m_deflate->filtered[type];
        out[0] = static_cast<std::uint8_t>(type);
        long sum = 0;
        for (std::size_t i = 0; i < rowBytes; ++i) {
            const int a = i >= bpp ? row[i - bpp] : 0; // left
            const int b = above[i];                    // up
            const int c = i >= bpp ? above[i - bpp] : 0;
            const int predictor = type == 0   ? 0
                                  : type == 1 ? a
                                  : type == 2 ? b
                                  : type == 3 ? (a + b) / 2
                                              : paeth(a, b, c);
            const auto value = static_cast<std::uint8_t>(row[i] - predictor);
            out[i + 1] = value;
            sum += value < 128 ? value : 256 - value;
        }
        if (bestSum < 0 || sum < bestSum) {
            bestSum = sum;
            best = type;
        }
    }
    z_stream &z = m_deflate->stream;
    if (m_rows == 0) {
        z.next_out = m_deflate->out.data();
        z.avail_out = static_cast<uInt>(kChunkBytes);
    }
    z.next_in = m_deflate->filtered[best].data();
    z.avail_in = static_cast<uInt>(rowBytes + 1);
    m_deflate->previous.assign(row.begin(), row.end());
    ++m_rows;
    const bool last = m_rows == m_height;
    if (auto status = flushIdat(last); !status)
        return status;
    if (last)
        return chunk("IEND", {});
    return {};
}

} // namespace bufferscope::render
