// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for what the "Open raw" dialog shows while the user types
// (widgets/models/raw_preview.*, Qt Core only): the input's first four lines are the format,
// shape, offset and order fields, the fifth's first byte the copy-on-write box; previewRaw
// opens the fuzzer's own raw file (fuzz_files.h). It must not crash, and its answer must be
// coherent: an error names a field and a position inside that field's text (a parse error
// always one of the four typed fields), a success carries valid JSON and the options parsed.
#include "fuzz_files.h"
#include "format/numpy_typestr.h"
#include "models/raw_preview.h"

#include "exporters/raw/raw_options.h"

#include <nlohmann/json.hpp>

#include <QString>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace bufferscope;
    std::string_view rest(reinterpret_cast<const char *>(data), size);
    std::array<QString, 4> fields;
    for (auto &field : fields) {
        const std::size_t newline = rest.find('\n');
        const std::string_view line = rest.substr(0, newline);
        field = QString::fromUtf8(line.data(), static_cast<qsizetype>(line.size()));
        rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
    }
    const bool copyOnWrite = !rest.empty() && (rest.front() & 1);
    const RawPreview preview = previewRaw(QString::fromStdString(fuzz::fuzzFiles().raw), fields[0],
                                          fields[1], fields[2], fields[3], copyOnWrite);
    // The same texts as the dialog hands them on (a NumPy type string read as its struct
    // format first): does the core parse them?
    const auto type = formatFromTypeText(fields[0].toStdString());
    const bool parses = type && parseRawOptions(*type, fields[1].toStdString(),
                                                fields[2].toStdString(), fields[3].toStdString())
                                    .ok();
    if (preview.ok) {
        if (!parses || preview.field != RawPreview::Field::None || !preview.message.isEmpty() ||
            preview.summary.isEmpty() || preview.options.copyOnWrite != copyOnWrite)
            std::abort();
        if (!nlohmann::json::accept(preview.json.toStdString()))
            std::abort();
        return 0;
    }
    if (preview.message.isEmpty() || preview.field == RawPreview::Field::None ||
        !preview.json.isEmpty())
        std::abort();
    if (!parses && preview.field == RawPreview::Field::File)
        std::abort(); // a typing error must point at the field that holds it
    if (preview.position != -1) {
        const int which =
            static_cast<int>(preview.field) - static_cast<int>(RawPreview::Field::Format);
        if (which < 0 || which >= 4 || preview.position < 0 ||
            preview.position > fields[static_cast<std::size_t>(which)].size())
            std::abort();
    }
    return 0;
}
