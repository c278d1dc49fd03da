// SPDX-License-Identifier: GPL-3.0-or-later
// PngWriter against libpng (through Qt's PNG reader, which checks every chunk's CRC and the
// zlib stream): random RGB and RGBA pictures of odd sizes, smooth and noisy rows (so every
// filter type wins somewhere), decode to exactly the pixels written; the refusals' texts.
#include "render/png_writer.h"

#include <QImage>
#include <QTest>

#include <random>
#include <vector>

using namespace bufferscope;
using render::PngWriter;

class PngWriterTest : public QObject
{
    Q_OBJECT

private slots:
    void libpngReadsWhatWeWrite()
    {
        const unsigned seed = std::random_device{}();
        qInfo("png seed %u", seed);
        std::mt19937 rng(seed);
        const QList<QSize> sizes = {{1, 1}, {5, 3}, {257, 33}, {64, 1}, {1, 70}, {1000, 300}};
        int checked = 0;
        for (const QSize size : sizes)
            for (const int channels : {3, 4}) {
                const auto width = static_cast<std::uint32_t>(size.width());
                const auto height = static_cast<std::uint32_t>(size.height());
                std::vector<std::uint8_t> pixels(std::size_t{width} * height * channels);
                for (std::size_t i = 0; i < pixels.size(); ++i) {
                    const std::size_t y = i / (width * channels);
                    // Smooth bands, flat runs and noise: each favours another filter.
                    pixels[i] = y % 3 == 0   ? static_cast<std::uint8_t>(i / channels)
                                : y % 3 == 1 ? static_cast<std::uint8_t>(y * 7)
                                             : static_cast<std::uint8_t>(rng());
                }
                QByteArray file;
                PngWriter writer(width, height, channels, [&file](std::span<const std::byte> b) {
                    file.append(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
                    return true;
                });
                const std::size_t rowBytes = std::size_t{width} * channels;
                for (std::uint32_t y = 0; y < height; ++y)
                    QVERIFY(
                        writer.writeRow(std::span(pixels).subspan(y * rowBytes, rowBytes)).ok());
                QCOMPARE(writer.rowsWritten(), height);
                const QString where = QStringLiteral("%1x%2x%3 (seed %4)")
                                          .arg(width)
                                          .arg(height)
                                          .arg(channels)
                                          .arg(seed);
                QImage image;
                QVERIFY2(image.loadFromData(file, "PNG"), qPrintable(where));
                QCOMPARE(image.size(), size);
                QCOMPARE(image.hasAlphaChannel(), channels == 4);
                for (std::uint32_t y = 0; y < height; ++y)
                    for (std::uint32_t x = 0; x < width; ++x) {
                        const std::uint8_t *p = &pixels[y * rowBytes + x * channels];
                        const QRgb want =
                            channels == 4 ? qRgba(p[0], p[1], p[2], p[3]) : qRgb(p[0], p[1], p[2]);
                        if (image.pixel(int(x), int(y)) != want)
                            QFAIL(
                                qPrintable(where + QStringLiteral(": pixel %1, %2").arg(x).arg(y)));
                    }
                ++checked;
            }
        qInfo("%d pictures decoded by libpng to the pixels written", checked);
    }

    void refusals()
    {
        int calls = 0;
        PngWriter writer(4, 2, 4, [&calls](std::span<const std::byte>) { return ++calls < 100; });
        std::vector<std::uint8_t> row(16), shortRow(12);
        QCOMPARE(writer.writeRow(shortRow).error().message,
                 std::string("png: row 0 has 12 bytes, expected 16"));
        QVERIFY(writer.writeRow(row).ok());
        QVERIFY(writer.writeRow(row).ok());
        QCOMPARE(writer.writeRow(row).error().message, std::string("png: all 2 rows are written"));

        PngWriter full(4, 2, 3, [](std::span<const std::byte>) { return false; });
        QCOMPARE(full.writeRow(std::vector<std::uint8_t>(12)).error().message,
                 std::string("png: cannot write the file"));
    }
};

QTEST_MAIN(PngWriterTest)
#include "png_writer_test.moc"
