// SPDX-License-Identifier: GPL-3.0-or-later
// previewRaw: the core parses and opens; this file only decides which field an error belongs to.
#include "models/raw_preview.h"

#include "descriptors/view_descriptor.h"
#include "exporters/raw/raw_file_exporter.h"
#include "format/numpy_typestr.h"

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
