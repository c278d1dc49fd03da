// SPDX-License-Identifier: GPL-3.0-or-later
// ImageExporter's cases for the exporter interface suite (compiled into
// test_exporter_interface, see tests/exporters/exporter_cases.h). The files are binary
// PPM/PGM written byte by byte here, so the expected pixels are the bytes written, with no
// image library between them and the expectation; RGBA comes in through fromPixels.
#include "case_files.h"
#include "exporter_cases.h"

#include "image/image_exporter.h"

namespace bufferscope::testing {
namespace {

struct NetpbmImage
{
    const char *file;
    const char *magic; // "P5" gray, "P6" RGB
    int width, height, channels;
    quint32 seed;
};

QByteArray pixelsOf(const NetpbmImage &image)
{
    return patternBytes(qsizetype(image.width) * image.height * image.channels, image.seed);
}

ExporterCase fileCase(NetpbmImage image)
{
    auto prepare = [image](const QString &dir) {
        const QByteArray header = QByteArray(image.magic) + '\n' + QByteArray::number(image.width) +
                                  ' ' + QByteArray::number(image.height) + "\n255\n";
        if (!writeFile(dir + '/' + QLatin1String(image.file), header + pixelsOf(image)))
            return QStringLiteral("cannot write %1").arg(QLatin1String(image.file));
        return QString();
    };
    auto make = [image](const QString &dir) {
        ExporterFixture fixture;
        fixture.what = QStringLiteral("image");
        auto opened = ImageExporter::open((dir + '/' + QLatin1String(image.file)).toStdString());
        if (!opened) {
            fixture.setupError = QString::fromStdString(opened.error().message);
            return fixture;
        }
        fixture.expectedCBytes = pixelsOf(image);
        fixture.exporter = std::move(*opened);
        return fixture;
    };
    return ExporterCase{QStringLiteral("image %1").arg(QLatin1String(image.file)), prepare, make};
}

ExporterCase pixelsCase(QString name, int height, int width, int channels, quint32 seed)
{
    return ExporterCase{std::move(name), {}, [=](const QString &) {
                            ExporterFixture fixture;
                            fixture.what = QStringLiteral("image");
                            fixture.expectedCBytes =
                                patternBytes(qsizetype(height) * width * channels, seed);
                            const auto *bytes = reinterpret_cast<const std::byte *>(
                                fixture.expectedCBytes.constData());
                            auto made = ImageExporter::fromPixels(
                                height, width, channels,
                                {bytes, std::size_t(fixture.expectedCBytes.size())}, "pixels");
                            if (!made) {
                                fixture.setupError = QString::fromStdString(made.error().message);
                                return fixture;
                            }
                            fixture.exporter = std::move(*made);
                            return fixture;
                        }};
}

const ExporterCaseRegistrar registrar({
    fileCase({"rgb_7x3.ppm", "P6", 7, 3, 3, 41}),
    fileCase({"gray_1x1.pgm", "P5", 1, 1, 1, 42}),
    fileCase({"gray_1x6.pgm", "P5", 1, 6, 1, 43}),
    pixelsCase(QStringLiteral("image rgba (2,5,4) from pixels"), 2, 5, 4, 44),
});

} // namespace
} // namespace bufferscope::testing
