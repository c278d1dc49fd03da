// SPDX-License-Identifier: GPL-3.0-or-later
// NumPy basic indexing on a descriptor: integers, slices, one ellipsis and None, checked in
// NumPy's order (prepare_index reads the whole index first, then each item is applied from
// left to right) with its texts; suboffsets move as memoryview slicing moves them.
#include "views/steps.h"

#include <cstring>
#include <limits>

namespace bufferscope::steps {

namespace {

struct Slice
{
    Index start = 0;
    Index step = 1;
    Index length = 0;
};

// PySlice_Unpack + PySlice_AdjustIndices for a dimension of `size` (step != 0). The
// arithmetic is done as CPython does it, clamping before any multiplication.
Slice adjustSlice(const IndexItem &item, Index size)
{
    Slice out;
    out.step = item.step.value_or(1);
    if (out.step < -std::numeric_limits<Index>::max())
        out.step = -std::numeric_limits<Index>::max(); // PySlice_Unpack's clamp
    const bool backwards = out.step < 0;
    Index start = 0;
    Index stop = 0;
    if (item.start) {
        start = *item.start;
        if (start < 0) {
            start = start < -size ? (backwards ? -1 : 0) : start + size;
        } else if (start >= size) {
            start = backwards ? size - 1 : size;
        }
    } else {
        start = backwards ? size - 1 : 0;
    }
    if (item.stop) {
        stop = *item.stop;
        if (stop < 0) {
            stop = stop < -size ? (backwards ? -1 : 0) : stop + size;
        } else if (stop >= size) {
            stop = backwards ? size - 1 : size;
        }
    } else {
        stop = backwards ? -1 : size;
    }
    out.start = start;
    if (!backwards)
        out.length = stop > start ? (stop - start - 1) / out.step + 1 : 0;
    else
        out.length = stop < start ? (start - stop - 1) / (-out.step) + 1 : 0;
    if (out.length == 0) {
        // NumPy's get_view_from_index: an empty slice points at the axis start with step 1.
        out.start = 0;
        out.step = 1;
    }
    return out;
}

Error overflow()
{
    return makeError(ErrorCategory::Limit, "index: stride overflows");
}

} // namespace

Result<Descriptor> index(const Descriptor &in, const std::vector<IndexItem> &items,
                         const ByteReader *reader)
{
    // prepare_index: ellipses are counted as they come, then the number of indexed axes.
    int ellipses = 0;
    int indexed = 0;
    for (const IndexItem &item : items) {
        if (item.kind == IndexItem::Kind::Ellipsis) {
            if (++ellipses > 1)
                return makeError(ErrorCategory::Bounds,
                                 "an index can only have a single ellipsis ('...')");
        } else if (item.kind != IndexItem::Kind::NewAxis) {
            ++indexed;
        }
    }
    if (indexed > in.ndim())
        return makeError(ErrorCategory::Bounds,
                         "too many indices for array: array is " + std::to_string(in.ndim()) +
                             "-dimensional, but " + std::to_string(indexed) + " were indexed");

    Descriptor out = in;
    out.shape.clear();
    out.strides.clear();
    out.suboffsets.clear();
    const bool indirect = in.hasSuboffsets();
    auto keep = [&](std::int64_t size, ByteOffset stride, ByteOffset suboffset) {
        out.shape.push_back(size);
        out.strides.push_back(stride);
        if (indirect)
            out.suboffsets.push_back(suboffset);
    };
    // True while every source dimension so far was removed by an integer index.
    bool noneKept = true;
    int dim = 0;
    for (const IndexItem &item : items) {
        switch (item.kind) {
        case IndexItem::Kind::Ellipsis:
            for (int k = 0; k < in.ndim() - indexed; ++k, ++dim) {
                keep(in.shape[dim], in.strides[dim], indirect ? in.suboffsets[dim] : -1);
                noneKept = false;
            }
            break;
        case IndexItem::Kind::NewAxis:
            // NumPy gives a new axis stride 0; it never dereferences.
            keep(1, 0, -1);
            break;
        case IndexItem::Kind::Integer: {
            const Index size = in.shape[dim];
            Index i = item.value;
            if (i < -size || i >= size)
                return makeError(ErrorCategory::Bounds, "index " + std::to_string(item.value) +
                                                            " is out of bounds for axis " +
                                                            std::to_string(dim) + " with size " +
                                                            std::to_string(size));
            if (i < 0)
                i += size;
            const auto offset = checkedMultiply(in.strides[dim], i);
            if (!offset)
                return overflow();
            const bool dereferences = indirect && in.suboffsets[dim] >= 0;
            if (dereferences && !noneKept)
                return makeError(ErrorCategory::Structure,
                                 "index: cannot remove axis " + std::to_string(dim) +
                                     ": it dereferences pointers after a kept axis "
                                     "(use a slice)");
            if (auto status = addStartOffset(out, out.ndim(), *offset); !status)
                return status.error();
            if (dereferences) {
                // _testbuffer's ndarray[i]: follow the pointer now that nothing precedes it.
                // Kept new axes have stride 0, so buf is the pointer's address.
                std::byte *pointer = nullptr;
                if (reader) {
                    const ReadRun run{reinterpret_cast<Address>(out.buf), sizeof pointer,
                                      reinterpret_cast<std::byte *>(&pointer)};
                    if (auto read = reader->read({&run, 1}); !read)
                        return read.error();
                } else {
                    std::memcpy(&pointer, out.buf, sizeof pointer);
                }
                out.buf = pointer;
                if (auto status = addStartOffset(out, 0, in.suboffsets[dim]); !status)
                    return status.error();
            }
            ++dim;
            break;
        }
        case IndexItem::Kind::Slice: {
            if (item.step && *item.step == 0)
                return makeError(ErrorCategory::Value, "slice step cannot be zero");
            const Slice slice = adjustSlice(item, in.shape[dim]);
            const auto offset = checkedMultiply(in.strides[dim], slice.start);
            const auto stride = checkedMultiply(in.strides[dim], slice.step);
            if (!offset || !stride)
                return overflow();
            if (auto status = addStartOffset(out, out.ndim(), *offset); !status)
                return status.error();
            keep(slice.length, *stride, indirect ? in.suboffsets[dim] : -1);
            noneKept = false;
            ++dim;
            break;
        }
        }
    }
    // Axes not named by the index (and no ellipsis) are kept whole, as NumPy appends them.
    for (; dim < in.ndim(); ++dim)
        keep(in.shape[dim], in.strides[dim], indirect ? in.suboffsets[dim] : -1);
    if (auto status = finish(out, "index"); !status)
        return status.error();
    return out;
}

} // namespace bufferscope::steps
