// SPDX-License-Identifier: GPL-3.0-or-later
// LiveExporter's cases for the interface suite. The "other process" is this one: the exporter
// reads the case's memory with process_vm_readv through its reader exactly as it reads a
// Python process's, and the memory lives as long as the exporter (its release hook owns it).
#include "case_files.h"
#include "exporter_cases.h"

#include "exporters/live/live_exporter.h"

#include <unistd.h>

#include <cstring>

namespace bufferscope::testing {
namespace {

struct Memory
{
    QByteArray bytes;
    std::vector<std::byte *> rows; // PIL-style row pointers into bytes
};

ExporterCase liveCase(QString name, std::string format, ByteOffset itemsize,
                      std::vector<std::int64_t> shape, bool pil, quint32 seed,
                      std::string kind = "live")
{
    return ExporterCase{
        std::move(name), {}, [=](const QString &) {
            ExporterFixture fixture;
            fixture.what = QStringLiteral("live object");
            auto memory = std::make_shared<Memory>();
            std::int64_t count = 1;
            for (auto n : shape)
                count *= n;
            memory->bytes = patternBytes(qsizetype(count * itemsize), seed);
            fixture.expectedCBytes = memory->bytes;
            auto *base = reinterpret_cast<std::byte *>(memory->bytes.data());
            nlohmann::json buffer{{"len", count * itemsize},
                                  {"itemsize", itemsize},
                                  {"format", format},
                                  {"readonly", true},
                                  {"shape", shape}};
            if (pil) {
                // Rows in reverse order in memory, reached through the pointer array.
                const ByteOffset rowBytes = count / shape[0] * itemsize;
                for (std::int64_t r = 0; r < shape[0]; ++r)
                    memory->rows.push_back(base + (shape[0] - 1 - r) * rowBytes);
                QByteArray logical;
                for (std::int64_t r = 0; r < shape[0]; ++r)
                    logical += memory->bytes.mid(qsizetype((shape[0] - 1 - r) * rowBytes),
                                                 qsizetype(rowBytes));
                fixture.expectedCBytes = logical;
                std::vector<ByteOffset> strides{ByteOffset(sizeof(void *))};
                std::vector<ByteOffset> suboffsets{0};
                ByteOffset stride = itemsize;
                std::vector<ByteOffset> inner;
                for (std::size_t i = shape.size(); i-- > 1;) {
                    inner.insert(inner.begin(), stride);
                    stride *= shape[i];
                    suboffsets.push_back(-1);
                }
                strides.insert(strides.end(), inner.begin(), inner.end());
                buffer["address"] = reinterpret_cast<std::uintptr_t>(memory->rows.data());
                buffer["strides"] = strides;
                buffer["suboffsets"] = suboffsets;
            } else {
                buffer["address"] = reinterpret_cast<std::uintptr_t>(base);
            }
            auto descriptor = liveDescriptorFromJson(buffer);
            if (!descriptor) {
                fixture.setupError = QString::fromStdString(descriptor.error().message);
                return fixture;
            }
            LiveObject object;
            object.pid = ::getpid();
            object.pythonType = "test";
            object.kind = kind;
            auto exporter = LiveExporter::create(object, *descriptor,
                                                 std::make_shared<ProcessMemoryReader>(::getpid()));
            if (!exporter) {
                fixture.setupError = QString::fromStdString(exporter.error().message);
                return fixture;
            }
            (*exporter)->setReleaseHook([memory] {});
            fixture.exporter = std::move(*exporter);
            return fixture;
        }};
}

const ExporterCaseRegistrar registrar({
    liveCase(QStringLiteral("live f (3,4)"), "f", 4, {3, 4}, false, 31),
    liveCase(QStringLiteral("live <h (2,3,4)"), "<h", 2, {2, 3, 4}, false, 32),
    liveCase(QStringLiteral("live B (0,)"), "B", 1, {0}, false, 33),
    liveCase(QStringLiteral("live PIL-style B (5,4,3)"), "B", 1, {5, 4, 3}, true, 34),
    // gdb's bufferscope show: the same exporter, of kind "debugger".
    liveCase(QStringLiteral("debugger <d (4,5)"), "<d", 8, {4, 5}, false, 35, "debugger"),
    liveCase(QStringLiteral("debugger PIL-style i (4,6)"), "i", 4, {4, 6}, true, 36, "debugger"),
});

} // namespace
} // namespace bufferscope::testing
