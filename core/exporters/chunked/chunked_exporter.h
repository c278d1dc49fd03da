// SPDX-License-Identifier: GPL-3.0-or-later
// A chunked array (a Zarr array, an HDF5 dataset) as an exporter. Its descriptor is the whole
// array, C-contiguous, read-only, at ChunkReader::kBaseAddress of the array's own address
// space: nothing is read when it opens, and every view, copy, render, value table, hex view
// and --tobytes reads through reader(), which loads only the chunks the request touches.
//
// Ownership: the exporter owns the reader; views hold the reader (shared) for as long as
// they live, and close() is refused while any view holds an export.
#pragma once

#include "exporters/chunked/chunk_reader.h"
#include "exporters/exporter.h"

#include <memory>
#include <mutex>
#include <optional>

namespace bufferscope {

class ChunkedExporter : public Exporter
{
    struct PrivateTag
    {
        explicit PrivateTag() = default;
    };

public:
    // Refusals: Limit "chunked: the array's 123 items of 8 bytes overflow 64 bits",
    // Format when info().format does not parse or its itemsize is not info().itemsize.
    static Result<std::unique_ptr<ChunkedExporter>> create(std::shared_ptr<const ChunkSource> source);

    ChunkedExporter(PrivateTag, std::shared_ptr<const ChunkSource> source, Descriptor descriptor);

    const Descriptor &descriptor() const override { return m_descriptor; }
    SourceInfo source() const override; // {"zarr" | "hdf5", "PATH[::INNER]", {}}
    // The array's address range in its own space: for offsets only, never dereferenced.
    std::span<std::byte> data() const override;
    std::shared_ptr<const ByteReader> reader() const override { return m_reader; }
    // Refused once the store was seen to change under the array: the metadata (found by
    // refresh()) or a chunk whose stored bytes differ from its first load's, e.g.
    //   Io "chunked: chunk '0.1' changed on storage since it was first read"
    //   Io "chunked: chunks '0.1', '1.1' and 3 more changed on storage since they were first read"
    //   Io "zarr: '.zarray' changed on storage since the array was opened"
    Status checkData() const override;
    // The user's refresh: reads the metadata again (a change is kept for checkData) and drops
    // every decoded chunk, so the next reads load them again and compare their stamps.
    void refresh();
    // The whole array's stored bytes (ChunkSource::storedBytesTotal), asked once and kept.
    std::optional<std::uint64_t> storedBytesTotal() const;

    const ChunkReader &chunkReader() const { return *m_reader; }
    ChunkReader &chunkReader() { return *m_reader; }
    const ChunkedArrayInfo &info() const { return m_source->info(); }

protected:
    std::string closingName() const override; // "chunked array"
    void freeData() override;                 // drops the decoded chunks

private:
    std::shared_ptr<const ChunkSource> m_source;
    std::shared_ptr<ChunkReader> m_reader;
    Descriptor m_descriptor;
    std::optional<Error> m_metadataChange;
    mutable std::once_flag m_totalOnce;
    mutable std::optional<std::uint64_t> m_storedTotal;
};

} // namespace bufferscope
