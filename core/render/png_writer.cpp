// SPDX-License-Identifier: GPL-3.0-or-later
// PngWriter on libpng: png_write_row for each row as it comes (libpng filters it, choosing
// among all five filter types per row, and deflates it), the bytes handed to the sink through
// png_set_write_fn. libpng reports errors by longjmp, so every call into it sits in a small
// function holding no C++ object that a jump would skip the destructor of.
#include "render/png_writer.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <string>

namespace bufferscope::render {

struct PngWriter::Png
{
    png_structp png = nullptr;
    png_infop info = nullptr;
    Sink sink;
    bool sinkFailed = false;
    char message[256] = {}; // libpng's error text (a fixed buffer: set inside its callback)

    ~Png() { png_destroy_write_struct(&png, &info); }
};

namespace {

Error failure(const std::string &what)
{
    return makeError(ErrorCategory::Io, "png: " + what);
}

void onError(png_structp png, png_const_charp message)
{
    auto *state = static_cast<PngWriter::Png *>(png_get_error_ptr(png));
    std::snprintf(state->message, sizeof state->message, "%s", message ? message : "error");
    png_longjmp(png, 1);
}

void onWarning(png_structp, png_const_charp) {}

void onWrite(png_structp png, png_bytep data, png_size_t size)
{
    auto *state = static_cast<PngWriter::Png *>(png_get_io_ptr(png));
    if (!state->sink(std::as_bytes(std::span(data, size)))) {
        state->sinkFailed = true;
        png_error(png, "cannot write the file");
    }
}

void onFlush(png_structp) {}

// The calls into libpng; false when it jumped back with an error.
bool startImage(PngWriter::Png &state, std::uint32_t width, std::uint32_t height, int channels)
{
    if (setjmp(png_jmpbuf(state.png)))
        return false;
    png_set_write_fn(state.png, &state, onWrite, onFlush);
    png_set_IHDR(state.png, state.info, width, height, 8,
                 channels == 4 ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(state.png, state.info);
    return true;
}

bool writeOneRow(PngWriter::Png &state, const std::uint8_t *row, bool last)
{
    if (setjmp(png_jmpbuf(state.png)))
        return false;
    png_write_row(state.png, row);
    if (last)
        png_write_end(state.png, nullptr);
    return true;
}

} // namespace

PngWriter::PngWriter(std::uint32_t width, std::uint32_t height, int channels, Sink sink)
    : m_width(width), m_height(height), m_channels(channels), m_png(std::make_unique<Png>())
{
    m_png->sink = std::move(sink);
    m_png->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, m_png.get(), onError, onWarning);
    if (m_png->png)
        m_png->info = png_create_info_struct(m_png->png);
    m_failed = !m_png->info || !startImage(*m_png, width, height, channels);
}

PngWriter::~PngWriter() = default;

Status PngWriter::writeRow(std::span<const std::uint8_t> row)
{
    if (m_failed)
        return failure(m_png->sinkFailed || !m_png->message[0] ? "cannot write the file"
                                                               : m_png->message);
    if (m_rows >= m_height)
        return failure("all " + std::to_string(m_height) + " rows are written");
    const std::size_t rowBytes = std::size_t{m_width} * static_cast<std::size_t>(m_channels);
    if (row.size() != rowBytes)
        return failure("row " + std::to_string(m_rows) + " has " + std::to_string(row.size()) +
                       " bytes, expected " + std::to_string(rowBytes));
    ++m_rows;
    if (!writeOneRow(*m_png, row.data(), m_rows == m_height)) {
        m_failed = true;
        return failure(m_png->sinkFailed ? "cannot write the file" : m_png->message);
    }
    return {};
}

} // namespace bufferscope::render
