// SPDX-License-Identifier: GPL-3.0-or-later
// Contiguous copies of any descriptor: the memcpy fast path, suboffset resolution over the
// outer dimensions, and the strided engine for the direct part below them.
#include "buffer/copy.h"

#include "buffer/contiguity.h"
#include "buffer/copy_tuning.h"
#include "buffer/fetch.h"
#include "buffer/layout.h"
#include "buffer/strided_copy.h"
#include "common/memory_limit.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

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

// `streamBytes`: outputs of this size and more use non-temporal stores (a half of a split
// copy decides by the whole copy's size, not its own).
void copyResolved(const Descriptor &d, std::byte *flat, Order order, Direction direction,
                  ByteOffset streamBytes)
{
    const std::vector<ByteOffset> contiguous = contiguousStrides(d.shape, d.itemsize, order);

    if (!d.hasSuboffsets() && pyBufferIsContiguous(d, order)) {
        if (direction == Direction::ToContiguous)
            detail::copyBytes(flat, d.buf, static_cast<std::size_t>(d.len), streamBytes);
        else
            detail::copyBytes(d.buf, flat, static_cast<std::size_t>(d.len), streamBytes);
        return;
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
    const bool large = d.len >= streamBytes;
    const detail::StridedCopy plan(std::move(dims), d.itemsize, large ? 0 : streamBytes);
    const Walk walk{d, contiguous, firstDirect, plan, direction, flat};
    walk.descend(0, d.buf, 0);
    if (plan.streams())
        detail::fenceStreams();
}

// The outermost axis of `order` with two items or more: its halves are the two halves of the
// contiguous side. -1 when there is none.
int splitAxis(const Descriptor &d, Order order)
{
    for (int k = 0; k < d.ndim(); ++k) {
        const int axis = order == Order::F ? d.ndim() - 1 - k : k;
        if (d.shape[axis] >= 2)
            return axis;
        if (d.shape[axis] != 1)
            return -1;
    }
    return -1;
}

// A large copy cut into chunks along its outer axis, claimed one at a time by the caller and
// one helper thread. Under load the helper may start late or not at all: the caller then copies
// every chunk itself and waits only for chunks the helper has claimed, never for the helper to
// be scheduled (it is detached and finds nothing left). Shared, since it may outlive the call.
struct SplitCopy
{
    Descriptor d;
    std::byte *flat;
    Order order;
    ByteOffset streamBytes;
    int axis;
    std::int64_t perChunk;
    int chunks;
    ByteOffset slab; // contiguous bytes per index of the split axis
    std::atomic<int> next{0};
    std::atomic<int> done{0};
    std::mutex mutex;
    std::condition_variable finished;

    void run()
    {
        std::vector<Index> start(d.shape.size(), 0);
        std::vector<Index> count(d.shape.begin(), d.shape.end());
        for (int c; (c = next.fetch_add(1)) < chunks;) {
            start[axis] = c * perChunk;
            count[axis] = std::min(perChunk, d.shape[axis] - start[axis]);
            copyResolved(subBox(d, start, count), flat + start[axis] * slab, order,
                         Direction::ToContiguous, streamBytes);
            if (done.fetch_add(1) + 1 == chunks) {
                { const std::lock_guard lock(mutex); }
                finished.notify_all();
            }
        }
    }
};

constexpr int kSplitChunks = 8;

Status copy(const Descriptor &d, std::byte *flat, Order order, Direction direction)
{
    if (d.len == 0)
        return {};
    order = resolveOrder(d, order);
    const detail::CopyTuning &tuning = detail::copyTuning();
    // Large copies run on two cores: one core's misses in flight limit its bandwidth, so a
    // second core's own misses add to it. The chunks are boxes (fetch.h's subBox: suboffsets
    // included) writing disjoint runs of the contiguous side. Only towards the contiguous
    // side: a descriptor's elements may overlap (zero strides), and writes into them must
    // keep their order.
    const int axis = splitAxis(d, order);
    if (direction != Direction::ToContiguous || d.len < tuning.parallelBytes || axis < 0 ||
        !detail::secondThreadPays(tuning)) {
        copyResolved(d, flat, order, direction, tuning.streamBytes);
        return {};
    }
    auto job = std::make_shared<SplitCopy>();
    job->d = d;
    job->flat = flat;
    job->order = order;
    job->streamBytes = d.len >= tuning.streamBytes ? 0 : tuning.streamBytes;
    job->axis = axis;
    job->perChunk = (d.shape[axis] + kSplitChunks - 1) / kSplitChunks;
    job->chunks = static_cast<int>((d.shape[axis] + job->perChunk - 1) / job->perChunk);
    job->slab = d.len / d.shape[axis];
    try {
        std::thread([job] { job->run(); }).detach();
    } catch (const std::system_error &) {
        // No thread to be had: the caller claims every chunk.
    }
    job->run();
    std::unique_lock lock(job->mutex);
    job->finished.wait(lock, [&] { return job->done.load() == job->chunks; });
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
