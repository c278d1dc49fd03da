// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for bufferscope-cli's session interpreter (app/cli/session.*): the input
// is a script, one command per line, run by one Session. Every command must answer with one
// line (no crash, no hang, no answer spanning lines), and ending the session must release
// every view before its parent (ASan sees any use after free). `open` reaches only the
// fuzzer's own files (fuzz_files.h): a raw file with --raw, else a small .npy.
#include "fuzz_files.h"
#include "session.h"

#include "common/memory_limit.h"
#include "exporters/open_source.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace bufferscope;
    // `new` and `resize` allocate what the script asks for: a small limit keeps the fuzzer's
    // memory small, and refusals above it are part of what is fuzzed.
    static const bool limited = (setMemoryLimit(1 << 20), true);
    (void)limited;
    const auto &files = fuzz::fuzzFiles();
    Session session([&files](const std::string &, const std::optional<RawOptions> &raw) {
        return openFile(raw ? files.raw : files.npy, raw);
    });
    std::string_view script(reinterpret_cast<const char *>(data), size);
    while (!script.empty()) {
        const std::size_t newline = script.find('\n');
        const std::string_view line = script.substr(0, newline);
        script =
            newline == std::string_view::npos ? std::string_view() : script.substr(newline + 1);
        const auto answer = session.execute(line);
        if (answer && (answer->empty() || answer->find('\n') != std::string::npos))
            std::abort();
    }
    return 0;
}
