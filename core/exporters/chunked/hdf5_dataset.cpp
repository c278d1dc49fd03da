// SPDX-License-Identifier: GPL-3.0-or-later
// Hdf5Source: type -> format, layout -> chunk grid, one hyperslab read per chunk.
#include "exporters/chunked/hdf5_dataset.h"

#include "exporters/chunked/chunk_stamp.h"

#include <hdf5.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <mutex>

namespace bufferscope {

namespace {

std::recursive_mutex &hdf5Lock()
{
    static std::recursive_mutex mutex;
    return mutex;
}

// The library prints its error stack to stderr unless told not to, and the setting is per
// thread in a thread-safe build: every thread that calls it (chunk loaders too) says so once.
void silenceErrors()
{
    thread_local bool silenced = false;
    if (!silenced) {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        silenced = true;
    }
}

// The innermost message of the current error stack ("inflate() failed"): the cause, where
// the outer ones only say "can't read data".
std::string innermostError()
{
    std::string text;
    H5Ewalk2(
        H5E_DEFAULT, H5E_WALK_DOWNWARD,
        [](unsigned, const H5E_error2_t *error, void *data) -> herr_t {
            if (error->desc)
                *static_cast<std::string *>(data) = error->desc;
            return 0;
        },
        &text);
    return text;
}

// Closes an HDF5 identifier with the right function when it goes out of scope.
struct Handle
{
    hid_t id = -1;
    herr_t (*closer)(hid_t) = nullptr;
    Handle(hid_t i, herr_t (*c)(hid_t)) : id(i), closer(c) {}
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;
    ~Handle()
    {
        if (id >= 0 && closer)
            closer(id);
    }
};

// The PEP 3118 format of an HDF5 type, '' when unsupported.
std::string formatOf(hid_t type, std::string &why)
{
    const H5T_class_t cls = H5Tget_class(type);
    const std::size_t size = H5Tget_size(type);
    const std::string order = H5Tget_order(type) == H5T_ORDER_BE ? ">" : "<";
    switch (cls) {
    case H5T_INTEGER: {
        const bool sign = H5Tget_sign(type) == H5T_SGN_2;
        const char *codes = sign ? "bhiq" : "BHIQ";
        const int at = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : size == 8 ? 3 : -1;
        if (at < 0)
            break;
        return order + codes[at];
    }
    case H5T_FLOAT:
        if (size == 2)
            return order + "e";
        if (size == 4)
            return order + "f";
        if (size == 8)
            return order + "d";
        break;
    case H5T_STRING:
        if (H5Tis_variable_str(type) > 0) {
            why = "variable-length strings";
            return "";
        }
        return "<" + std::to_string(size) + "s";
    case H5T_ENUM: {
        Handle base(H5Tget_super(type), H5Tclose);
        return formatOf(base.id, why);
    }
    case H5T_ARRAY: {
        const int rank = H5Tget_array_ndims(type);
        std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
        H5Tget_array_dims2(type, dims.data());
        Handle base(H5Tget_super(type), H5Tclose);
        const std::string inner = formatOf(base.id, why);
        if (inner.empty())
            return "";
        std::string shape;
        for (auto d : dims)
            shape += (shape.empty() ? "" : ",") + std::to_string(d);
        return "(" + shape + ")" + inner;
    }
    case H5T_COMPOUND: {
        const int members = H5Tget_nmembers(type);
        // h5py's (and most writers') complex numbers: {r, i} of one float type.
        if (members == 2 && H5Tget_member_class(type, 0) == H5T_FLOAT &&
            H5Tget_member_offset(type, 1) == size / 2) {
            Handle re(H5Tget_member_type(type, 0), H5Tclose), im(H5Tget_member_type(type, 1), H5Tclose);
            char *n0 = H5Tget_member_name(type, 0), *n1 = H5Tget_member_name(type, 1);
            const bool named = n0 && n1 && std::string(n0) == "r" && std::string(n1) == "i";
            H5free_memory(n0);
            H5free_memory(n1);
            const std::string part = formatOf(re.id, why);
            if (named && H5Tequal(re.id, im.id) > 0 && (part.back() == 'f' || part.back() == 'd'))
                return part.substr(0, part.size() - 1) + "Z" + part.back();
        }
        std::string text = "T{";
        std::size_t at = 0;
        std::vector<std::pair<std::size_t, int>> byOffset;
        for (int m = 0; m < members; ++m)
            byOffset.emplace_back(H5Tget_member_offset(type, unsigned(m)), m);
        std::sort(byOffset.begin(), byOffset.end());
        for (auto [offset, m] : byOffset) {
            if (offset < at) {
                why = "overlapping compound members";
                return "";
            }
            if (offset > at)
                text += std::to_string(offset - at) + "x";
            Handle member(H5Tget_member_type(type, unsigned(m)), H5Tclose);
            const std::string inner = formatOf(member.id, why);
            char *name = H5Tget_member_name(type, unsigned(m));
            const std::string field = name ? name : "";
            H5free_memory(name);
            if (inner.empty() || field.empty() || field.find_first_of(":{}()") != std::string::npos) {
                if (why.empty())
                    why = "member '" + field + "'";
                return "";
            }
            text += inner + ":" + field + ":";
            at = offset + H5Tget_size(member.id);
        }
        if (size > at)
            text += std::to_string(size - at) + "x";
        return text + "}";
    }
    default:
        break;
    }
    if (why.empty())
        why = "class " + std::to_string(int(cls)) + " of " + std::to_string(size) + " bytes";
    return "";
}

std::uint64_t fileStamp(const std::string &path)
{
    struct stat info
    {
    };
    if (::stat(path.c_str(), &info) != 0)
        return 0;
    return mixStamp({static_cast<std::uint64_t>(info.st_size),
                     static_cast<std::uint64_t>(info.st_mtim.tv_sec),
                     static_cast<std::uint64_t>(info.st_mtim.tv_nsec)});
}

class Hdf5Source : public ChunkSource
{
public:
    ChunkedArrayInfo m_info;
    std::string m_dataset;
    hid_t m_file = -1, m_dset = -1, m_type = -1;
    bool m_chunked = false;
    std::string m_filePath;
    std::uint64_t m_fileStamp = 0; // size and modification time when opened

    ~Hdf5Source() override
    {
        std::lock_guard lock(hdf5Lock());
        if (m_type >= 0)
            H5Tclose(m_type);
        if (m_dset >= 0)
            H5Dclose(m_dset);
        if (m_file >= 0)
            H5Fclose(m_file);
    }

    const ChunkedArrayInfo &info() const override { return m_info; }

    std::string chunkKey(std::span<const std::int64_t> coords) const override
    {
        std::string key = m_dataset + " chunk (";
        for (std::size_t i = 0; i < coords.size(); ++i)
            key += (i ? ", " : "") + std::to_string(coords[i]);
        return key + (coords.size() == 1 ? ",)" : ")");
    }

    ChunkProbe probeChunk(std::span<const std::int64_t> coords) const override
    {
        if (!m_chunked)
            return {ChunkProbe::State::Present, chunkBytes(coords)};
        std::lock_guard lock(hdf5Lock());
        silenceErrors();
        std::vector<hsize_t> start(coords.size());
        for (std::size_t k = 0; k < coords.size(); ++k)
            start[k] = hsize_t(coords[k] * m_info.chunks[k]);
        unsigned mask = 0;
        haddr_t address = HADDR_UNDEF;
        hsize_t stored = 0;
        if (H5Dget_chunk_info_by_coord(m_dset, start.data(), &mask, &address, &stored) < 0 ||
            address == HADDR_UNDEF)
            return {ChunkProbe::State::Absent, 0};
        return {ChunkProbe::State::Present, stored};
    }

    std::optional<std::uint64_t> storedBytesTotal() const override
    {
        std::lock_guard lock(hdf5Lock());
        return H5Dget_storage_size(m_dset);
    }

    Status checkMetadata() const override
    {
        if (fileStamp(m_filePath) != m_fileStamp)
            return makeError(ErrorCategory::Io,
                             "hdf5: '" + m_filePath + "' changed on storage since it was opened");
        return {};
    }

    // Bytes of the part of chunk `coords` inside the dataset (a contiguous dataset's row block).
    std::uint64_t chunkBytes(std::span<const std::int64_t> coords) const
    {
        std::uint64_t bytes = std::uint64_t(m_info.itemsize);
        for (std::size_t k = 0; k < coords.size(); ++k)
            bytes *= std::uint64_t(
                std::min(m_info.chunks[k], m_info.shape[k] - coords[k] * m_info.chunks[k]));
        return bytes;
    }

    Result<LoadedChunk> loadChunk(std::span<const std::int64_t> coords,
                                  std::span<std::byte> out) const override
    {
        std::lock_guard lock(hdf5Lock());
        silenceErrors();
        const std::size_t n = m_info.shape.size();
        std::vector<hsize_t> start(n), count(n), zero(n, 0), full(n);
        for (std::size_t k = 0; k < n; ++k) {
            start[k] = hsize_t(coords[k] * m_info.chunks[k]);
            count[k] = hsize_t(std::min(m_info.chunks[k], m_info.shape[k] - coords[k] * m_info.chunks[k]));
            full[k] = hsize_t(m_info.chunks[k]);
        }
        haddr_t address = HADDR_UNDEF;
        hsize_t stored = 0;
        unsigned mask = 0;
        if (m_chunked) {
            if (H5Dget_chunk_info_by_coord(m_dset, start.data(), &mask, &address, &stored) < 0 ||
                address == HADDR_UNDEF)
                return LoadedChunk{}; // never written: the fill value
        }
        Handle fileSpace(H5Dget_space(m_dset), H5Sclose);
        Handle memSpace(H5Screate_simple(int(n), n ? full.data() : nullptr, nullptr), H5Sclose);
        if (n > 0) {
            H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
            H5Sselect_hyperslab(memSpace.id, H5S_SELECT_SET, zero.data(), nullptr, count.data(), nullptr);
        }
        if (H5Dread(m_dset, m_type, memSpace.id, fileSpace.id, H5P_DEFAULT, out.data()) < 0) {
            std::string range = m_chunked ? " (bytes " + std::to_string(address) + ".." +
                                                std::to_string(address + stored) + ")"
                                          : "";
            const std::string why = innermostError();
            return makeError(ErrorCategory::Io, "hdf5: " + chunkKey(coords) + range +
                                                    " cannot be read or decoded" +
                                                    (why.empty() ? "" : ": " + why));
        }
        if (!m_chunked)
            return LoadedChunk{true, chunkBytes(coords), m_fileStamp};
        // Where the chunk lives and how big it is: rewriting it moves or resizes it.
        return LoadedChunk{true, stored, mixStamp({address, stored, mask})};
    }
};

} // namespace

bool isHdf5File(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    char magic[8] = {};
    return in.read(magic, 8) && std::memcmp(magic, "\211HDF\r\n\032\n", 8) == 0;
}

Result<std::vector<std::string>> listHdf5Datasets(const std::string &path)
{
    std::lock_guard lock(hdf5Lock());
    silenceErrors();
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (file.id < 0)
        return makeError(ErrorCategory::Io, "hdf5: cannot open '" + path + "'");
    std::vector<std::string> names;
    auto visit = [](hid_t, const char *name, const H5O_info_t *info, void *data) -> herr_t {
        if (info->type == H5O_TYPE_DATASET)
            static_cast<std::vector<std::string> *>(data)->push_back(std::string("/") + name);
        return 0;
    };
    H5Ovisit(file.id, H5_INDEX_NAME, H5_ITER_INC, visit, &names);
    std::sort(names.begin(), names.end());
    return names;
}

Result<std::shared_ptr<ChunkSource>> openHdf5Dataset(const std::string &file,
                                                     const std::string &dataset,
                                                     const std::string &displayPath)
{
    std::lock_guard lock(hdf5Lock());
    silenceErrors();
    auto source = std::make_shared<Hdf5Source>();
    source->m_dataset = dataset;
    source->m_filePath = file;
    source->m_fileStamp = fileStamp(file);
    source->m_info.kind = "hdf5";
    source->m_info.path = displayPath;
    source->m_file = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (source->m_file < 0)
        return makeError(ErrorCategory::Io, "hdf5: cannot open '" + file + "'");
    // No HDF5 chunk cache: ChunkReader keeps the decoded chunks.
    Handle dapl(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose);
    H5Pset_chunk_cache(dapl.id, 0, 0, 1.0);
    source->m_dset = H5Dopen2(source->m_file, dataset.c_str(), dapl.id);
    if (source->m_dset < 0)
        return makeError(ErrorCategory::Io, "hdf5: cannot open dataset '" + dataset + "' of '" + file + "'");
    source->m_type = H5Dget_type(source->m_dset);
    std::string why;
    source->m_info.format = formatOf(source->m_type, why);
    if (source->m_info.format.empty())
        return makeError(ErrorCategory::Value, "hdf5: data type of '" + dataset + "' is not supported (" + why + ")");
    source->m_info.itemsize = static_cast<std::int64_t>(H5Tget_size(source->m_type));
    Handle space(H5Dget_space(source->m_dset), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space.id);
    if (rank < 0 || rank > 32)
        return makeError(ErrorCategory::Value, "hdf5: dataspace of '" + dataset + "' is not simple");
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
    for (auto d : dims)
        source->m_info.shape.push_back(std::int64_t(d));
    Handle dcpl(H5Dget_create_plist(source->m_dset), H5Pclose);
    source->m_chunked = H5Pget_layout(dcpl.id) == H5D_CHUNKED;
    nlohmann::json filters = nlohmann::json::array();
    if (source->m_chunked) {
        std::vector<hsize_t> chunk(static_cast<std::size_t>(rank));
        H5Pget_chunk(dcpl.id, rank, chunk.data());
        for (auto c : chunk)
            source->m_info.chunks.push_back(std::int64_t(c));
        const int nfilters = H5Pget_nfilters(dcpl.id);
        for (int f = 0; f < nfilters; ++f) {
            unsigned flags = 0, config = 0;
            std::size_t nvalues = 8;
            unsigned values[8] = {};
            char name[256] = {};
            const H5Z_filter_t id = H5Pget_filter2(dcpl.id, unsigned(f), &flags, &nvalues, values,
                                                   sizeof name, name, &config);
            filters.push_back({{"id", id}, {"name", name}});
        }
    } else {
        // Contiguous or compact: row blocks of about 1 MiB as the unit of reading.
        std::int64_t rowBytes = source->m_info.itemsize;
        for (std::size_t k = 1; k < dims.size(); ++k)
            rowBytes *= std::max<std::int64_t>(1, source->m_info.shape[k]);
        for (std::size_t k = 0; k < dims.size(); ++k)
            source->m_info.chunks.push_back(k == 0 ? std::max<std::int64_t>(1, (std::int64_t(1) << 20) / std::max<std::int64_t>(rowBytes, 1))
                                                   : std::max<std::int64_t>(1, source->m_info.shape[k]));
    }
    source->m_info.fill.assign(std::size_t(source->m_info.itemsize), std::byte{0});
    H5D_fill_value_t defined = H5D_FILL_VALUE_UNDEFINED;
    if (H5Pfill_value_defined(dcpl.id, &defined) >= 0 && defined == H5D_FILL_VALUE_USER_DEFINED)
        H5Pget_fill_value(dcpl.id, source->m_type, source->m_info.fill.data());
    source->m_info.storage = {{"layout", source->m_chunked ? "chunked" : "contiguous"},
                              {"filters", filters},
                              {"chunk_shape", source->m_info.chunks},
                              {"stored_bytes", H5Dget_storage_size(source->m_dset)},
                              {"file", file},
                              {"dataset", dataset}};
    return std::shared_ptr<ChunkSource>(source);
}

} // namespace bufferscope
