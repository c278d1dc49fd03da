// SPDX-License-Identifier: GPL-3.0-or-later
// Decodes an image file with QImageReader into 8-bit rows and lays them out PIL-style
// (see image_exporter.h for the layout and the channel rule).
#include "image/image_exporter.h"

#include <QColor>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QString>

#include <cstring>
#include <limits>

namespace bufferscope {

namespace {

Error readError(const std::string &path, const std::string &reason)
{
    return makeError(ErrorCategory::Io, "image: cannot read '" + path + "': " + reason);
}

// A palette (or 1-bit) image counts as gray when every palette entry is an opaque gray.
bool paletteIsGray(const QImage &image)
{
    const auto table = image.colorTable();
    if (table.isEmpty())
        return false;
    for (QRgb colour : table) {
        if (!qIsGray(colour) || qAlpha(colour) != 255)
            return false;
    }
    return true;
}

// The channel count follows the decoded format, never the pixel values: QImage::isGrayscale()
// would call an RGB photo that happens to be all gray "grayscale", and the shape of a file's
// export must not depend on its content.
int channelsFor(const QImage &image)
{
    switch (image.format()) {
    case QImage::Format_Grayscale8:
    case QImage::Format_Grayscale16:
        return 1;
    case QImage::Format_Mono:
    case QImage::Format_MonoLSB:
    case QImage::Format_Indexed8:
        if (paletteIsGray(image))
            return 1;
        break;
    default:
        break;
    }
    return image.hasAlphaChannel() ? 4 : 3;
}

QImage::Format formatFor(int channels)
{
    switch (channels) {
    case 1:
        return QImage::Format_Grayscale8;
    case 4:
        return QImage::Format_RGBA8888;
    default:
        return QImage::Format_RGB888;
    }
}

} // namespace

Result<std::unique_ptr<ImageExporter>> ImageExporter::open(const std::string &path)
{
    const QString fileName = QString::fromStdString(path);
    // QImageReader reports a directory as "File not found"; say what it really is.
    if (QFileInfo(fileName).isDir())
        return readError(path, "Is a directory");

    QImageReader reader(fileName);
    QImage decoded = reader.read();
    if (decoded.isNull())
        return readError(path, reader.errorString().toStdString());

    const int channels = channelsFor(decoded);
    QImage image = std::move(decoded).convertToFormat(formatFor(channels));
    if (image.isNull())
        return makeError(ErrorCategory::Limit,
                         "image: cannot convert '" + path + "' to 8-bit pixels");

    // Scan lines are padded to 4 bytes, so each row is copied on its own, straight from the
    // decoded image (no intermediate copy of the whole picture).
    return assemble(image.height(), image.width(), channels, path, [&image](std::int64_t y) {
        return reinterpret_cast<const std::byte *>(image.constScanLine(static_cast<int>(y)));
    });
}

Result<std::unique_ptr<ImageExporter>> ImageExporter::fromPixels(std::int64_t height,
                                                                 std::int64_t width, int channels,
                                                                 std::span<const std::byte> pixels,
                                                                 std::string path)
{
    // Every refusal comes before anything is allocated.
    if (channels != 1 && channels != 3 && channels != 4) {
        return makeError(ErrorCategory::Value,
                         "image: channels must be 1, 3 or 4, not " + std::to_string(channels));
    }
    if (height < 1 || width < 1) {
        return makeError(ErrorCategory::Value, "image: size " + std::to_string(height) + "x" +
                                                   std::to_string(width) + " must be at least 1x1");
    }
    constexpr std::int64_t maxBytes = std::numeric_limits<std::int64_t>::max();
    if (width > maxBytes / channels || height > maxBytes / (width * channels))
        return makeError(ErrorCategory::Limit, "image: size overflows a byte count");
    const std::int64_t rowBytes = width * channels;
    const std::int64_t len = height * rowBytes;
    if (static_cast<std::uint64_t>(len) != pixels.size()) {
        return makeError(ErrorCategory::Structure, "image: " + std::to_string(pixels.size()) +
                                                       " pixel bytes given, " +
                                                       std::to_string(len) + " needed");
    }

    const auto *bytes = pixels.data();
    return assemble(height, width, channels, std::move(path),
                    [bytes, rowBytes](std::int64_t y) { return bytes + y * rowBytes; });
}

// Preconditions (checked by the callers): channels 1, 3 or 4; height, width >= 1; the byte
// count fits in 64 bits; row(y) points at width*channels readable bytes.
std::unique_ptr<ImageExporter>
ImageExporter::assemble(std::int64_t height, std::int64_t width, int channels, std::string path,
                        const std::function<const std::byte *(std::int64_t y)> &row)
{
    const std::int64_t rowBytes = width * channels;
    auto exporter = std::make_unique<ImageExporter>(PrivateTag{});
    exporter->m_path = std::move(path);
    exporter->m_height = height;
    exporter->m_width = width;
    exporter->m_channels = channels;
    exporter->m_rows.reserve(static_cast<std::size_t>(height));
    exporter->m_rowPointers.reserve(static_cast<std::size_t>(height));
    for (std::int64_t y = 0; y < height; ++y) {
        auto copy = std::make_unique_for_overwrite<std::byte[]>(static_cast<std::size_t>(rowBytes));
        std::memcpy(copy.get(), row(y), static_cast<std::size_t>(rowBytes));
        exporter->m_rowPointers.push_back(copy.get());
        exporter->m_rows.push_back(std::move(copy));
    }

    Descriptor &d = exporter->m_descriptor;
    d.buf = reinterpret_cast<std::byte *>(exporter->m_rowPointers.data());
    d.len = height * rowBytes;
    d.itemsize = 1;
    d.readonly = true;
    d.format = "B";
    d.shape = {height, width, channels};
    d.strides = {static_cast<ByteOffset>(sizeof(std::byte *)), channels, 1};
    d.suboffsets = {0, -1, -1};
    return exporter;
}

SourceInfo ImageExporter::source() const
{
    return SourceInfo{"image", m_path, nlohmann::json{{"channels", m_channels}}};
}

std::span<std::byte> ImageExporter::data() const
{
    return std::as_writable_bytes(std::span<std::byte *>(m_rowPointers));
}

std::vector<std::span<const std::byte>> ImageExporter::allocations() const
{
    std::vector<std::span<const std::byte>> result;
    if (isClosed())
        return result;
    result.reserve(m_rows.size() + 1);
    result.push_back(std::as_bytes(std::span<std::byte *const>(m_rowPointers)));
    const auto rowBytes = static_cast<std::size_t>(m_width * m_channels);
    for (const auto &row : m_rows)
        result.emplace_back(row.get(), rowBytes);
    return result;
}

void ImageExporter::freeData()
{
    m_rowPointers.clear();
    m_rowPointers.shrink_to_fit();
    m_rows.clear();
    describeClosed(m_descriptor);
}

} // namespace bufferscope
