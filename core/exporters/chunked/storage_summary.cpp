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
    if (info.storage.contains("stored_bytes")) {
        const double stored = info.storage["stored_bytes"].get<double>();
        rows.emplace_back("stored bytes", mebibytes(stored));
        if (stored > 0) {
            char ratio[32];
            std::snprintf(ratio, sizeof ratio, "%.2f : 1", decoded / stored);
            rows.emplace_back("compression ratio", ratio);
        }
    }
    rows.emplace_back("chunks loaded", std::to_string(reader.chunksLoaded()) + " (" +
                                           std::to_string(reader.chunksDecoded()) + " stored, the rest fill value)");
    rows.emplace_back("chunk cache", mebibytes(double(reader.chunkCache().bytesHeld())) + " of " +
                                         mebibytes(double(reader.chunkCache().budget())) + ", " +
                                         std::to_string(reader.chunkCache().chunksHeld()) + " chunks");
    return rows;
}

} // namespace bufferscope
