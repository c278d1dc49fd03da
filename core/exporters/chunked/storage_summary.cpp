// SPDX-License-Identifier: GPL-3.0-or-later
// storageSummary: text of the chunked array's storage facts.
#include "exporters/chunked/storage_summary.h"

#include "exporters/chunked/chunked_exporter.h"

#include <cstdio>

namespace bufferscope {

namespace {

std::string tuple(const std::vector<std::int64_t> &values)
{
    std::string text = "(";
    for (std::size_t i = 0; i < values.size(); ++i)
        text += (i ? ", " : "") + std::to_string(values[i]);
    return text + (values.size() == 1 ? ",)" : ")");
}

std::string mebibytes(double bytes)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.0f bytes (%.2f MiB)", bytes, bytes / 1048576.0);
    return text;
}

std::string ratio(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f : 1", value);
    return text;
}

// Stat'ing every chunk file of a store with more chunks than this takes too long for the
// inspector; its stored bytes are then counted over the loaded chunks.
constexpr std::uint64_t kStatChunksAtMost = 20000;

std::string codecsText(const nlohmann::json &codecs)
{
    if (!codecs.is_array() || codecs.empty())
        return "none";
    std::string text;
    for (const auto &codec : codecs) {
        if (!text.empty())
            text += ", ";
        text += codec.is_object() ? codec.value("name", codec.dump()) : codec.dump();
        if (codec.is_object() && codec.contains("codecs"))
            text += " [" + codecsText(codec["codecs"]) + "]";
    }
    return text;
}

} // namespace

std::vector<std::pair<std::string, std::string>> storageSummary(const ChunkedExporter &exporter)
{
    const ChunkedArrayInfo &info = exporter.info();
    const ChunkReader &reader = exporter.chunkReader();
    std::vector<std::pair<std::string, std::string>> rows;
    rows.emplace_back("kind", info.kind == "hdf5" ? "HDF5 dataset"
                                                  : "Zarr v" + info.storage.value("zarr_format", nlohmann::json(2)).dump() + " array");
    rows.emplace_back("chunk shape", tuple(info.chunks));
    std::vector<std::int64_t> grid;
    for (std::size_t k = 0; k < info.shape.size(); ++k)
        grid.push_back((info.shape[k] + info.chunks[k] - 1) / info.chunks[k]);
    rows.emplace_back("chunk grid", tuple(grid) + ", " + std::to_string(reader.chunkCount()) + " chunks");
    if (info.storage.contains("shard_shape"))
        rows.emplace_back("shard shape", info.storage["shard_shape"].dump());
    if (info.kind == "hdf5") {
        rows.emplace_back("layout", info.storage.value("layout", ""));
        std::string filters;
        for (const auto &f : info.storage.value("filters", nlohmann::json::array()))
            filters += (filters.empty() ? "" : ", ") + f.value("name", std::string("?"));
        rows.emplace_back("filters", filters.empty() ? "none" : filters);
    } else {
        rows.emplace_back("codecs", codecsText(info.storage.value("codecs", nlohmann::json::array())));
    }
    const auto fill = info.storage.value("fill_value", nlohmann::json());
    std::string fillHex;
    for (std::byte b : info.fill) {
        char two[3];
        std::snprintf(two, sizeof two, "%02x", static_cast<unsigned>(b));
        fillHex += two;
    }
    rows.emplace_back("fill value", (fill.is_null() ? std::string("null") : fill.dump()) + " (bytes " + fillHex + ")");
    const double decoded = double(reader.arrayBytes());
    rows.emplace_back("decoded bytes", mebibytes(decoded));
    // The whole array's stored bytes where the store tells them cheaply (an HDF5 index, a
    // directory walk of a store with not too many chunks); else the chunks loaded so far.
    std::optional<std::uint64_t> total;
    if (info.kind == "hdf5" || reader.chunkCount() <= kStatChunksAtMost)
        total = exporter.storedBytesTotal();
    if (total) {
        rows.emplace_back("stored bytes", mebibytes(double(*total)) + ", whole array");
        if (*total > 0)
            rows.emplace_back("compression ratio",
                              ratio(decoded / double(*total)) + ", whole array");
    } else if (reader.chunksDecoded() > 0) {
        const std::string of = " of " + std::to_string(reader.chunksDecoded()) + " loaded chunks";
        const double stored = double(reader.storedBytesLoaded());
        rows.emplace_back("stored bytes", mebibytes(stored) + of);
        if (stored > 0)
            rows.emplace_back("compression ratio",
                              ratio(double(reader.chunksDecoded() * reader.chunkBytes()) / stored) +
                                  of);
    } else {
        rows.emplace_back("stored bytes", "not known until chunks are loaded");
    }
    rows.emplace_back("chunks loaded", std::to_string(reader.chunksLoaded()) + " (" +
                                           std::to_string(reader.chunksDecoded()) + " stored, the rest fill value)");
    const ChunkCache &cache = reader.chunkCache();
    std::string cacheText = mebibytes(double(cache.bytesHeld())) + " of " +
                            mebibytes(double(cache.budget())) + ", " +
                            std::to_string(cache.chunksHeld()) + " chunks";
    if (cache.chunksPinned() > 0) {
        cacheText += "; " + std::to_string(cache.chunksPinned()) + " pinned by held views (" +
                     mebibytes(double(cache.pinnedBytes())) + ")";
        if (cache.bytesHeld() > cache.budget())
            cacheText +=
                ", over the budget by " + mebibytes(double(cache.bytesHeld() - cache.budget()));
    }
    if (reader.pinLimitReached())
        cacheText += "; pinning stopped at " + std::to_string(ChunkReader::kPinBudgets) +
                     " times the budget";
    rows.emplace_back("chunk cache", cacheText);
    if (auto data = exporter.checkData(); !data)
        rows.emplace_back("changes on storage", data.error().message);
    return rows;
}

} // namespace bufferscope
