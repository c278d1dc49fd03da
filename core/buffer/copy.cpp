// SPDX-License-Identifier: GPL-3.0-or-later
// Contiguous copies of any descriptor: the memcpy fast path, suboffset resolution over the
// outer dimensions, and the strided engine for the direct part below them.
#include "buffer/copy.h"

#include "buffer/contiguity.h"
#include "buffer/layout.h"
#include "buffer/strided_copy.h"
#include "common/memory_limit.h"

#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

namespace bufferscope {

namespace {

enum class Direction { ToContiguous, FromContiguous };

Order resolveOrder(const Descriptor &d, Order order)
{
    if (order == Order::A)
        return isFContiguous(d) ? Order::F : Order::C;
    return order;
}

// The descriptor side may dereference pointers in dimensions [0, firstDirect); below that it
// is a plain strided array, copied by one plan run once per resolved start pointer.
struct Walk
{
    const Descriptor &d;
    const std::vector<ByteOffset> &contiguous; // strides of the contiguous side
    int firstDirect;
    const detail::StridedCopy &plan;
    Direction direction;
    std::byte *flat; // the contiguous side

    void descend(int dim, std::byte *p, ByteOffset flatOffset) const
    {
        if (dim == firstDirect) {
            if (direction == Direction::ToContiguous)
                plan.run(flat + flatOffset, p, false);
            else
                plan.run(p, flat + flatOffset, false);
            return;
        }
        for (std::int64_t i = 0; i < d.shape[dim]; ++i) {
            std::byte *q = p + i * d.strides[dim];
            if (d.suboffsets[dim] >= 0) {
                std::byte *target = nullptr;
                std::memcpy(&target, q, sizeof target);
                q = target + d.suboffsets[dim];
            }
            descend(dim + 1, q, flatOffset + i * contiguous[dim]);
        }
    }
};

Status copy(const Descriptor &d, std::byte *flat, Order order, Direction direction)
{
    if (d.len == 0)
        return {};
    order = resolveOrder(d, order);
    const std::vector<ByteOffset> contiguous = contiguousStrides(d.shape, d.itemsize, order);

    if (!d.hasSuboffsets() && pyBufferIsContiguous(d, order)) {
        if (direction == Direction::ToContiguous)
            detail::copyBytes(flat, d.buf, static_cast<std::size_t>(d.len));
        else
            detail::copyBytes(d.buf, flat, static_cast<std::size_t>(d.len));
        return {};
    }

    int firstDirect = 0;
    for (int i = 0; i < static_cast<int>(d.suboffsets.size()); ++i) {
        if (d.suboffsets[i] >= 0)
            firstDirect = i + 1;
    }
    std::vector<detail::CopyDim> dims;
    for (int i = firstDirect; i < d.ndim(); ++i) {
        if (direction == Direction::ToContiguous)
            dims.push_back({d.shape[i], contiguous[i], d.strides[i]});
        else
            dims.push_back({d.shape[i], d.strides[i], contiguous[i]});
    }
    // The plan streams when the whole copy is large, though each run (a PIL row) is small.
    const bool large = d.len >= detail::StridedCopy::kDefaultStreamBytes;
    const detail::StridedCopy plan(std::move(dims), d.itemsize,
                                   large ? 0 : detail::StridedCopy::kDefaultStreamBytes);
    const Walk walk{d, contiguous, firstDirect, plan, direction, flat};
    walk.descend(0, d.buf, 0);
    if (plan.streams())
        detail::fenceStreams();
    return {};
}

Status checkSize(const char *side, std::size_t have, ByteOffset need)
{
    if (have != static_cast<std::size_t>(need))
        return makeError(ErrorCategory::Bounds,
                         std::string("copy: ") + side + " holds " + std::to_string(have) +
                             " bytes, the buffer has " + std::to_string(need));
    return {};
}

} // namespace

Status copyToContiguous(const Descriptor &src, std::span<std::byte> out, Order order)
{
    if (Status s = validateDescriptor(src); !s)
        return s;
    if (Status s = checkSize("destination", out.size(), src.len); !s)
        return s;
    return copy(src, out.data(), order, Direction::ToContiguous);
}

Status copyFromContiguous(const Descriptor &dst, std::span<const std::byte> in, Order order)
{
    if (Status s = validateDescriptor(dst); !s)
        return s;
    if (dst.readonly)
        return makeError(ErrorCategory::Export, "copy: destination is read-only");
    if (Status s = checkSize("source", in.size(), dst.len); !s)
        return s;
    // The engine copies in both directions through one non-const pointer; it only reads `in`.
    return copy(dst, const_cast<std::byte *>(in.data()), order, Direction::FromContiguous);
}

Result<std::vector<std::byte>> toBytes(const Descriptor &src, Order order)
{
    if (Status s = validateDescriptor(src); !s)
        return s.error();
    // A broadcast view (zero strides) of a few bytes can describe petabytes: refuse first.
    if (Status s = checkMemoryLimit("copy", src.len); !s)
        return s.error();
    std::vector<std::byte> bytes;
    try {
        bytes.resize(static_cast<std::size_t>(src.len));
    } catch (const std::bad_alloc &) {
        return makeError(ErrorCategory::Limit,
                         "copy: cannot allocate " + std::to_string(src.len) + " bytes");
    } catch (const std::length_error &) {
        return makeError(ErrorCategory::Limit,
                         "copy: cannot allocate " + std::to_string(src.len) + " bytes");
    }
    if (Status s = copyToContiguous(src, bytes, order); !s)
        return s.error();
    return bytes;
}

} // namespace bufferscope
