// SPDX-License-Identifier: GPL-3.0-or-later
// Contiguous strides, the checked contiguous constructor and descriptor validation.
#include "buffer/layout.h"

namespace bufferscope {

namespace {

Status checkNdim(std::size_t ndim)
{
    if (ndim > static_cast<std::size_t>(kMaxNdim))
        return makeError(ErrorCategory::Limit, "descriptor: ndim " + std::to_string(ndim) +
                                                   " exceeds the limit of " +
                                                   std::to_string(kMaxNdim));
    return {};
}

Status checkShape(std::span<const std::int64_t> shape)
{
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] < 0)
            return makeError(ErrorCategory::Structure, "descriptor: shape[" + std::to_string(i) +
                                                           "] is negative (" +
                                                           std::to_string(shape[i]) + ")");
    }
    return {};
}

Status checkItemsize(ByteOffset itemsize)
{
    if (itemsize <= 0)
        return makeError(ErrorCategory::Structure,
                         "descriptor: itemsize must be positive, got " + std::to_string(itemsize));
    return {};
}

Error productOverflow()
{
    return makeError(ErrorCategory::Limit, "shape: product of dimensions overflows");
}

} // namespace

std::optional<ByteOffset> checkedProduct(std::span<const std::int64_t> values, ByteOffset factor)
{
    // A zero makes the whole product 0 even if the other factors would overflow together.
    for (std::int64_t v : values) {
        if (v == 0)
            return ByteOffset{0};
    }
    ByteOffset product = factor;
    for (std::int64_t v : values) {
        if (__builtin_mul_overflow(product, v, &product))
            return std::nullopt;
    }
    return product;
}

std::vector<ByteOffset> contiguousStrides(std::span<const std::int64_t> shape, ByteOffset itemsize,
                                          Order order)
{
    // Unsigned arithmetic: a caller that skipped the overflow check gets wrapped values,
    // not undefined behaviour.
    std::vector<ByteOffset> strides(shape.size());
    std::uint64_t sd = static_cast<std::uint64_t>(itemsize);
    if (order == Order::F) {
        for (std::size_t i = 0; i < shape.size(); ++i) {
            strides[i] = static_cast<ByteOffset>(sd);
            sd *= static_cast<std::uint64_t>(shape[i]);
        }
    } else {
        for (std::size_t i = shape.size(); i-- > 0;) {
            strides[i] = static_cast<ByteOffset>(sd);
            sd *= static_cast<std::uint64_t>(shape[i]);
        }
    }
    return strides;
}

Result<Descriptor> makeContiguous(std::byte *buf, std::string format, ByteOffset itemsize,
                                  std::vector<std::int64_t> shape, Order order, bool readonly)
{
    if (Status s = checkNdim(shape.size()); !s)
        return s.error();
    if (Status s = checkShape(shape); !s)
        return s.error();
    if (Status s = checkItemsize(itemsize); !s)
        return s.error();
    const std::optional<ByteOffset> len = checkedProduct(shape, itemsize);
    if (!len)
        return productOverflow();
    // The strides multiply only a prefix or suffix of the shape, and a zero length does not
    // stop them growing: check the product of the non-zero lengths too.
    ByteOffset sd = itemsize;
    for (std::int64_t n : shape) {
        if (n != 0 && __builtin_mul_overflow(sd, n, &sd))
            return productOverflow();
    }

    Descriptor d;
    d.buf = buf;
    d.len = *len;
    d.itemsize = itemsize;
    d.readonly = readonly;
    d.format = std::move(format);
    d.strides = contiguousStrides(shape, itemsize, order);
    d.shape = std::move(shape);
    return d;
}

Status validateDescriptor(const Descriptor &d)
{
    const std::size_t ndim = d.shape.size();
    if (Status s = checkNdim(ndim); !s)
        return s;
    if (d.strides.size() != ndim)
        return makeError(ErrorCategory::Structure,
                         "descriptor: " + std::to_string(d.strides.size()) + " strides for " +
                             std::to_string(ndim) + " dimensions");
    if (!d.suboffsets.empty() && d.suboffsets.size() != ndim)
        return makeError(ErrorCategory::Structure,
                         "descriptor: " + std::to_string(d.suboffsets.size()) + " suboffsets for " +
                             std::to_string(ndim) + " dimensions (need none or " +
                             std::to_string(ndim) + ")");
    if (Status s = checkItemsize(d.itemsize); !s)
        return s;
    if (Status s = checkShape(d.shape); !s)
        return s;
    const std::optional<ByteOffset> len = checkedProduct(d.shape, d.itemsize);
    if (!len)
        return productOverflow();
    if (*len != d.len)
        return makeError(ErrorCategory::Structure, "descriptor: len is " + std::to_string(d.len) +
                                                       " but product(shape) * itemsize is " +
                                                       std::to_string(*len));
    return {};
}

} // namespace bufferscope
