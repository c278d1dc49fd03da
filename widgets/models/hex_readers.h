// SPDX-License-Identifier: GPL-3.0-or-later
// Who reads these bytes: for a byte range of one allocation of an exporter, the elements of
// every buffer in the tree over that exporter (the exporter itself and each nested view) that
// read them, as the one-line text the hex view shows under its bytes.
#pragma once

#include "buffer/footprint.h"
#include "models/buffer_tree_model.h"

#include <QString>

#include <span>

namespace bufferscope {

// "volume.npy" for an exporter row, "volume.npy[::2, 5].T" for a view row (the top-level
// name followed by the view's full expression).
QString bufferDisplayName(const BufferTreeModel &model, const QModelIndex &index);

// "[3, 7]"; "[]" for the element of a 0-dimensional buffer.
QString indexText(std::span<const Index> index);

struct ReadersQuery
{
    const Exporter *exporter = nullptr;
    std::span<const std::byte> allocation; // one of exporter->allocations()
    QString allocationName;                // "" for the exporter's data(), else "row 3, "
    ByteRange bytes;                       // the selection, relative to the allocation
    const BufferSource *first = nullptr;   // listed first (the selected buffer)
    std::size_t perBuffer = 4;             // elements listed per buffer before "…"
    ByteOffset maxBytes = 4096;            // bytes of a long selection that are asked about
};

// "byte 0x1a4: volume.npy[::2, 5].T [3, 7]; volume.npy [0, 1, 9]" for one byte;
// "bytes 0x10-0x1f: ..." for a range; buffers that read none of the bytes are left out, and
// "no buffer reads it" / "no buffer reads them" when none does. Elements are listed in C order
// per byte, bytes in ascending order, each element once; "…" marks a buffer with more.
QString readersText(const BufferTreeModel &model, const ReadersQuery &query);

} // namespace bufferscope
