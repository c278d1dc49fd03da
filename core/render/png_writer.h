// SPDX-License-Identifier: GPL-3.0-or-later
// A PNG file written row by row (8-bit RGB or RGBA, by libpng), so that whoever writes a
// large picture can say how far it is: QImage::save gives no progress, and for a
// full-resolution export encoding takes most of the time. The bytes go to a sink (a file,
// a buffer); libpng filters (adaptively, per row) and deflates each row as it comes.
#pragma once

#include "common/result.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>

namespace bufferscope::render {

class PngWriter
{
public:
    // Takes `bytes` or returns false when they could not be written.
    using Sink = std::function<bool(std::span<const std::byte> bytes)>;

    // channels is 3 (RGB) or 4 (RGBA); width and height at least 1. Writes the signature
    // and the header at once.
    PngWriter(std::uint32_t width, std::uint32_t height, int channels, Sink sink);
    ~PngWriter();
    PngWriter(const PngWriter &) = delete;
    PngWriter &operator=(const PngWriter &) = delete;

    // One row of width * channels bytes, top to bottom; after the last row the file ends
    // (IEND). Errors: "png: cannot write the file", "png: row 3 has 12 bytes, expected 16",
    // "png: all 4 rows are written", and "png: " + libpng's own message.
    Status writeRow(std::span<const std::uint8_t> row);
    std::uint32_t rowsWritten() const { return m_rows; }

    // libpng's state and the sink (png_writer.cpp); public so libpng's callbacks can name it.
    struct Png;

private:
    std::uint32_t m_width, m_height;
    int m_channels;
    std::unique_ptr<Png> m_png;
    std::uint32_t m_rows = 0;
    bool m_failed = false;
};

} // namespace bufferscope::render
