// SPDX-License-Identifier: GPL-3.0-or-later
// PATH::INNER parsing and the choice between Zarr and HDF5.
#include "exporters/chunked/open_chunked.h"

#include "exporters/chunked/chunked_exporter.h"
#include "exporters/chunked/hdf5_dataset.h"
#include "exporters/chunked/http_store.h"
#include "exporters/chunked/zarr_array.h"

#include <filesystem>
#include <fstream>

namespace bufferscope {

namespace {

struct ChunkedName
{
    std::string outer, inner;
};

// A file dialog cannot choose a directory among files: choosing a store's metadata file
// (".zarray", "zarr.json", ".zgroup") names the directory holding it.
std::string storeOfMetadataFile(const std::string &path)
{
    for (const char *name : {"/.zarray", "/zarr.json", "/.zgroup"}) {
        const std::string suffix = name;
        if (path.size() > suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
            return path.substr(0, path.size() - suffix.size());
    }
    return path;
}

ChunkedName splitName(const std::string &path)
{
    // "https://..." has one ':' only, so "::" still separates the inner path.
    const auto at = path.find("::");
    if (at == std::string::npos)
        return {storeOfMetadataFile(path), ""};
    return {path.substr(0, at), path.substr(at + 2)};
}

bool isDirectory(const std::string &path)
{
    std::error_code error;
    return std::filesystem::is_directory(path, error);
}

bool hasZarrMetadata(const std::string &dir)
{
    std::error_code error;
    for (const char *name : {".zarray", ".zgroup", "zarr.json"})
        if (std::filesystem::exists(std::filesystem::path(dir) / name, error))
            return true;
    return false;
}

std::string joinNames(const std::vector<std::string> &names)
{
    std::string text;
    for (std::size_t i = 0; i < names.size() && i < 20; ++i)
        text += (i ? ", " : "") + names[i];
    if (names.size() > 20)
        text += ", ...";
    return text;
}

Error groupError(const std::string &outer, const std::vector<std::string> &arrays)
{
    if (arrays.empty())
        return makeError(ErrorCategory::Value, "open: '" + outer + "' holds no arrays");
    return makeError(ErrorCategory::Value,
                     "open: '" + outer + "' is a group of " + std::to_string(arrays.size()) +
                         (arrays.size() == 1 ? " array (" : " arrays (") + joinNames(arrays) +
                         "); name one as '" + outer + "::" + arrays.front() + "'");
}

Result<std::unique_ptr<Exporter>> fromSource(Result<std::shared_ptr<ChunkSource>> source)
{
    if (!source)
        return source.error();
    auto exporter = ChunkedExporter::create(std::move(*source));
    if (!exporter)
        return exporter.error();
    return std::unique_ptr<Exporter>(std::move(*exporter));
}

} // namespace

bool isChunkedPath(const std::string &path)
{
    const ChunkedName name = splitName(path);
    if (!name.inner.empty() || path.find("::") != std::string::npos || isHttpUrl(path))
        return true;
    if (isDirectory(name.outer))
        return hasZarrMetadata(name.outer);
    return isHdf5File(path);
}

Result<std::optional<std::vector<std::string>>> listChunkedArrays(const std::string &path)
{
    const ChunkedName name = splitName(path);
    if (!name.inner.empty() || !isChunkedPath(path))
        return std::optional<std::vector<std::string>>{};
    if (!isHttpUrl(name.outer) && isHdf5File(name.outer)) {
        auto datasets = listHdf5Datasets(name.outer);
        if (!datasets)
            return datasets.error();
        return std::optional<std::vector<std::string>>{std::move(*datasets)};
    }
    auto store = isHttpUrl(name.outer) ? openHttpStore(name.outer) : openDirectoryStore(name.outer);
    if (!store)
        return store.error();
    auto node = zarrNodeAt(**store, "");
    if (!node)
        return node.error();
    if (*node != ZarrNode::Group)
        return std::optional<std::vector<std::string>>{};
    auto arrays = listZarrArrays(**store, "");
    if (!arrays)
        return arrays.error();
    return std::optional<std::vector<std::string>>{std::move(*arrays)};
}

namespace {

// The node name.inner of a Zarr store: an array is opened as `arrayName`, a group refused
// with the list of its arrays; a node with no metadata is refused here when `noneIsError`.
Result<std::unique_ptr<Exporter>> openZarrNode(std::shared_ptr<ChunkStore> store,
                                              const ChunkedName &name,
                                              const std::string &arrayName, bool noneIsError)
{
    auto node = zarrNodeAt(*store, name.inner);
    if (!node)
        return node.error();
    if (*node == ZarrNode::Group) {
        auto arrays = listZarrArrays(*store, name.inner);
        if (!arrays)
            return arrays.error();
        return groupError(name.outer, *arrays);
    }
    if (*node == ZarrNode::None && noneIsError)
        return makeError(ErrorCategory::Io,
                         "open: '" + arrayName + "' is not a Zarr array or group");
    return fromSource(openZarrArray(std::move(store), name.inner, arrayName));
}

} // namespace

Result<std::unique_ptr<Exporter>> openChunked(const std::string &path)
{
    const ChunkedName name = splitName(path);
    if (isHttpUrl(name.outer)) {
        auto store = openHttpStore(name.outer);
        if (!store)
            return store.error();
        // A group is listed from its consolidated metadata (HTTP cannot list). A node HTTP
        // finds no metadata for is left to openZarrArray, whose error names the missing key.
        return openZarrNode(std::move(*store), name, path, false);
    }
    if (isHdf5File(name.outer)) {
        if (name.inner.empty()) {
            auto datasets = listHdf5Datasets(name.outer);
            if (!datasets)
                return datasets.error();
            return groupError(name.outer, *datasets);
        }
        return fromSource(openHdf5Dataset(name.outer, name.inner, path));
    }
    if (!isDirectory(name.outer)) {
        std::error_code error;
        if (!std::filesystem::exists(name.outer, error))
            return makeError(ErrorCategory::Io,
                             "open: cannot open '" + name.outer + "': No such file or directory");
        return makeError(ErrorCategory::Io, "open: '" + name.outer +
                                                "' is neither a Zarr store nor an HDF5 file");
    }
    auto store = openDirectoryStore(name.outer);
    if (!store)
        return store.error();
    return openZarrNode(std::move(*store), name, name.inner.empty() ? name.outer : path, true);
}

} // namespace bufferscope
