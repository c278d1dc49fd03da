// SPDX-License-Identifier: GPL-3.0-or-later
// PyBuffer_GetPointer and its checked and direct variants.
#include "buffer/addressing.h"

#include <cstring>
#include <string>
#include <vector>

namespace bufferscope {

std::byte *elementPointer(const Descriptor &d, std::span<const Index> index)
{
    std::byte *p = d.buf;
    for (std::size_t i = 0; i < index.size(); ++i) {
        p += d.strides[i] * index[i];
        if (d.hasSuboffsets() && d.suboffsets[i] >= 0) {
            std::byte *target = nullptr;
            std::memcpy(&target, p, sizeof target);
            p = target + d.suboffsets[i];
        }
    }
    return p;
}

ByteOffset elementOffset(const Descriptor &d, std::span<const Index> index)
{
    ByteOffset offset = 0;
    for (std::size_t i = 0; i < index.size(); ++i)
        offset += d.strides[i] * index[i];
    return offset;
}

Result<std::byte *> checkedElementPointer(const Descriptor &d, std::span<const Index> index)
{
    const std::size_t ndim = d.shape.size();
    if (index.size() != ndim) {
        const char *which = index.size() > ndim ? "too many" : "too few";
        return makeError(ErrorCategory::Bounds, std::string(which) +
                                                    " indices for array: array is " +
                                                    std::to_string(ndim) + "-dimensional, but " +
                                                    std::to_string(index.size()) + " were indexed");
    }
    std::vector<Index> resolved(index.begin(), index.end());
    for (std::size_t i = 0; i < ndim; ++i) {
        Index k = resolved[i];
        if (k < 0)
            k += d.shape[i];
        if (k < 0 || k >= d.shape[i])
            return makeError(ErrorCategory::Bounds,
                             "index " + std::to_string(index[i]) + " is out of bounds for axis " +
                                 std::to_string(i) + " with size " + std::to_string(d.shape[i]));
        resolved[i] = k;
    }
    return elementPointer(d, resolved);
}

} // namespace bufferscope
