// SPDX-License-Identifier: GPL-3.0-or-later
// Small readers of Zarr metadata shared by the array (zarr_array.cpp) and group
// (zarr_group.cpp) code: fields read without nlohmann's throwing accessors, the field error
// text, a metadata key read as a JSON object, and the key prefix of a path.
#pragma once

#include "exporters/chunked/chunk_store.h"

#include <nlohmann/json.hpp>

#include <string>

namespace bufferscope {

// A string member, or `otherwise` when absent or not a string. nlohmann's value() throws
// on a member of another type, and metadata comes from files anyone can write.
inline std::string textField(const nlohmann::json &object, const char *key,
                             const std::string &otherwise = "")
{
    if (!object.is_object())
        return otherwise;
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : otherwise;
}

inline Error fieldError(const std::string &key, const std::string &field, const std::string &what)
{
    return makeError(ErrorCategory::Value,
                     "zarr: '" + key + "' field '" + field + "' must be " + what);
}

// "zarr: 'KEY' is not a JSON object" when it is not one; a null JSON when the key is absent.
inline Result<nlohmann::json> readJson(const ChunkStore &store, const std::string &key)
{
    auto bytes = store.get(key);
    if (!bytes)
        return bytes.error();
    if (!*bytes)
        return nlohmann::json();
    const auto &b = **bytes;
    auto json =
        nlohmann::json::parse(reinterpret_cast<const char *>(b.data()),
                              reinterpret_cast<const char *>(b.data()) + b.size(), nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return makeError(ErrorCategory::Syntax, "zarr: '" + key + "' is not a JSON object");
    return json;
}

inline std::string prefixOf(const std::string &path)
{
    std::string p = path;
    while (!p.empty() && p.front() == '/')
        p.erase(p.begin());
    while (!p.empty() && p.back() == '/')
        p.pop_back();
    return p.empty() ? "" : p + "/";
}

} // namespace bufferscope
