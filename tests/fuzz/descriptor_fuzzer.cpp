// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for reading view descriptors: JSON text -> parseDescriptorText ->
// parseDescriptor must never crash, throw or hang, and what it accepts must be consistent
// (ndim entries everywhere, len = product(shape) * itemsize). No file is opened.
#include "descriptors/descriptor_json.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto json = bufferscope::parseDescriptorText(text);
    if (!json) {
        if (!json.error().position || *json.error().position > size)
            std::abort();
        return 0;
    }
    const auto record = bufferscope::parseDescriptor(*json);
    if (!record)
        return 0;
    const auto ndim = record->shape.size();
    if (record->strides.size() != ndim ||
        (!record->suboffsets.empty() && record->suboffsets.size() != ndim))
        std::abort();
    std::int64_t len = record->itemsize;
    for (const auto extent : record->shape)
        len *= extent; // parseDescriptor refused any overflow
    if (len != record->len)
        std::abort();
    return 0;
}
