// SPDX-License-Identifier: GPL-3.0-or-later
// Test images for the image exporter tests: pixels drawn from a seeded generator first, then
// a QImage built from them and saved in a given file format. The drawn pixels are the
// expectation, so a test never derives them from the exporter's own decoding.
#pragma once

#include <QByteArray>
#include <QColor>
#include <QImage>
#include <QImageWriter>
#include <QString>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace bufferscope::testing {

enum class PixelKind {
    Gray,    // Grayscale8
    Rgb,     // RGB888
    Rgba,    // RGBA8888 (not premultiplied)
    Gray16,  // Grayscale16 holding v * 257, so its exact 8-bit value is v
    Rgba16,  // RGBA64 (not premultiplied) holding v * 257 per channel
    Mono,    // 1 bit per pixel, palette black/white
    Palette, // Indexed8 with four non-gray colours
    Smooth,  // RGB888 gentle gradient, for lossy JPEG
    SmoothGray,
};

struct Sample
{
    QImage image;
    int channels = 0;             // what the exporter must report
    std::vector<std::byte> bytes; // the (H, W, C) pixels, row-major
};

inline Sample makeSample(PixelKind kind, int width, int height, std::uint32_t seed)
{
    std::mt19937 random(seed);
    auto byte = [&random] { return static_cast<std::uint8_t>(random() & 0xff); };
    Sample sample;
    auto push = [&sample](int value) { sample.bytes.push_back(static_cast<std::byte>(value)); };

    switch (kind) {
    case PixelKind::Gray:
    case PixelKind::Rgb:
    case PixelKind::Rgba:
    case PixelKind::Smooth:
    case PixelKind::SmoothGray: {
        const bool gray = kind == PixelKind::Gray || kind == PixelKind::SmoothGray;
        sample.channels = gray ? 1 : kind == PixelKind::Rgba ? 4 : 3;
        const auto format = gray                      ? QImage::Format_Grayscale8
                            : kind == PixelKind::Rgba ? QImage::Format_RGBA8888
                                                      : QImage::Format_RGB888;
        sample.image = QImage(width, height, format);
        const bool smooth = kind == PixelKind::Smooth || kind == PixelKind::SmoothGray;
        for (int y = 0; y < height; ++y) {
            auto *line = sample.image.scanLine(y);
            for (int x = 0; x < width; ++x) {
                for (int c = 0; c < sample.channels; ++c) {
                    const int value = smooth ? 40 + 4 * x + 6 * y + 30 * c : byte();
                    line[x * sample.channels + c] = static_cast<uchar>(value);
                    push(value);
                }
            }
        }
        break;
    }
    case PixelKind::Gray16: {
        sample.channels = 1;
        sample.image = QImage(width, height, QImage::Format_Grayscale16);
        for (int y = 0; y < height; ++y) {
            auto *line = reinterpret_cast<quint16 *>(sample.image.scanLine(y));
            for (int x = 0; x < width; ++x) {
                const int value = byte();
                line[x] = static_cast<quint16>(value * 257);
                push(value);
            }
        }
        break;
    }
    case PixelKind::Rgba16: {
        sample.channels = 4;
        sample.image = QImage(width, height, QImage::Format_RGBA64);
        for (int y = 0; y < height; ++y) {
            auto *line = reinterpret_cast<quint16 *>(sample.image.scanLine(y));
            for (int i = 0; i < width * 4; ++i) {
                const int value = byte();
                line[i] = static_cast<quint16>(value * 257);
                push(value);
            }
        }
        break;
    }
    case PixelKind::Mono: {
        sample.channels = 1;
        sample.image = QImage(width, height, QImage::Format_Mono);
        sample.image.setColor(0, qRgb(0, 0, 0));
        sample.image.setColor(1, qRgb(255, 255, 255));
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                const int bit = byte() & 1;
                sample.image.setPixel(x, y, static_cast<uint>(bit));
                push(bit ? 255 : 0);
            }
        }
        break;
    }
    case PixelKind::Palette: {
        sample.channels = 3;
        sample.image = QImage(width, height, QImage::Format_Indexed8);
        const QRgb colours[4] = {qRgb(200, 10, 30), qRgb(5, 180, 60), qRgb(20, 40, 220),
                                 qRgb(250, 250, 0)};
        sample.image.setColorCount(4);
        for (int i = 0; i < 4; ++i)
            sample.image.setColor(i, colours[i]);
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                const int index = byte() & 3;
                sample.image.setPixel(x, y, static_cast<uint>(index));
                push(qRed(colours[index]));
                push(qGreen(colours[index]));
                push(qBlue(colours[index]));
            }
        }
        break;
    }
    }
    return sample;
}

// Saves at the best quality the format offers (JPEG 100), so lossy checks stay tight.
inline bool saveSample(const Sample &sample, const QString &path, const QByteArray &format)
{
    QImageWriter writer(path, format);
    if (format == "jpeg" || format == "jpg")
        writer.setQuality(100);
    return writer.write(sample.image);
}

} // namespace bufferscope::testing
