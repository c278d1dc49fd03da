// SPDX-License-Identifier: GPL-3.0-or-later
// An exporter for image files (PNG, JPEG, BMP, PPM/PGM and whatever else Qt Gui's
// QImageReader reads), exported PIL-style: every row its own allocation, reached through an
// array of row pointers, as PEP 3118's suboffsets were designed for.
//
// Pixel layout: an image of H rows and W columns is exported with shape (H, W, C), 8 bits
// per channel, where C is decided by the decoded image, never by its pixel values:
//   C = 1  gray without alpha (8/16-bit gray, or a palette/1-bit image whose colours are all
//          gray, e.g. PGM, PBM, gray PNG/JPEG, 8-bit gray BMP); 16-bit gray is scaled to 8;
//   C = 4  any image with an alpha channel, as R, G, B, A (not premultiplied);
//   C = 3  everything else, as R, G, B.
//
// Memory layout (H = 3, W = 2, C = 3):
//
//   buf ──► ┌─────────┐  pointer array: H entries of sizeof(void*) bytes each
//           │ row 0 ──┼──► [ r g b | r g b ]   row 0: W*C bytes, its own allocation
//           │ row 1 ──┼──► [ r g b | r g b ]   row 1
//           │ row 2 ──┼──► [ r g b | r g b ]   row 2
//           └─────────┘
//   shape (H, W, C), strides (sizeof(void*), C, 1), suboffsets (0, -1, -1),
//   format "B", itemsize 1, len H*W*C, readonly.
//
// Element (y, x, c): read the pointer at buf + y*sizeof(void*), add suboffset 0, then add
// x*C + c. The buffer is neither C- nor F-contiguous (it has suboffsets), so a consumer must
// ask for INDIRECT.
//
// Ownership rules: the exporter owns the pointer array and every row; they stay in place
// until close(), which is refused while buffers are exported. data() is the pointer array;
// allocations() is the pointer array followed by each row, in row order.
#pragma once

#include "exporters/exporter.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace bufferscope {

class ImageExporter : public Exporter
{
public:
    // Reads and decodes the file. Errors (ErrorCategory::Io) name the file and the reader's
    // reason: "image: cannot read '/x.png': Unsupported image format",
    // "image: cannot read '/x.png': File not found", "image: cannot read '/tmp': Is a directory".
    static Result<std::unique_ptr<ImageExporter>> open(const std::string &path);

    // Builds the PIL-style export from rows of 8-bit pixels already decoded: `pixels` holds
    // height*width*channels bytes, row-major. `path` is recorded in source() only.
    // channels must be 1, 3 or 4; height and width at least 1.
    static Result<std::unique_ptr<ImageExporter>> fromPixels(std::int64_t height,
                                                             std::int64_t width, int channels,
                                                             std::span<const std::byte> pixels,
                                                             std::string path = {});

    const Descriptor &descriptor() const override { return m_descriptor; }
    SourceInfo source() const override; // {"image", path, {"channels": C}}
    std::span<std::byte> data() const override;
    std::vector<std::span<const std::byte>> allocations() const override;

    std::int64_t height() const { return m_height; }
    std::int64_t width() const { return m_width; }
    int channels() const { return m_channels; }

protected:
    std::string closingName() const override { return "image"; }
    void freeData() override; // the rows and the pointer array

private:
    // Only the factories construct; the tag keeps the constructor out of reach elsewhere
    // while letting std::make_unique call it.
    struct PrivateTag
    {
        explicit PrivateTag() = default;
    };

public:
    explicit ImageExporter(PrivateTag) {}

private:
    static std::unique_ptr<ImageExporter>
    assemble(std::int64_t height, std::int64_t width, int channels, std::string path,
             const std::function<const std::byte *(std::int64_t y)> &row);

    std::string m_path;
    std::int64_t m_height = 0;
    std::int64_t m_width = 0;
    int m_channels = 0;
    // Each row is a separate heap allocation, as in PIL: nothing guarantees rows are adjacent.
    std::vector<std::unique_ptr<std::byte[]>> m_rows;
    // The pointer array descriptor.buf points at; mutable because data() hands out a
    // writable span of it (consumers of a readonly buffer never write through it).
    mutable std::vector<std::byte *> m_rowPointers;
    Descriptor m_descriptor;
};

} // namespace bufferscope
