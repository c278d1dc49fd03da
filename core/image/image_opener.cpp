// SPDX-License-Identifier: GPL-3.0-or-later
#include "image/image_opener.h"

#include "exporters/open_source.h"
#include "image/image_exporter.h"

#include <QImageReader>
#include <QString>

namespace bufferscope {

void registerImageOpener()
{
    registerOpener(
        "image",
        [](const std::string &path) -> Result<std::unique_ptr<Exporter>> {
            auto image = ImageExporter::open(path);
            if (!image)
                return image.error();
            return std::unique_ptr<Exporter>(std::move(*image));
        },
        // QImageReader looks at the content (magic bytes), not only the file name.
        [](const std::string &path) { return QImageReader(QString::fromStdString(path)).canRead(); });
}

} // namespace bufferscope
