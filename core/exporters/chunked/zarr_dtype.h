// SPDX-License-Identifier: GPL-3.0-or-later
// Zarr data types as PEP 3118 formats, and fill values as the bytes of one item. Formats
// always carry an explicit byte order ('<' or '>', standard sizes, no alignment), so a
// record's fields sit at the offsets the store packs them at:
//   v2 "<f4" -> "<f", ">i8" -> ">q", "|b1" -> "<?", "<c8" -> "<Zf", "|S5" -> "<5s",
//   "<U3" -> "<3w", [["a","<f4"],["b",">i2",[2]]] -> "T{<f:a:(2)>h:b:}";
//   v3 "float32" + bytes endian "big" -> ">f".
#pragma once

#include "common/result.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace bufferscope {

struct ZarrItem
{
    std::string format;
    std::int64_t itemsize = 0;
    char kind = 'V';          // numpy kind: b i u f c S U V (records)
    bool bigEndian = false;   // of a scalar item
};

// Refusals: Value "zarr: data type 'M8[ns]' is not supported".
Result<ZarrItem> zarrV2Dtype(const nlohmann::json &dtype);
// `name` "bool", "int8".."uint64", "float16".."float64", "complex64", "complex128".
Result<ZarrItem> zarrV3DataType(const std::string &name, bool bigEndian);

// The item bytes of a fill value: null -> zeros; numbers; "NaN", "Infinity", "-Infinity";
// v3's "0x7fc00000" (the raw bits); [re, im] for complex; base64 text for strings and
// records (v2). Refused: Value "zarr: fill value \"abc\" does not suit data type float32".
Result<std::vector<std::byte>> zarrFillValue(const nlohmann::json &fill, const ZarrItem &item);

} // namespace bufferscope
