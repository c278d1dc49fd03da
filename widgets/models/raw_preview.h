// SPDX-License-Identifier: GPL-3.0-or-later
// What the "Open raw" dialog shows while the user types: the options parsed from its fields,
// the JSON descriptor of the buffer they would open, or the error and the field it belongs to.
#pragma once

#include "exporters/raw/raw_options.h"

#include <QString>

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

// Parses the texts (parseRawOptions) and maps the file read-only for a moment to describe
// it (RawFileExporter::open + viewDescriptor), so size and permission problems show too.
RawPreview previewRaw(const QString &path, const QString &format, const QString &shape,
                      const QString &offset, const QString &order, bool copyOnWrite);

} // namespace bufferscope
