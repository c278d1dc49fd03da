// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a view descriptor back from JSON: strict validation of every key that
// viewDescriptor writes (view_descriptor.h), with messages naming the key. Opens no files,
// so the fuzzer can drive it with arbitrary input.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"
#include "exporters/exporter.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bufferscope {

// The fields of a descriptor that say what to rebuild and what the rebuilt view must equal.
struct DescriptorRecord
{
    std::string format;
    std::int64_t itemsize = 0;
    std::vector<std::int64_t> shape;
    std::vector<std::int64_t> strides;
    std::vector<std::int64_t> suboffsets; // empty: null
    std::optional<std::int64_t> offset;   // nullopt: null
    std::int64_t len = 0;
    bool readonly = true;
    std::string expression;
    SourceInfo source;
};

// Parses JSON text: "descriptor: invalid JSON at byte 12: ..." (ErrorCategory::Syntax,
// position = the 0-based byte).
Result<nlohmann::json> parseDescriptorText(std::string_view text);

// Validates a descriptor (ErrorCategory::Structure), e.g.
// "descriptor: missing key 'shape'", "descriptor: unknown key 'shapes'",
// "descriptor: 'shape' must be a list of non-negative integers",
// "descriptor: 'version' must be 1", "descriptor: 'strides' has 3 entries but 'ndim' is 2",
// "descriptor: 'len' is 10 but product(shape) * itemsize is 12".
// Required: version, format, itemsize, ndim, shape, strides, suboffsets, offset, len, readonly,
// expression, source {kind, path, options}. Optional, checked by type only (they depend on the
// rest or on the live state): c_contiguous, f_contiguous, exports, requests.
Result<DescriptorRecord> parseDescriptor(const nlohmann::json &json);

} // namespace bufferscope
