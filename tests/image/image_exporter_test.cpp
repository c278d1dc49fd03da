// SPDX-License-Identifier: GPL-3.0-or-later
// The image exporter against files written by QImageWriter: decoded pixels, the PIL-style
// descriptor, addressing/copy/bounds on it, read errors, and the exporter interface rules.
#include "image/image_exporter.h"

#include "buffer/addressing.h"
#include "buffer/bounds.h"
#include "buffer/contiguity.h"
#include "buffer/copy.h"
#include "buffer/request.h"
#include "image_fixtures.h"

#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <cstdlib>

using namespace bufferscope;
using bufferscope::testing::PixelKind;

Q_DECLARE_METATYPE(bufferscope::testing::PixelKind)

namespace {

constexpr std::uint32_t kSeed = 20240611;

std::string toStd(const QString &text)
{
    return text.toStdString();
}

// The (H, W, C) pixels QImage itself decodes from a file, for lossy formats.
std::vector<std::byte> qtDecode(const QString &path, int channels)
{
    const auto format = channels == 1   ? QImage::Format_Grayscale8
                        : channels == 4 ? QImage::Format_RGBA8888
                                        : QImage::Format_RGB888;
    const QImage image = QImageReader(path).read().convertToFormat(format);
    std::vector<std::byte> bytes;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const std::byte *>(image.constScanLine(y));
        bytes.insert(bytes.end(), line, line + image.width() * channels);
    }
    return bytes;
}

} // namespace

class ImageExporterTest : public QObject
{
    Q_OBJECT

private slots:
    void openFile_data();
    void openFile();
    void readErrors_data();
    void readErrors();
    void fromPixelsRefusals();
    void exportsAndClose();
    void reopenFromSource();

private:
    QTemporaryDir m_dir;
};

void ImageExporterTest::openFile_data()
{
    QTest::addColumn<PixelKind>("kind");
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<bool>("lossless");

    struct Row
    {
        const char *name;
        PixelKind kind;
        const char *format;
        int width, height;
        bool lossless;
    };
    const Row rows[] = {
        {"png gray 7x3", PixelKind::Gray, "png", 7, 3, true},
        {"png gray 1x1", PixelKind::Gray, "png", 1, 1, true},
        {"png rgb 7x3", PixelKind::Rgb, "png", 7, 3, true},
        {"png rgb 1x5", PixelKind::Rgb, "png", 1, 5, true},
        {"png rgba 7x3", PixelKind::Rgba, "png", 7, 3, true},
        {"png rgba 7x1", PixelKind::Rgba, "png", 7, 1, true},
        {"png rgba 1x1", PixelKind::Rgba, "png", 1, 1, true},
        {"png palette 5x4", PixelKind::Palette, "png", 5, 4, true},
        {"png gray16 3x2", PixelKind::Gray16, "png", 3, 2, true},
        {"png rgba16 3x2", PixelKind::Rgba16, "png", 3, 2, true},
        {"png mono 9x2", PixelKind::Mono, "png", 9, 2, true},
        {"bmp gray 7x3", PixelKind::Gray, "bmp", 7, 3, true},
        {"bmp rgb 7x3", PixelKind::Rgb, "bmp", 7, 3, true},
        {"bmp rgb 1x1", PixelKind::Rgb, "bmp", 1, 1, true},
        {"bmp rgb 1x5", PixelKind::Rgb, "bmp", 1, 5, true},
        {"bmp palette 5x4", PixelKind::Palette, "bmp", 5, 4, true},
        {"ppm rgb 7x3", PixelKind::Rgb, "ppm", 7, 3, true},
        {"ppm rgb 1x1", PixelKind::Rgb, "ppm", 1, 1, true},
        {"pgm gray 7x3", PixelKind::Gray, "pgm", 7, 3, true},
        {"pgm gray 1x1", PixelKind::Gray, "pgm", 1, 1, true},
        {"pgm gray16 3x2", PixelKind::Gray16, "pgm", 3, 2, true},
        {"pbm mono 9x2", PixelKind::Mono, "pbm", 9, 2, true},
        {"jpeg rgb 7x3", PixelKind::Smooth, "jpeg", 7, 3, false},
        {"jpeg rgb 1x1", PixelKind::Smooth, "jpeg", 1, 1, false},
        {"jpeg gray 7x3", PixelKind::SmoothGray, "jpeg", 7, 3, false},
        {"jpeg gray 16x9", PixelKind::SmoothGray, "jpeg", 16, 9, false},
    };
    for (const Row &row : rows) {
        QTest::newRow(row.name) << row.kind << QByteArray(row.format) << row.width << row.height
                                << row.lossless;
    }
}

void ImageExporterTest::openFile()
{
    QFETCH(PixelKind, kind);
    QFETCH(QByteArray, format);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(bool, lossless);
    QVERIFY(m_dir.isValid());

    const auto sample = bufferscope::testing::makeSample(kind, width, height, kSeed);
    const QString path =
        m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()).replace(' ', '_') + '.' +
                       QString::fromLatin1(format));
    QVERIFY2(bufferscope::testing::saveSample(sample, path, format), qPrintable(path));

    auto opened = ImageExporter::open(toStd(path));
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    const ImageExporter &image = **opened;
    const Descriptor &d = image.descriptor();
    const std::int64_t c = sample.channels;
    const auto ptr = static_cast<ByteOffset>(sizeof(void *));

    // The PIL layout, field by field.
    QCOMPARE(image.channels(), sample.channels);
    QCOMPARE(d.shape, (std::vector<std::int64_t>{height, width, c}));
    QCOMPARE(d.strides, (std::vector<ByteOffset>{ptr, c, 1}));
    QCOMPARE(d.suboffsets, (std::vector<ByteOffset>{0, -1, -1}));
    QCOMPARE(d.format, std::string("B"));
    QCOMPARE(d.itemsize, ByteOffset(1));
    QCOMPARE(d.len, ByteOffset(height * width * c));
    QVERIFY(d.readonly);
    QCOMPARE(d.buf, image.data().data());
    QCOMPARE(image.data().size(), std::size_t(height) * sizeof(void *));
    QVERIFY(!isCContiguous(d));
    QVERIFY(!isFContiguous(d));

    const SourceInfo source = image.source();
    QCOMPARE(source.kind, std::string("image"));
    QCOMPARE(source.path, toStd(path));
    // QCOMPARE cannot take nlohmann::json (its conversions clash with QTest's overloads).
    QCOMPARE(source.options.dump(), nlohmann::json({{"channels", sample.channels}}).dump());

    // Every allocation is the pointer array or one row, and the bounds check accepts them.
    const auto allocations = image.allocations();
    QCOMPARE(allocations.size(), std::size_t(height) + 1);
    QCOMPARE(static_cast<const void *>(allocations[0].data()), static_cast<const void *>(d.buf));
    for (int y = 0; y < height; ++y)
        QCOMPARE(allocations[std::size_t(y) + 1].size(), std::size_t(width * c));
    QVERIFY(verifyBounds(d, allocations).ok());

    // The oracle: the pixels drawn before encoding (lossless), or QImage's own decode of the
    // same file (JPEG), which must also stay close to the drawn pixels.
    const std::vector<std::byte> expected = lossless ? sample.bytes : qtDecode(path, int(c));
    QCOMPARE(expected.size(), std::size_t(d.len));
    if (!lossless) {
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const int diff = std::abs(int(expected[i]) - int(sample.bytes[i]));
            QVERIFY2(diff <= 12, qPrintable(QStringLiteral("byte %1 off by %2").arg(i).arg(diff)));
        }
    }

    std::size_t i = 0;
    for (Index y = 0; y < height; ++y) {
        for (Index x = 0; x < width; ++x) {
            for (Index ch = 0; ch < c; ++ch, ++i) {
                const std::array<Index, 3> index{y, x, ch};
                const std::byte *element = elementPointer(d, index);
                QVERIFY2(*element == expected[i],
                         qPrintable(QStringLiteral("pixel (%1, %2, %3) seed %4")
                                        .arg(y)
                                        .arg(x)
                                        .arg(ch)
                                        .arg(kSeed)));
            }
        }
    }

    auto bytes = toBytes(d, Order::C);
    QVERIFY(bytes.ok());
    QVERIFY(*bytes == expected);

    // A consumer that does not ask for INDIRECT cannot see this buffer.
    auto refused = satisfyRequest(d, request::StridedRO);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().message,
             std::string("memoryview: underlying buffer requires suboffsets"));
    QVERIFY(satisfyRequest(d, request::FullRO).ok());
}

void ImageExporterTest::readErrors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content"); // written to the file unless "<missing>"/"<dir>"
    QTest::addColumn<QString>("reason");

    QByteArray png, ppm, bmp, jpeg;
    {
        const auto sample = bufferscope::testing::makeSample(PixelKind::Rgb, 7, 3, kSeed);
        for (auto [format, bytes] :
             {std::pair{"png", &png}, {"ppm", &ppm}, {"bmp", &bmp}, {"jpeg", &jpeg}}) {
            const QString path = m_dir.filePath(QStringLiteral("whole.") + format);
            QVERIFY(bufferscope::testing::saveSample(sample, path, format));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            *bytes = file.readAll();
        }
    }
    const QString unsupported = QStringLiteral("Unsupported image format");
    const QString unreadable = QStringLiteral("Unable to read image data");
    QTest::newRow("missing") << "missing.png" << QByteArray("<missing>") << "File not found";
    QTest::newRow("directory") << "adir.png" << QByteArray("<dir>") << "Is a directory";
    QTest::newRow("empty png") << "empty.png" << QByteArray() << unsupported;
    QTest::newRow("empty no suffix") << "empty" << QByteArray() << unsupported;
    QTest::newRow("text as png") << "text.png" << QByteArray("not an image at all") << unsupported;
    QTest::newRow("truncated png") << "short.png" << png.left(40) << unreadable;
    QTest::newRow("png header only") << "header.png" << png.left(8) << unreadable;
    QTest::newRow("truncated ppm") << "short.ppm" << ppm.left(20) << unreadable;
    QTest::newRow("truncated bmp") << "short.bmp" << bmp.left(20) << unreadable;
    QTest::newRow("truncated jpeg") << "short.jpeg" << jpeg.left(20) << unreadable;
    QTest::newRow("ppm huge size")
        << "huge.ppm" << QByteArray("P6\n100000 100000\n255\nabc") << unreadable;
    QTest::newRow("pgm zero size") << "zero.pgm" << QByteArray("P5\n0 0\n255\n") << unreadable;
}

void ImageExporterTest::readErrors()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);

    const QString path = m_dir.filePath(name);
    if (content == "<dir>") {
        QVERIFY(QDir(m_dir.path()).mkpath(name));
    } else if (content != "<missing>") {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(content), content.size());
    }

    auto opened = ImageExporter::open(toStd(path));
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().category, ErrorCategory::Io);
    QCOMPARE(opened.error().message, "image: cannot read '" + toStd(path) + "': " + toStd(reason));
}

void ImageExporterTest::fromPixelsRefusals()
{
    const std::vector<std::byte> six(6);
    auto two = ImageExporter::fromPixels(1, 3, 2, six);
    QVERIFY(!two.ok());
    QCOMPARE(two.error().message, std::string("image: channels must be 1, 3 or 4, not 2"));
    auto empty = ImageExporter::fromPixels(0, 3, 1, {});
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().message, std::string("image: size 0x3 must be at least 1x1"));
    auto mismatch = ImageExporter::fromPixels(2, 2, 1, six);
    QVERIFY(!mismatch.ok());
    QCOMPARE(mismatch.error().message, std::string("image: 6 pixel bytes given, 4 needed"));
    auto huge = ImageExporter::fromPixels(std::int64_t(1) << 40, std::int64_t(1) << 40, 4, six);
    QVERIFY(!huge.ok());
    QCOMPARE(huge.error().message, std::string("image: size overflows a byte count"));
    auto fine = ImageExporter::fromPixels(2, 1, 3, six, "mem");
    QVERIFY(fine.ok());
    QCOMPARE((*fine)->source().path, std::string("mem"));
}

// The exporter interface rules (exports, close, closed state), in case the shared interface
// suite does not cover this exporter.
void ImageExporterTest::exportsAndClose()
{
    const auto sample = bufferscope::testing::makeSample(PixelKind::Rgb, 7, 3, kSeed);
    auto made = ImageExporter::fromPixels(3, 7, 3, sample.bytes, "pixels");
    QVERIFY(made.ok());
    ImageExporter &image = **made;
    QCOMPARE(&image.rootExporter(), static_cast<const Exporter *>(&image));

    std::vector<int> seen;
    const int token = image.exportCount().subscribe([&seen](int n) { seen.push_back(n); });

    auto refused = image.getBuffer(request::StridedRO);
    QVERIFY(!refused.ok());
    QCOMPARE(image.exports(), 0);
    auto writable = image.getBuffer(request::Full);
    QVERIFY(!writable.ok());
    QCOMPARE(writable.error().message,
             std::string("memoryview: underlying buffer is not writable"));

    auto first = image.getBuffer(request::FullRO);
    QVERIFY(first.ok());
    QCOMPARE(first->descriptor.suboffsets, image.descriptor().suboffsets);
    QCOMPARE(image.exports(), 1);
    auto closing = image.close();
    QVERIFY(!closing.ok());
    QCOMPARE(closing.error().category, ErrorCategory::Export);
    QCOMPARE(closing.error().message, std::string("image has 1 exported buffer"));
    QVERIFY(image.getBuffer(request::FullRO).ok());
    QCOMPARE(image.close().error().message, std::string("image has 2 exported buffers"));
    QVERIFY(!image.isClosed());
    QCOMPARE(image.descriptor().shape[0], std::int64_t(3));

    image.releaseBuffer();
    image.releaseBuffer();
    QCOMPARE(seen, (std::vector<int>{1, 2, 1, 0}));
    image.exportCount().unsubscribe(token);

    QVERIFY(image.close().ok());
    QVERIFY(image.isClosed());
    QVERIFY(image.data().empty());
    QVERIFY(image.allocations().empty());
    QCOMPARE(image.descriptor().len, ByteOffset(0));
    QCOMPARE(image.descriptor().buf, nullptr);
    QVERIFY(verifyBounds(image.descriptor(), image.allocations()).ok());
    auto afterClose = image.getBuffer(request::FullRO);
    QVERIFY(!afterClose.ok());
    QCOMPARE(afterClose.error().message, std::string("image is closed"));
    QCOMPARE(image.exports(), 0);
    QVERIFY(image.close().ok()); // closing twice is harmless
}

void ImageExporterTest::reopenFromSource()
{
    const auto sample = bufferscope::testing::makeSample(PixelKind::Rgba, 5, 2, kSeed);
    const QString path = m_dir.filePath(QStringLiteral("again.png"));
    QVERIFY(bufferscope::testing::saveSample(sample, path, "png"));
    auto first = ImageExporter::open(toStd(path));
    QVERIFY(first.ok());
    auto second = ImageExporter::open((*first)->source().path);
    QVERIFY(second.ok());
    QCOMPARE((*second)->source().options.dump(), (*first)->source().options.dump());
    QCOMPARE((*second)->descriptor().shape, (*first)->descriptor().shape);
    // Two exporters never share rows.
    QVERIFY((*second)->data().data() != (*first)->data().data());
    QVERIFY(*toBytes((*second)->descriptor(), Order::C) == sample.bytes);
}

QTEST_GUILESS_MAIN(ImageExporterTest)
#include "image_exporter_test.moc"
