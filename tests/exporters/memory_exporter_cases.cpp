// SPDX-License-Identifier: GPL-3.0-or-later
// MemoryExporter's cases for the interface suite: the logical bytes are the bytes written in.
#include "case_files.h"
#include "exporter_cases.h"

#include "exporters/memory/memory_exporter.h"

#include <cstring>

namespace bufferscope::testing {
namespace {

ExporterCase memoryCase(QString name, std::string format, std::vector<std::int64_t> shape,
                        bool readonly, quint32 seed)
{
    return ExporterCase{
        std::move(name), {}, [=](const QString &) {
            ExporterFixture fixture;
            fixture.what = QStringLiteral("memory buffer");
            auto exporter = MemoryExporter::create(format, shape);
            if (!exporter) {
                fixture.setupError = QString::fromStdString(exporter.error().message);
                return fixture;
            }
            auto bytes = (*exporter)->data();
            fixture.expectedCBytes = patternBytes(static_cast<qsizetype>(bytes.size()), seed);
            if (!bytes.empty())
                std::memcpy(bytes.data(), fixture.expectedCBytes.constData(), bytes.size());
            (*exporter)->setReadonly(readonly);
            fixture.exporter = std::move(*exporter);
            return fixture;
        }};
}

const ExporterCaseRegistrar registrar({
    memoryCase(QStringLiteral("memory f (3,4)"), "f", {3, 4}, false, 11),
    memoryCase(QStringLiteral("memory readonly <h (2,3,4)"), "<h", {2, 3, 4}, true, 12),
    memoryCase(QStringLiteral("memory B (0,)"), "B", {0}, false, 13),
    memoryCase(QStringLiteral("memory d 0-d"), "d", {}, false, 14),
    memoryCase(QStringLiteral("memory struct (5,1)"), "T{i:a:h:b:}", {5, 1}, false, 15),
});

} // namespace
} // namespace bufferscope::testing
