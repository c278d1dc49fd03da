// SPDX-License-Identifier: GPL-3.0-or-later
// ZarrSource: metadata parsing (v2 and v3) and the per-chunk read + decode.
#include "exporters/chunked/zarr_array.h"

#include "buffer/copy.h"
#include "buffer/layout.h"
#include "exporters/chunked/chunk_stamp.h"
#include "exporters/chunked/codecs.h"
#include "exporters/chunked/crc32c.h"
#include "exporters/chunked/zarr_dtype.h"
#include "exporters/chunked/zarr_json.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <numeric>

namespace bufferscope {

namespace {

constexpr std::uint64_t kAbsent = ~std::uint64_t(0);

Result<std::vector<std::int64_t>> intList(const nlohmann::json &meta, const std::string &key,
                                          const char *field, bool positive)
{
    const auto it = meta.find(field);
    const std::string what = positive ? "a list of positive integers" : "a list of non-negative integers";
    if (it == meta.end() || !it->is_array() || it->size() > 32)
        return fieldError(key, field, what);
    std::vector<std::int64_t> out;
    for (const auto &v : *it) {
        if (!v.is_number_integer() || v.get<std::int64_t>() < (positive ? 1 : 0) ||
            v.get<std::int64_t>() > (std::int64_t(1) << 48))
            return fieldError(key, field, what);
        out.push_back(v.get<std::int64_t>());
    }
    return out;
}

std::string joinCoords(std::span<const std::int64_t> coords, const std::string &separator)
{
    std::string key;
    for (std::size_t i = 0; i < coords.size(); ++i)
        key += (i ? separator : "") + std::to_string(coords[i]);
    return key;
}

std::string rangeText(std::uint64_t offset, std::uint64_t size)
{
    return std::to_string(offset) + ".." + std::to_string(offset + size);
}

// Puts a chunk whose axes are stored in `axes` order (decoded axis axes[i] is stored axis i)
// into C order of `shape`, with the copy kernels.
Status unpermute(std::vector<std::byte> &bytes, const std::vector<std::int64_t> &shape,
                 const std::vector<std::int64_t> &axes, std::int64_t itemsize)
{
    std::vector<std::int64_t> storedShape(shape.size());
    for (std::size_t i = 0; i < axes.size(); ++i)
        storedShape[i] = shape[std::size_t(axes[i])];
    const auto storedStrides = contiguousStrides(storedShape, itemsize, Order::C);
    Descriptor d;
    d.buf = bytes.data();
    d.itemsize = itemsize;
    d.format = std::to_string(itemsize) + "s";
    d.shape = shape;
    d.strides.assign(shape.size(), 0);
    for (std::size_t i = 0; i < axes.size(); ++i)
        d.strides[std::size_t(axes[i])] = storedStrides[i];
    d.len = static_cast<ByteOffset>(bytes.size());
    auto ordered = toBytes(d, Order::C);
    if (!ordered)
        return ordered.error();
    bytes = std::move(*ordered);
    return {};
}

// The codecs of a v3 array (or of the chunks inside a shard), decode order reversed.
struct Pipeline
{
    std::vector<std::vector<std::int64_t>> transposes; // in the order applied when writing
    bool bigEndian = false;
    std::vector<std::unique_ptr<BytesCodec>> bytesCodecs;
    // sharding_indexed: the chunk above is a shard of inner chunks.
    bool sharded = false;
    std::vector<std::int64_t> innerChunks;
    std::unique_ptr<Pipeline> inner;
    bool indexBigEndian = false, indexCrc = false, indexAtStart = false;
    nlohmann::json description = nlohmann::json::array();
};

Result<std::unique_ptr<Pipeline>> parseCodecs(const nlohmann::json &codecs, const std::string &key,
                                              std::size_t ndim, int depth)
{
    if (!codecs.is_array() || depth > 2)
        return fieldError(key, "codecs", "a list of codecs");
    auto p = std::make_unique<Pipeline>();
    bool arrayToBytes = false;
    for (const auto &codec : codecs) {
        if (!codec.is_object() || !codec.contains("name") || !codec["name"].is_string())
            return fieldError(key, "codecs", "a list of {\"name\": ..., \"configuration\": ...}");
        const std::string name = codec["name"];
        const nlohmann::json config = codec.contains("configuration") && codec["configuration"].is_object()
                                          ? codec["configuration"]
                                          : nlohmann::json::object();
        nlohmann::json shown = config;
        shown["name"] = name;
        if (name == "transpose") {
            if (arrayToBytes)
                return fieldError(key, "codecs", "in the order array, bytes, then compression");
            auto order = intList(config, key, "order", false);
            if (!order)
                return order.error();
            std::vector<std::int64_t> sorted = *order, expect(ndim);
            std::sort(sorted.begin(), sorted.end());
            std::iota(expect.begin(), expect.end(), 0);
            if (sorted != expect)
                return fieldError(key, "order", "a permutation of the axes");
            p->transposes.push_back(*order);
        } else if (name == "bytes" || name == "sharding_indexed") {
            if (arrayToBytes)
                return fieldError(key, "codecs", "a list with one array-to-bytes codec");
            arrayToBytes = true;
            if (name == "bytes") {
                const auto endian = config.find("endian");
                p->bigEndian = endian != config.end() && *endian == "big";
            } else {
                p->sharded = true;
                auto inner = intList(config, key, "chunk_shape", true);
                if (!inner)
                    return inner.error();
                if (inner->size() != ndim)
                    return fieldError(key, "chunk_shape", "as long as the shape");
                p->innerChunks = *inner;
                auto innerCodecs = parseCodecs(config.value("codecs", nlohmann::json::array()), key, ndim, depth + 1);
                if (!innerCodecs)
                    return innerCodecs.error();
                if ((*innerCodecs)->sharded)
                    return makeError(ErrorCategory::Value, "zarr: '" + key + "': shards inside shards are not supported");
                p->inner = std::move(*innerCodecs);
                shown["codecs"] = p->inner->description;
                const auto location = config.find("index_location");
                p->indexAtStart = location != config.end() && *location == "start";
                const nlohmann::json indexCodecs = config.value(
                    "index_codecs", nlohmann::json::array({{{"name", "bytes"}}, {{"name", "crc32c"}}}));
                if (!indexCodecs.is_array())
                    return fieldError(key, "index_codecs", "a list of codecs");
                for (const auto &ic : indexCodecs) {
                    const std::string icName = textField(ic, "name");
                    if (icName == "bytes")
                        p->indexBigEndian = ic.contains("configuration") &&
                                            textField(ic["configuration"], "endian", "little") == "big";
                    else if (icName == "crc32c")
                        p->indexCrc = true;
                    else
                        return makeError(ErrorCategory::Value, "zarr: '" + key + "': index codec '" +
                                                                   icName + "' is not supported");
                }
            }
        } else {
            if (!arrayToBytes)
                return fieldError(key, "codecs", "in the order array, bytes, then compression");
            auto bytesCodec = makeV3BytesCodec(name, config);
            if (!bytesCodec)
                return bytesCodec.error();
            p->bytesCodecs.push_back(std::move(*bytesCodec));
        }
        p->description.push_back(shown);
    }
    if (!arrayToBytes)
        return fieldError(key, "codecs", "a list with one array-to-bytes codec");
    return p;
}

class ZarrSource : public ChunkSource
{
public:
    ChunkedArrayInfo m_info;
    std::shared_ptr<ChunkStore> m_store;
    std::string m_prefix; // "raw/0/" or ""
    std::string m_metadataKey, m_metadataText; // as opened, for checkMetadata
    int m_version = 2;
    std::string m_separator = ".";
    bool m_v3DefaultKeys = false;
    // v2
    bool m_fortran = false;
    std::unique_ptr<BytesCodec> m_compressor;
    // v3
    std::unique_ptr<Pipeline> m_pipeline;
    std::vector<std::int64_t> m_shardShape; // the grid's chunk shape when sharded

    mutable std::mutex m_indexMutex;
    mutable std::map<std::string, std::shared_ptr<const std::vector<std::uint64_t>>> m_indexes;

    const ChunkedArrayInfo &info() const override { return m_info; }

    std::string gridKey(std::span<const std::int64_t> coords) const
    {
        if (m_version == 3 && m_v3DefaultKeys)
            return m_prefix + "c" + (coords.empty() ? "" : m_separator + joinCoords(coords, m_separator));
        return m_prefix + (coords.empty() ? "0" : joinCoords(coords, m_separator));
    }

    std::string chunkKey(std::span<const std::int64_t> coords) const override
    {
        if (!m_pipeline || !m_pipeline->sharded)
            return gridKey(coords);
        std::vector<std::int64_t> shard(coords.size());
        for (std::size_t k = 0; k < coords.size(); ++k)
            shard[k] = coords[k] * m_info.chunks[k] / m_shardShape[k];
        return gridKey(shard);
    }

    std::size_t chunkBytes() const
    {
        std::size_t n = static_cast<std::size_t>(m_info.itemsize);
        for (auto c : m_info.chunks)
            n *= static_cast<std::size_t>(c);
        return n;
    }

    Error decodeError(const std::string &key, std::uint64_t offset, std::uint64_t size,
                      const std::string &why) const
    {
        return makeError(ErrorCategory::Io, "zarr: chunk '" + key + "' (bytes " +
                                                rangeText(offset, size) +
                                                ") cannot be decoded: " + why);
    }

    // The one codec whose output is the chunk as it is (decoded in place, no copy), or null.
    const BytesCodec *onlyCodec(const Pipeline *pipeline) const
    {
        if (pipeline)
            return pipeline->bytesCodecs.size() == 1 && pipeline->transposes.empty()
                       ? pipeline->bytesCodecs.front().get()
                       : nullptr;
        return m_fortran && m_info.chunks.size() > 1 ? nullptr : m_compressor.get();
    }

    // decodeInto for bytes the caller keeps: straight into `out` where the one codec can,
    // else through a copy.
    Status decodeFrom(const std::string &key, std::span<const std::byte> stored,
                      const Pipeline *pipeline, std::span<std::byte> out) const
    {
        if (const BytesCodec *only = onlyCodec(pipeline)) {
            auto direct = only->decodeInto(stored, out);
            if (!direct)
                return decodeError(key, 0, stored.size(), direct.error().message);
            if (*direct)
                return {};
        } else if (!pipeline && !m_compressor && !(m_fortran && m_info.chunks.size() > 1) &&
                   stored.size() == out.size()) {
            std::memcpy(out.data(), stored.data(), out.size());
            return {};
        }
        return decodeInto(key, 0, std::vector<std::byte>(stored.begin(), stored.end()), pipeline,
                          out);
    }

    // Decodes stored bytes through the v2 compressor or a v3 pipeline into `out`.
    Status decodeInto(const std::string &key, std::uint64_t offset, std::vector<std::byte> stored,
                      const Pipeline *pipeline, std::span<std::byte> out) const
    {
        const std::size_t size = stored.size();
        if (const BytesCodec *only = onlyCodec(pipeline)) {
            auto direct = only->decodeInto(stored, out);
            if (!direct)
                return decodeError(key, offset, size, direct.error().message);
            if (*direct)
                return {};
        }
        const std::size_t limit = out.size() + 65536; // room for checksums, never a bomb
        std::vector<std::byte> bytes;
        if (pipeline) {
            auto decoded = decodeChain(pipeline->bytesCodecs, std::move(stored), limit);
            if (!decoded)
                return decodeError(key, offset, size, decoded.error().message);
            bytes = std::move(*decoded);
        } else if (m_compressor) {
            auto decoded = m_compressor->decode(stored, limit);
            if (!decoded)
                return decodeError(key, offset, size, decoded.error().message);
            bytes = std::move(*decoded);
        } else {
            bytes = std::move(stored);
        }
        if (bytes.size() != out.size())
            return decodeError(key, offset, size, "it decodes to " + std::to_string(bytes.size()) +
                                                      " bytes, a chunk has " + std::to_string(out.size()));
        if (pipeline) {
            for (auto it = pipeline->transposes.rbegin(); it != pipeline->transposes.rend(); ++it)
                if (auto status = unpermute(bytes, permutedShape(*it, pipeline), *it, m_info.itemsize); !status)
                    return status;
        } else if (m_fortran && m_info.chunks.size() > 1) {
            std::vector<std::int64_t> axes(m_info.chunks.size());
            for (std::size_t i = 0; i < axes.size(); ++i)
                axes[i] = static_cast<std::int64_t>(axes.size() - 1 - i);
            if (auto status = unpermute(bytes, m_info.chunks, axes, m_info.itemsize); !status)
                return status;
        }
        std::copy(bytes.begin(), bytes.end(), out.begin());
        return {};
    }

    // The decoded shape a transpose restores: the chunk's, with earlier transposes undone.
    std::vector<std::int64_t> permutedShape(const std::vector<std::int64_t> &order,
                                            const Pipeline *pipeline) const
    {
        // Transposes written before `order` permuted the chunk first; undo in reverse.
        std::vector<std::int64_t> shape = m_info.chunks;
        for (const auto &t : pipeline->transposes) {
            if (&t == &order)
                break;
            std::vector<std::int64_t> next(shape.size());
            for (std::size_t i = 0; i < t.size(); ++i)
                next[i] = shape[std::size_t(t[i])];
            shape = next;
        }
        return shape;
    }

    Result<std::shared_ptr<const std::vector<std::uint64_t>>> shardIndex(const std::string &key) const
    {
        {
            std::lock_guard lock(m_indexMutex);
            if (const auto it = m_indexes.find(key); it != m_indexes.end())
                return it->second;
        }
        std::size_t count = 1;
        for (std::size_t k = 0; k < m_shardShape.size(); ++k)
            count *= static_cast<std::size_t>(m_shardShape[k] / m_info.chunks[k]);
        const std::uint64_t indexBytes = count * 16 + (m_pipeline->indexCrc ? 4 : 0);
        auto stored = m_pipeline->indexAtStart ? m_store->getRange(key, 0, indexBytes)
                                               : m_store->getSuffix(key, indexBytes);
        if (!stored)
            return stored.error();
        std::shared_ptr<const std::vector<std::uint64_t>> index;
        if (*stored) {
            auto decoded = decodeShardIndex(key, **stored, count, m_pipeline->indexBigEndian,
                                            m_pipeline->indexCrc);
            if (!decoded)
                return decoded.error();
            index = std::make_shared<const std::vector<std::uint64_t>>(std::move(*decoded));
        }
        std::lock_guard lock(m_indexMutex);
        m_indexes[key] = index; // null: the shard is absent
        return index;
    }

    // The stamp of a key read whole: its stat where the store has one, else its bytes' hash.
    std::uint64_t stampOf(const std::string &key, std::span<const std::byte> bytes) const
    {
        const KeyStat stat = m_store->stat(key);
        if (stat.state == KeyStat::State::Present && stat.size == bytes.size())
            return mixStamp({stat.size, static_cast<std::uint64_t>(stat.modifiedNs)});
        return hashStamp(bytes);
    }

    // The shard holding chunk `coords` and the chunk's position in its index.
    std::pair<std::string, std::size_t> shardOf(std::span<const std::int64_t> coords) const
    {
        const std::size_t n = coords.size();
        std::vector<std::int64_t> shard(n);
        std::size_t position = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const std::int64_t perShard = m_shardShape[k] / m_info.chunks[k];
            shard[k] = coords[k] / perShard;
            position = position * static_cast<std::size_t>(perShard) +
                       static_cast<std::size_t>(coords[k] % perShard);
        }
        return {gridKey(shard), position};
    }

    Result<LoadedChunk> loadChunk(std::span<const std::int64_t> coords,
                                  std::span<std::byte> out) const override
    {
        if (!m_pipeline || !m_pipeline->sharded) {
            const std::string key = gridKey(coords);
            // The loader thread's own buffer for stored bytes, reused chunk after chunk.
            thread_local std::vector<std::byte> scratch;
            auto size = m_store->getInto(key, scratch);
            if (!size)
                return size.error();
            if (!*size)
                return LoadedChunk{};
            const std::span<const std::byte> stored(scratch.data(), **size);
            const std::uint64_t stamp = stampOf(key, stored);
            if (auto status = decodeFrom(key, stored, m_pipeline.get(), out); !status)
                return status.error();
            return LoadedChunk{true, stored.size(), stamp};
        }
        const auto [key, position] = shardOf(coords);
        auto index = shardIndex(key);
        if (!index)
            return index.error();
        if (!*index)
            return LoadedChunk{};
        const std::uint64_t offset = (**index)[2 * position], size = (**index)[2 * position + 1];
        if (offset == kAbsent && size == kAbsent)
            return LoadedChunk{};
        auto stored = m_store->getRange(key, offset, size);
        if (!stored)
            return decodeError(key, offset, size, stored.error().message);
        if (!*stored)
            return LoadedChunk{};
        const KeyStat stat = m_store->stat(key);
        const std::uint64_t stamp =
            stat.state == KeyStat::State::Present
                ? mixStamp({stat.size, static_cast<std::uint64_t>(stat.modifiedNs), offset, size})
                : mixStamp({hashStamp(**stored), offset});
        if (auto status = decodeInto(key, offset, std::move(**stored), m_pipeline->inner.get(), out); !status)
            return status.error();
        return LoadedChunk{true, size, stamp};
    }

    ChunkProbe probeChunk(std::span<const std::int64_t> coords) const override
    {
        if (!m_pipeline || !m_pipeline->sharded) {
            const KeyStat stat = m_store->stat(gridKey(coords));
            return {static_cast<ChunkProbe::State>(stat.state), stat.size};
        }
        // A shard's index tells, once it is loaded; loading it here would be a read.
        const auto [key, position] = shardOf(coords);
        std::lock_guard lock(m_indexMutex);
        const auto it = m_indexes.find(key);
        if (it == m_indexes.end())
            return {};
        if (!it->second)
            return {ChunkProbe::State::Absent, 0};
        const std::uint64_t offset = (*it->second)[2 * position],
                            size = (*it->second)[2 * position + 1];
        if (offset == kAbsent && size == kAbsent)
            return {ChunkProbe::State::Absent, 0};
        return {ChunkProbe::State::Present, size};
    }

    std::optional<std::uint64_t> storedBytesTotal() const override
    {
        // Every value under the array's prefix but its metadata (an array has no children):
        // one directory walk and a stat per chunk.
        auto keys = m_store->list(m_prefix);
        if (!keys)
            return std::nullopt;
        std::uint64_t total = 0;
        for (const std::string &key : *keys) {
            const auto slash = key.rfind('/');
            const std::string name = slash == std::string::npos ? key : key.substr(slash + 1);
            if (name.empty() || name.front() == '.' || name == "zarr.json")
                continue;
            const KeyStat stat = m_store->stat(key);
            if (stat.state != KeyStat::State::Present)
                return std::nullopt;
            total += stat.size;
        }
        return total;
    }

    Status checkMetadata() const override
    {
        auto now = m_store->get(m_metadataKey);
        if (!now)
            return now.error();
        if (!*now || std::string(reinterpret_cast<const char *>((*now)->data()), (*now)->size()) !=
                         m_metadataText)
            return makeError(ErrorCategory::Io,
                             "zarr: '" + m_metadataKey +
                                 "' changed on storage since the array was opened");
        return {};
    }
};

Status parseV2(ZarrSource &s, const nlohmann::json &meta, const std::string &key)
{
    auto shape = intList(meta, key, "shape", false);
    auto chunks = intList(meta, key, "chunks", true);
    if (!shape)
        return shape.error();
    if (!chunks)
        return chunks.error();
    if (shape->size() != chunks->size())
        return fieldError(key, "chunks", "as long as the shape");
    if (!meta.contains("dtype"))
        return fieldError(key, "dtype", "a data type");
    auto item = zarrV2Dtype(meta["dtype"]);
    if (!item)
        return item.error();
    auto fill = zarrFillValue(meta.value("fill_value", nlohmann::json()), *item);
    if (!fill)
        return fill.error();
    const auto order = meta.value("order", nlohmann::json("C"));
    if (order != "C" && order != "F")
        return fieldError(key, "order", "\"C\" or \"F\"");
    s.m_fortran = order == "F";
    const auto compressor = meta.value("compressor", nlohmann::json());
    if (!compressor.is_null()) {
        auto codec = makeNumcodecsCodec(compressor);
        if (!codec)
            return codec.error();
        s.m_compressor = std::move(*codec);
    }
    const auto filters = meta.value("filters", nlohmann::json());
    if (!filters.is_null() && !(filters.is_array() && filters.empty()))
        return makeError(ErrorCategory::Value, "zarr: '" + key + "': filters are not supported");
    const auto separator = meta.value("dimension_separator", nlohmann::json("."));
    if (separator != "." && separator != "/")
        return fieldError(key, "dimension_separator", "\".\" or \"/\"");
    s.m_separator = separator;
    s.m_info.shape = *shape;
    s.m_info.chunks = *chunks;
    s.m_info.itemsize = item->itemsize;
    s.m_info.format = item->format;
    s.m_info.fill = *fill;
    s.m_info.storage = {{"zarr_format", 2},
                        {"dtype", meta["dtype"]},
                        {"order", order},
                        {"fill_value", meta.value("fill_value", nlohmann::json())},
                        {"codecs", s.m_compressor ? nlohmann::json::array({s.m_compressor->describe()})
                                                  : nlohmann::json::array()},
                        {"dimension_separator", separator}};
    return {};
}

Status parseV3(ZarrSource &s, const nlohmann::json &meta, const std::string &key)
{
    s.m_version = 3;
    if (textField(meta, "node_type") != "array")
        return fieldError(key, "node_type", "\"array\"");
    auto shape = intList(meta, key, "shape", false);
    if (!shape)
        return shape.error();
    const auto grid = meta.value("chunk_grid", nlohmann::json::object());
    if (!grid.is_object() || textField(grid, "name") != "regular" || !grid.contains("configuration") ||
        !grid["configuration"].is_object())
        return fieldError(key, "chunk_grid", "a regular grid");
    auto chunks = intList(grid["configuration"], key, "chunk_shape", true);
    if (!chunks)
        return chunks.error();
    if (chunks->size() != shape->size())
        return fieldError(key, "chunk_shape", "as long as the shape");
    const auto keys = meta.value("chunk_key_encoding", nlohmann::json{{"name", "default"}});
    if (!keys.is_object() || !keys.contains("name") || !keys["name"].is_string())
        return fieldError(key, "chunk_key_encoding", "an object with a name");
    const std::string encoding = keys["name"];
    if (encoding != "default" && encoding != "v2")
        return fieldError(key, "chunk_key_encoding", "\"default\" or \"v2\"");
    s.m_v3DefaultKeys = encoding == "default";
    s.m_separator = s.m_v3DefaultKeys ? "/" : ".";
    if (keys.contains("configuration") && keys["configuration"].is_object() &&
        keys["configuration"].contains("separator")) {
        const auto sep = keys["configuration"]["separator"];
        if (sep != "/" && sep != ".")
            return fieldError(key, "separator", "\".\" or \"/\"");
        s.m_separator = sep;
    }
    auto pipeline = parseCodecs(meta.value("codecs", nlohmann::json()), key, shape->size(), 0);
    if (!pipeline)
        return pipeline.error();
    s.m_pipeline = std::move(*pipeline);
    const bool bigEndian = s.m_pipeline->sharded ? s.m_pipeline->inner->bigEndian : s.m_pipeline->bigEndian;
    if (!meta.contains("data_type") || !meta["data_type"].is_string())
        return fieldError(key, "data_type", "a data type name");
    auto item = zarrV3DataType(meta["data_type"], bigEndian);
    if (!item)
        return item.error();
    auto fill = zarrFillValue(meta.value("fill_value", nlohmann::json()), *item);
    if (!fill)
        return fill.error();
    s.m_info.shape = *shape;
    s.m_info.chunks = *chunks;
    if (s.m_pipeline->sharded) {
        s.m_shardShape = *chunks;
        s.m_info.chunks = s.m_pipeline->innerChunks;
        for (std::size_t k = 0; k < chunks->size(); ++k)
            if ((*chunks)[k] % s.m_info.chunks[k] != 0)
                return fieldError(key, "chunk_shape", "a divisor of the shard shape");
    }
    s.m_info.itemsize = item->itemsize;
    s.m_info.format = item->format;
    s.m_info.fill = *fill;
    s.m_info.storage = {{"zarr_format", 3},
                        {"data_type", meta["data_type"]},
                        {"fill_value", meta.value("fill_value", nlohmann::json())},
                        {"codecs", s.m_pipeline->description},
                        {"chunk_key_encoding", keys}};
    if (s.m_pipeline->sharded)
        s.m_info.storage["shard_shape"] = *chunks;
    return {};
}

} // namespace

Result<std::vector<std::uint64_t>> decodeShardIndex(const std::string &key,
                                                    std::span<const std::byte> bytes,
                                                    std::size_t chunks, bool bigEndian, bool crc)
{
    const std::size_t need = chunks * 16 + (crc ? 4 : 0);
    if (bytes.size() != need)
        return makeError(ErrorCategory::Io, "zarr: shard index of '" + key + "' has " +
                                                std::to_string(bytes.size()) + " bytes, " +
                                                std::to_string(chunks) + " chunks need " +
                                                std::to_string(need));
    if (crc) {
        std::uint32_t stored = 0;
        for (int i = 3; i >= 0; --i)
            stored = stored << 8 | static_cast<std::uint32_t>(bytes[chunks * 16 + std::size_t(i)]);
        if (stored != crc32c(bytes.first(chunks * 16)))
            return makeError(ErrorCategory::Io, "zarr: shard index of '" + key +
                                                    "' does not match its crc32c checksum");
    }
    std::vector<std::uint64_t> out(chunks * 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::uint64_t v = 0;
        for (int b = 0; b < 8; ++b) {
            const auto byte = static_cast<std::uint64_t>(bytes[i * 8 + std::size_t(bigEndian ? b : 7 - b)]);
            v = v << 8 | byte;
        }
        out[i] = v;
    }
    for (std::size_t i = 0; i < chunks; ++i) {
        const std::uint64_t offset = out[2 * i], size = out[2 * i + 1];
        if ((offset == kAbsent) != (size == kAbsent) || (offset != kAbsent && offset > kAbsent - size))
            return makeError(ErrorCategory::Io, "zarr: shard index of '" + key + "' entry " +
                                                    std::to_string(i) + " is not a byte range");
    }
    return out;
}

Result<std::shared_ptr<ChunkSource>> parseZarrMetadata(std::shared_ptr<ChunkStore> store,
                                                       const std::string &path,
                                                       const std::string &metadataKey,
                                                       const std::string &text,
                                                       const std::string &displayPath)
{
    auto meta = nlohmann::json::parse(text, nullptr, false);
    if (meta.is_discarded() || !meta.is_object())
        return makeError(ErrorCategory::Syntax, "zarr: '" + metadataKey + "' is not a JSON object");
    auto source = std::make_shared<ZarrSource>();
    source->m_store = std::move(store);
    source->m_prefix = prefixOf(path);
    source->m_metadataKey = metadataKey;
    source->m_metadataText = text;
    source->m_info.kind = "zarr";
    source->m_info.path = displayPath;
    const bool v3 = metadataKey.size() >= 9 && metadataKey.compare(metadataKey.size() - 9, 9, "zarr.json") == 0;
    const auto format = meta.find("zarr_format");
    if (format == meta.end() || *format != (v3 ? 3 : 2))
        return fieldError(metadataKey, "zarr_format", v3 ? "3" : "2");
    try {
        if (auto status = v3 ? parseV3(*source, meta, metadataKey) : parseV2(*source, meta, metadataKey); !status)
            return status.error();
    } catch (const nlohmann::json::exception &) {
        // Every field is checked before use; this only keeps a missed case from escaping.
        return makeError(ErrorCategory::Syntax, "zarr: '" + metadataKey + "' has a field of the wrong type");
    }
    source->m_info.storage["store"] = source->m_store ? source->m_store->root() : "";
    source->m_info.storage["chunk_shape"] = source->m_info.chunks;
    return std::shared_ptr<ChunkSource>(source);
}

Result<std::shared_ptr<ChunkSource>> openZarrArray(std::shared_ptr<ChunkStore> store,
                                                   const std::string &path,
                                                   const std::string &displayPath)
{
    const std::string prefix = prefixOf(path);
    for (const char *name : {".zarray", "zarr.json"}) {
        auto bytes = store->get(prefix + name);
        if (!bytes)
            return bytes.error();
        if (!*bytes)
            continue;
        const std::string text(reinterpret_cast<const char *>((*bytes)->data()), (*bytes)->size());
        return parseZarrMetadata(std::move(store), path, prefix + name, text, displayPath);
    }
    return makeError(ErrorCategory::Io, "zarr: '" + store->root() + (prefix.empty() ? "" : "/" + prefix.substr(0, prefix.size() - 1)) +
                                            "' has no .zarray or zarr.json");
}

} // namespace bufferscope
