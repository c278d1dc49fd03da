// SPDX-License-Identifier: GPL-3.0-or-later
// previewRaw: the core parses and opens; this file only decides which field an error belongs to.
#include "models/raw_preview.h"

#include "descriptors/view_descriptor.h"
#include "exporters/raw/raw_file_exporter.h"
#include "format/numpy_typestr.h"
#include "format/parser.h"

#include <QFileInfo>
#include <QObject>

#include <cmath>

namespace bufferscope {

namespace {

// parseRawOptions names the field at the start of its message ("format: ...",
// "raw: shape entry 2 ...", "raw: offset must ...", "raw: order must ...").
RawPreview::Field fieldOf(const std::string &message)
{
    if (message.starts_with("format:"))
        return RawPreview::Field::Format;
    if (message.starts_with("raw: shape"))
        return RawPreview::Field::Shape;
    if (message.starts_with("raw: offset"))
        return RawPreview::Field::Offset;
    if (message.starts_with("raw: order"))
        return RawPreview::Field::Order;
    if (message.find("is too small") != std::string::npos)
        return RawPreview::Field::Shape; // the shape asks for more bytes than the file has
    return RawPreview::Field::File;
}

int charIndex(const std::string &utf8, std::size_t byte)
{
    return static_cast<int>(
        QString::fromUtf8(utf8.data(), static_cast<qsizetype>(std::min(byte, utf8.size()))).size());
}

} // namespace

RawFit rawFit(const QString &path, const QString &format, const QString &offset)
{
    RawFit fit;
    const QFileInfo file(path);
    if (!file.isFile() || !file.isReadable())
        return fit;
    fit.fileSize = file.size();
    auto type = formatFromTypeText(format.toStdString());
    auto options = type ? parseRawOptions(*type, "", offset.toStdString(), "")
                        : Result<RawOptions>(type.error());
    if (!options)
        return fit;
    auto layout = parseFormat(options->format);
    if (!layout || layout->itemsize() <= 0)
        return fit;
    fit.available = std::max<qint64>(0, fit.fileSize - options->offset);
    fit.itemsize = layout->itemsize();
    fit.items = fit.available / fit.itemsize;
    fit.leftover = fit.available % fit.itemsize;
    if (fit.items == 0)
        return fit;
    fit.shapes.push_back({fit.items});
    // Divisors from the square root down: the squarest two-axis shapes first.
    for (qint64 rows = static_cast<qint64>(std::sqrt(static_cast<double>(fit.items)));
         rows >= 2 && fit.shapes.size() < 4; --rows) {
        if (fit.items % rows == 0)
            fit.shapes.push_back({rows, fit.items / rows});
    }
    return fit;
}

QString RawFit::text() const
{
    if (fileSize < 0)
        return QObject::tr("The file cannot be read.");
    QString text = QObject::tr("File size %L1 bytes").arg(fileSize);
    if (itemsize <= 0)
        return text + QLatin1Char('.');
    text += QObject::tr("; after the header %L1 bytes: %L2 items of %3 bytes")
                .arg(available)
                .arg(items)
                .arg(itemsize);
    if (leftover)
        text += QObject::tr(" and %L1 bytes over").arg(leftover);
    return text + QLatin1Char('.');
}

RawPreview previewRaw(const QString &path, const QString &format, const QString &shape,
                      const QString &offset, const QString &order, bool copyOnWrite)
{
    RawPreview preview;
    const std::string texts[] = {format.toStdString(), shape.toStdString(), offset.toStdString(),
                                 order.toStdString()};
    // NumPy's '<f4' is read as the struct format '<f'; other texts pass unchanged, so
    // positions in the parser's errors still point into the typed text.
    auto type = formatFromTypeText(texts[0]);
    auto options = type ? parseRawOptions(*type, texts[1], texts[2], texts[3])
                        : Result<RawOptions>(type.error());
    if (!options) {
        preview.message = QString::fromStdString(options.error().message);
        preview.field = fieldOf(options.error().message);
        if (options.error().position) {
            const int which =
                static_cast<int>(preview.field) - static_cast<int>(RawPreview::Field::Format);
            if (which >= 0 && which < 4)
                preview.position = charIndex(texts[which], *options.error().position);
        }
        return preview;
    }
    options->copyOnWrite = copyOnWrite;
    preview.options = *options;
    auto exporter = RawFileExporter::open(path.toStdString(), *options);
    if (!exporter) {
        preview.message = QString::fromStdString(exporter.error().message);
        preview.field = fieldOf(exporter.error().message);
        return preview;
    }
    const nlohmann::json descriptor = viewDescriptor(**exporter);
    // One key per line, each value compact: shape and strides stay readable at a glance.
    std::string text = "{\n";
    for (auto it = descriptor.begin(); it != descriptor.end(); ++it)
        text += "  \"" + it.key() + "\": " + it.value().dump() +
                (std::next(it) == descriptor.end() ? "\n" : ",\n");
    preview.json = QString::fromStdString(text + "}");
    preview.summary = QStringLiteral("shape %1, strides %2, %3 bytes at offset %4")
                          .arg(QString::fromStdString(tupleText((*exporter)->descriptor().shape)),
                               QString::fromStdString(tupleText((*exporter)->descriptor().strides)))
                          .arg((*exporter)->descriptor().len)
                          .arg(options->offset);
    (void)(*exporter)->close();
    preview.ok = true;
    return preview;
}

} // namespace bufferscope
