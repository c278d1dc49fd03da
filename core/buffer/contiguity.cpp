// SPDX-License-Identifier: GPL-3.0-or-later
// CPython's contiguity rules: PyBuffer_IsContiguous and memoryview's init_flags.
#include "buffer/contiguity.h"

namespace bufferscope {

namespace {

// The walk both orders share; `reverse` walks from the last dimension to the first (C).
bool stridesMatch(const Descriptor &d, bool reverse)
{
    if (d.strides.size() != d.shape.size())
        return true; // strides NULL: "C-contiguous by definition" (only reached for C)
    ByteOffset sd = d.itemsize;
    const int ndim = d.ndim();
    for (int k = 0; k < ndim; ++k) {
        const int i = reverse ? ndim - 1 - k : k;
        const std::int64_t n = d.shape[i];
        if (n > 1 && d.strides[i] != sd)
            return false;
        // Unsigned: the running product may exceed the int64 range only past the last
        // dimension that matters, so wrapping is harmless and avoids undefined behaviour.
        sd =
            static_cast<ByteOffset>(static_cast<std::uint64_t>(sd) * static_cast<std::uint64_t>(n));
    }
    return true;
}

bool isEmpty(const Descriptor &d)
{
    for (std::int64_t n : d.shape) {
        if (n == 0)
            return true;
    }
    return false;
}

bool cRule(const Descriptor &d)
{
    if (d.hasSuboffsets())
        return false;
    return isEmpty(d) || stridesMatch(d, true);
}

bool fRule(const Descriptor &d)
{
    if (d.hasSuboffsets())
        return false;
    // PyBuffer_IsContiguous treats strides NULL as C only; F then holds only when at most
    // one dimension is longer than 1, which the walk with contiguous C strides decides.
    if (d.strides.size() != d.shape.size()) {
        int longDims = 0;
        for (std::int64_t n : d.shape)
            longDims += n > 1 ? 1 : 0;
        return isEmpty(d) || longDims <= 1;
    }
    return isEmpty(d) || stridesMatch(d, false);
}

// memoryview's MV_CONTIGUOUS_NDIM1: the one place it departs from PyBuffer_IsContiguous.
bool ndim1Contiguous(const Descriptor &d)
{
    const ByteOffset stride = d.strides.empty() ? d.itemsize : d.strides[0];
    return d.shape[0] == 1 || stride == d.itemsize;
}

} // namespace

bool isCContiguous(const Descriptor &d)
{
    if (d.hasSuboffsets())
        return false;
    if (d.ndim() == 0)
        return true;
    if (d.ndim() == 1)
        return ndim1Contiguous(d);
    return cRule(d);
}

bool isFContiguous(const Descriptor &d)
{
    if (d.hasSuboffsets())
        return false;
    if (d.ndim() == 0)
        return true;
    if (d.ndim() == 1)
        return ndim1Contiguous(d);
    return fRule(d);
}

bool isAnyContiguous(const Descriptor &d)
{
    return isCContiguous(d) || isFContiguous(d);
}

bool pyBufferIsContiguous(const Descriptor &d, Order order)
{
    switch (order) {
    case Order::C:
        return cRule(d);
    case Order::F:
        return fRule(d);
    case Order::A:
        return cRule(d) || fRule(d);
    }
    return false;
}

} // namespace bufferscope
