// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for loading a view descriptor end to end: JSON text -> parseDescriptorText
// -> loadDescriptor (reopen the source, apply the expression as saved text, compare the
// result with the record, check bounds). Whatever loads is read element by element (ASan
// proves it lies inside the reopened file) and saved again: its new descriptor must load
// back to the same descriptor (the round trip of issue 16). The source's path is replaced by
// the fuzzer's own file of that kind (fuzz_files.h), so no input reads an arbitrary file.
#include "fuzz_files.h"

#include "buffer/copy.h"
#include "common/memory_limit.h"
#include "descriptors/descriptor_json.h"
#include "descriptors/load_descriptor.h"
#include "descriptors/view_descriptor.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace bufferscope;
    // A view of 96 bytes may describe far more (zero strides): keep copies small.
    static const bool limited = (setMemoryLimit(1 << 20), true);
    (void)limited;
    const auto &files = fuzz::fuzzFiles();
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    auto json = parseDescriptorText(text);
    if (!json)
        return 0;
    if (json->is_object() && json->contains("source") && (*json)["source"].is_object()) {
        nlohmann::json &source = (*json)["source"];
        const bool raw = source.contains("kind") && source["kind"] == "raw";
        source["path"] = raw ? files.raw : files.npy;
    }
    auto loaded = loadDescriptor(*json);
    if (!loaded)
        return 0;
    const Descriptor &d = loaded->source().descriptor();
    if (auto fits = checkMemoryLimit("copy", d.len); fits) {
        std::vector<std::byte> out(static_cast<std::size_t>(d.len));
        if (!copyToContiguous(d, out, Order::C))
            std::abort(); // a loaded view passed verifyBounds: it can always be read
    }
    const nlohmann::json saved = viewDescriptor(loaded->source());
    auto again = loadDescriptor(saved);
    if (!again || viewDescriptor(again->source()) != saved)
        std::abort();
    return 0;
}
