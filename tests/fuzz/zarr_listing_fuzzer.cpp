// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: consolidated metadata, the text a group is listed from without listing
// its directories (zarr_array.h consolidatedArrays). The first byte picks the key: even a v2
// ".zmetadata", odd a v3 group "zarr.json"; the rest is the text. Each must give a sorted list,
// nothing (a v3 group without consolidated metadata) or an error, never crash or throw.
#include "exporters/chunked/zarr_array.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string key = data[0] % 2 ? "raw/zarr.json" : "raw/.zmetadata";
    const std::string text(reinterpret_cast<const char *>(data + 1), size - 1);
    auto arrays = bufferscope::consolidatedArrays(key, text);
    if (arrays && *arrays && !std::is_sorted((*arrays)->begin(), (*arrays)->end()))
        std::abort();
    return 0;
}
