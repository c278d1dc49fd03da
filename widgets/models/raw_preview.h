// SPDX-License-Identifier: GPL-3.0-or-later
// What the "Open raw" dialog shows while the user types: the options parsed from its fields,
// the JSON descriptor of the buffer they would open, or the error and the field it belongs to.
#pragma once

#include "exporters/raw/raw_options.h"

#include <QString>

#include <vector>

namespace bufferscope {

struct RawPreview
{
    enum class Field { None, Format, Shape, Offset, Order, File };

    bool ok = false;
    Field field = Field::None; // where the error belongs
    QString message;           // the core's error text
    int position = -1;         // character in that field's text, -1 when none
    QString json;              // on success: viewDescriptor of the opened file, a key a line
    QString summary;           // on success: "shape (3, 4), strides (16, 4), 48 bytes at offset 8"
    RawOptions options;
};

// What the file's size allows: the bytes after the header, how many whole items of the
// typed format they hold, and shapes that use exactly those items: (n,) and the two-axis
// shapes closest to square, squarest first ("(24,)", "(4, 6)", "(3, 8)", "(2, 12)").
struct RawFit
{
    qint64 fileSize = -1; // -1: the file cannot be read
    qint64 available = 0; // bytes after the header offset
    qint64 itemsize = 0;  // 0: the format or offset does not parse yet
    qint64 items = 0;
    qint64 leftover = 0; // bytes after the last whole item
    std::vector<std::vector<std::int64_t>> shapes;
    QString text() const; // "48 bytes after a 0-byte header: 24 items of 2 bytes"
};
RawFit rawFit(const QString &path, const QString &format, const QString &offset);

// Parses the texts (parseRawOptions) and maps the file read-only for a moment to describe
// it (RawFileExporter::open + viewDescriptor), so size and permission problems show too.
RawPreview previewRaw(const QString &path, const QString &format, const QString &shape,
                      const QString &offset, const QString &order, bool copyOnWrite);

} // namespace bufferscope
