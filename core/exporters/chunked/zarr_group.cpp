// SPDX-License-Identifier: GPL-3.0-or-later
// Zarr groups: what a path is (array, group, nothing) and the arrays a group holds, from its
// consolidated metadata when it has some, else from listing the store.
#include "exporters/chunked/zarr_array.h"

#include "exporters/chunked/zarr_json.h"

#include <algorithm>

namespace bufferscope {

Result<ZarrNode> zarrNodeAt(const ChunkStore &store, const std::string &path)
{
    const std::string prefix = prefixOf(path);
    for (const char *name : {".zarray", "zarr.json", ".zgroup"}) {
        auto meta = readJson(store, prefix + name);
        if (!meta)
            return meta.error();
        if (meta->is_null())
            continue;
        if (std::string(name) == ".zarray")
            return ZarrNode::Array;
        if (std::string(name) == ".zgroup")
            return ZarrNode::Group;
        return textField(*meta, "node_type") == "array" ? ZarrNode::Array : ZarrNode::Group;
    }
    return ZarrNode::None;
}

Result<std::optional<std::vector<std::string>>> consolidatedArrays(const std::string &key,
                                                                   const std::string &text)
{
    const auto meta = nlohmann::json::parse(text, nullptr, false);
    if (meta.is_discarded() || !meta.is_object())
        return makeError(ErrorCategory::Syntax, "zarr: '" + key + "' is not a JSON object");
    const bool v3 = key.size() >= 9 && key.compare(key.size() - 9, 9, "zarr.json") == 0;
    const nlohmann::json *entries = &meta;
    if (v3) {
        const auto consolidated = meta.find("consolidated_metadata");
        if (consolidated == meta.end() || consolidated->is_null())
            return std::optional<std::vector<std::string>>{};
        if (!consolidated->is_object())
            return fieldError(key, "consolidated_metadata", "an object");
        entries = &*consolidated;
    }
    const auto metadata = entries->find("metadata");
    if (metadata == entries->end() || !metadata->is_object())
        return fieldError(key, "metadata", "an object of metadata objects");
    std::vector<std::string> arrays;
    for (const auto &[name, value] : metadata->items()) {
        if (!value.is_object())
            return fieldError(key, "metadata", "an object of metadata objects");
        if (v3) {
            if (textField(value, "node_type") == "array")
                arrays.push_back(name);
            continue;
        }
        // v2 keys are metadata file names: "raw/0/.zarray" names the array "raw/0".
        const std::string suffix = ".zarray";
        if (name == suffix)
            arrays.push_back("");
        else if (name.size() > suffix.size() &&
                 name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
                 name[name.size() - suffix.size() - 1] == '/')
            arrays.push_back(name.substr(0, name.size() - suffix.size() - 1));
    }
    std::sort(arrays.begin(), arrays.end());
    return std::optional<std::vector<std::string>>{std::move(arrays)};
}

Result<std::vector<std::string>> listZarrArrays(const ChunkStore &store, const std::string &path)
{
    const std::string prefix = prefixOf(path);
    for (const char *name : {".zmetadata", "zarr.json"}) {
        const std::string key = prefix + name;
        auto bytes = store.get(key);
        if (!bytes)
            return bytes.error();
        if (!*bytes)
            continue;
        auto arrays = consolidatedArrays(
            key, std::string(reinterpret_cast<const char *>((*bytes)->data()), (*bytes)->size()));
        if (!arrays)
            return arrays.error();
        if (!*arrays)
            continue;
        std::vector<std::string> named;
        for (const std::string &array : **arrays)
            if (!array.empty())
                named.push_back(prefix + array);
        return named;
    }
    auto keys = store.list(prefix);
    if (!keys)
        return keys.error();
    std::vector<std::string> arrays;
    for (const std::string &key : *keys) {
        const auto slash = key.rfind('/');
        const std::string name = slash == std::string::npos ? key : key.substr(slash + 1);
        const std::string dir = slash == std::string::npos ? "" : key.substr(0, slash);
        if (name == ".zarray")
            arrays.push_back(dir);
        else if (name == "zarr.json") {
            auto meta = readJson(store, key);
            if (meta && textField(*meta, "node_type") == "array")
                arrays.push_back(dir);
        }
    }
    std::sort(arrays.begin(), arrays.end());
    return arrays;
}

} // namespace bufferscope
