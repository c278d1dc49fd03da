// SPDX-License-Identifier: GPL-3.0-or-later
// The fetch walk. A buffer is split in three parts, outermost first:
//   pointer levels  axes 0..L, L the last axis with a suboffset >= 0: their pointers are read
//                   through the reader, level by level, giving one base address per prefix;
//   outer axes      L+1..s-1: walked with an odometer below each base;
//   block           axes s..ndim-1: read as ONE run covering its lowest to highest byte.
// s is the smallest split whose block is dense enough (its covering run is at most
// kDensity times the bytes of its elements), so a contiguous slice is one run, rows of a
// strided slice are one run each, and single items are read only where nothing else is
// close. A block in C order lands straight in the output; any other is read into scratch
// and put in order by the local copy kernels (copy.h), which handle transposes fast.
#include "buffer/fetch.h"

#include "buffer/contiguity.h"
#include "buffer/copy.h"
#include "buffer/layout.h"
#include "common/memory_limit.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace bufferscope {

namespace {

constexpr ByteOffset kDensity = 4;                     // covering bytes per element byte
constexpr ByteOffset kLongRun = 512;                   // contiguous runs read as they are
constexpr std::size_t kBatchRuns = 4096;               // runs handed to the reader at once
constexpr std::size_t kScratchBytes = std::size_t(64) << 20; // scratch per batch
constexpr std::size_t kMaxBases = std::size_t(1) << 26;  // pointer rows followed at most

struct Block
{
    std::vector<std::int64_t> shape;
    std::vector<ByteOffset> strides;
    ByteOffset lowest = 0;  // byte offset of the lowest element from the block's start
    ByteOffset extent = 0;  // covering bytes
    ByteOffset bytes = 0;   // element bytes
    bool inOrder = false;   // C-contiguous: the covering run is the output as it is
};

Block makeBlock(const Descriptor &d, int first)
{
    Block b;
    b.shape.assign(d.shape.begin() + first, d.shape.end());
    b.strides.assign(d.strides.begin() + first, d.strides.end());
    ByteOffset highest = 0;
    b.bytes = d.itemsize;
    for (std::size_t i = 0; i < b.shape.size(); ++i) {
        const ByteOffset reach = (b.shape[i] - 1) * b.strides[i];
        (reach < 0 ? b.lowest : highest) += reach;
        b.bytes *= b.shape[i];
    }
    b.extent = highest - b.lowest + d.itemsize;
    Descriptor local;
    local.itemsize = d.itemsize;
    local.shape = b.shape;
    local.strides = b.strides;
    local.len = b.bytes;
    b.inOrder = b.extent == b.bytes && b.lowest == 0 && pyBufferIsContiguous(local, Order::C);
    return b;
}

// The split: where the C-contiguous tail of the axes makes runs of kLongRun bytes or more,
// those runs are read exactly; otherwise the smallest split (after the pointer levels) whose
// block is dense enough, so short strided pieces cost one covering run, not many tiny ones.
int chooseSplit(const Descriptor &d, int firstDirect)
{
    for (int s = firstDirect; s < d.ndim(); ++s) {
        const Block b = makeBlock(d, s);
        if (b.inOrder && b.bytes >= kLongRun)
            return s;
    }
    for (int s = firstDirect; s < d.ndim(); ++s) {
        const Block b = makeBlock(d, s);
        if (b.inOrder)
            return s;
        if (b.extent <= kDensity * b.bytes && static_cast<std::size_t>(b.extent) <= kScratchBytes)
            return s;
    }
    return d.ndim();
}

// Reads the pointers at `addresses` (one pointer each) and adds `suboffset`.
Status followPointers(const ByteReader &reader, std::vector<Address> &addresses,
                      ByteOffset suboffset)
{
    std::vector<std::uint64_t> pointers(addresses.size());
    std::vector<ReadRun> runs;
    for (std::size_t i = 0; i < addresses.size(); i += kBatchRuns) {
        const std::size_t end = std::min(addresses.size(), i + kBatchRuns);
        runs.clear();
        for (std::size_t k = i; k < end; ++k)
            runs.push_back({addresses[k], sizeof(std::uint64_t),
                            reinterpret_cast<std::byte *>(&pointers[k])});
        if (auto status = reader.read(runs); !status)
            return status;
    }
    for (std::size_t k = 0; k < addresses.size(); ++k)
        addresses[k] = pointers[k] + static_cast<Address>(suboffset);
    return {};
}

// One base address per index prefix of the pointer levels (axes 0..last).
Result<std::vector<Address>> pointerBases(const Descriptor &d, const ByteReader &reader, int last)
{
    std::vector<Address> bases{reinterpret_cast<Address>(d.buf)};
    for (int k = 0; k <= last; ++k) {
        const auto n = static_cast<std::size_t>(d.shape[static_cast<std::size_t>(k)]);
        if (bases.size() * n > kMaxBases)
            return makeError(ErrorCategory::Limit, "fetch: " + std::to_string(bases.size() * n) +
                                                       " pointer rows are more than " +
                                                       std::to_string(kMaxBases));
        std::vector<Address> next;
        next.reserve(bases.size() * n);
        const ByteOffset stride = d.strides[static_cast<std::size_t>(k)];
        for (Address base : bases)
            for (std::size_t i = 0; i < n; ++i)
                next.push_back(base + static_cast<Address>(static_cast<ByteOffset>(i) * stride));
        const ByteOffset suboffset = d.suboffsets[static_cast<std::size_t>(k)];
        if (suboffset >= 0)
            if (auto status = followPointers(reader, next, suboffset); !status)
                return status.error();
        bases = std::move(next);
    }
    return bases;
}

// Collects block reads and runs them a batch at a time.
class BlockReader
{
public:
    BlockReader(const Descriptor &d, const Block &block, const ByteReader &reader)
        : m_d(d), m_block(block), m_reader(reader)
    {
    }

    Status add(Address blockStart, std::byte *out)
    {
        const Address first = blockStart + static_cast<Address>(m_block.lowest);
        const auto extent = static_cast<std::size_t>(m_block.extent);
        if (m_block.inOrder) {
            m_runs.push_back({first, extent, out});
        } else {
            if (m_scratchUsed + extent > m_scratch.size())
                m_scratch.resize(std::max(m_scratchUsed + extent, std::min(kScratchBytes, extent * kBatchRuns)));
            m_runs.push_back({first, extent, nullptr});
            m_pending.push_back({m_scratchUsed, out});
            m_scratchUsed += extent;
        }
        if (m_runs.size() >= kBatchRuns || m_scratchUsed + extent > kScratchBytes)
            return flush();
        return {};
    }

    Status flush()
    {
        if (m_runs.empty())
            return {};
        std::size_t k = 0;
        for (ReadRun &run : m_runs)
            if (!run.out)
                run.out = m_scratch.data() + m_pending[k++].scratchOffset;
        if (auto status = m_reader.read(m_runs); !status)
            return status;
        for (const Pending &p : m_pending) {
            Descriptor local;
            local.buf = m_scratch.data() + p.scratchOffset - m_block.lowest;
            local.itemsize = m_d.itemsize;
            local.format = m_d.format;
            local.shape = m_block.shape;
            local.strides = m_block.strides;
            local.len = m_block.bytes;
            if (auto status = copyToContiguous(
                    local, std::span<std::byte>(p.out, static_cast<std::size_t>(m_block.bytes)),
                    Order::C);
                !status)
                return status;
        }
        m_runs.clear();
        m_pending.clear();
        m_scratchUsed = 0;
        return {};
    }

private:
    struct Pending
    {
        std::size_t scratchOffset;
        std::byte *out;
    };
    const Descriptor &m_d;
    const Block &m_block;
    const ByteReader &m_reader;
    std::vector<ReadRun> m_runs;
    std::vector<Pending> m_pending;
    std::vector<std::byte> m_scratch;
    std::size_t m_scratchUsed = 0;
};

// The next index of an odometer over `shape` (last axis fastest); false after the last one.
bool advance(std::vector<Index> &index, const std::int64_t *shape)
{
    for (std::size_t axis = index.size(); axis-- > 0;) {
        if (++index[axis] < shape[axis])
            return true;
        index[axis] = 0;
    }
    return false;
}

} // namespace

Status fetchToContiguous(const Descriptor &d, const ByteReader &reader, std::span<std::byte> out)
{
    if (auto valid = validateDescriptor(d); !valid)
        return valid;
    if (static_cast<ByteOffset>(out.size()) != d.len)
        return makeError(ErrorCategory::Bounds, "fetch: destination holds " +
                                                    std::to_string(out.size()) +
                                                    " bytes, the buffer has " +
                                                    std::to_string(d.len));
    if (d.len == 0)
        return {};
    int lastPointer = -1;
    for (int k = 0; k < static_cast<int>(d.suboffsets.size()); ++k)
        if (d.suboffsets[static_cast<std::size_t>(k)] >= 0)
            lastPointer = k;
    auto bases = pointerBases(d, reader, lastPointer);
    if (!bases)
        return bases.error();

    const int split = chooseSplit(d, lastPointer + 1);
    const Block block = makeBlock(d, split);
    BlockReader blocks(d, block, reader);
    std::vector<Index> index(static_cast<std::size_t>(std::max(0, split - lastPointer - 1)), 0);
    std::byte *cursor = out.data();
    const std::int64_t *outerShape = d.shape.data() + lastPointer + 1;
    const ByteOffset *outerStrides = d.strides.data() + lastPointer + 1;
    for (Address base : *bases) {
        std::fill(index.begin(), index.end(), 0);
        do {
            ByteOffset offset = 0;
            for (std::size_t i = 0; i < index.size(); ++i)
                offset += index[i] * outerStrides[i];
            if (auto status = blocks.add(base + static_cast<Address>(offset), cursor); !status)
                return status;
            cursor += block.bytes;
        } while (advance(index, outerShape));
    }
    return blocks.flush();
}

Status forEachFetchRun(const Descriptor &d, const std::function<void(Address, std::size_t)> &visit)
{
    if (auto valid = validateDescriptor(d); !valid)
        return valid;
    for (ByteOffset suboffset : d.suboffsets)
        if (suboffset >= 0)
            return makeError(ErrorCategory::Value, "fetch: the runs of a buffer with suboffsets "
                                                   "are known only by reading it");
    if (d.len == 0)
        return {};
    // fetchToContiguous's walk with no pointer levels: one base, the same split and block.
    const int split = chooseSplit(d, 0);
    const Block block = makeBlock(d, split);
    std::vector<Index> index(static_cast<std::size_t>(split), 0);
    const auto base = reinterpret_cast<Address>(d.buf);
    do {
        ByteOffset offset = block.lowest;
        for (std::size_t i = 0; i < index.size(); ++i)
            offset += index[i] * d.strides[i];
        visit(base + static_cast<Address>(offset), static_cast<std::size_t>(block.extent));
    } while (advance(index, d.shape.data()));
    return {};
}

Result<std::shared_ptr<const LocalBuffer>> fetchLocal(const Descriptor &source,
                                                      const ByteReader &reader)
{
    const std::uint64_t generation = reader.generation();
    if (auto cached = reader.cache().find(source, generation))
        return cached;
    if (auto valid = validateDescriptor(source); !valid)
        return valid.error();
    if (auto limit = checkMemoryLimit("fetch", source.len); !limit)
        return limit.error();
    auto copy = std::make_shared<LocalBuffer>();
    copy->storage = reader.cache().newStorage(static_cast<std::size_t>(source.len));
    if (auto status = fetchToContiguous(
            source, reader,
            std::span<std::byte>(copy->storage.get(), static_cast<std::size_t>(source.len)));
        !status)
        return status.error();
    auto local = makeContiguous(copy->storage.get(), source.format, source.itemsize, source.shape,
                                Order::C, true);
    if (!local)
        return local.error();
    copy->descriptor = std::move(*local);
    reader.cache().store(source, generation, copy);
    return std::shared_ptr<const LocalBuffer>(std::move(copy));
}

Descriptor subBox(const Descriptor &source, std::span<const Index> start,
                  std::span<const Index> count)
{
    Descriptor d = source;
    for (std::size_t axis = 0; axis < d.shape.size(); ++axis) {
        const ByteOffset shift = d.strides[axis] * start[axis];
        // init_slice: the last dereferenced axis before this one absorbs the shift.
        std::size_t n = axis;
        while (n > 0 && (d.suboffsets.empty() || d.suboffsets[n - 1] < 0))
            --n;
        if (d.suboffsets.empty() || n == 0)
            d.buf += shift;
        else
            d.suboffsets[n - 1] += shift;
        d.shape[axis] = count[axis];
    }
    ByteOffset elements = 1;
    for (auto n : d.shape)
        elements *= n;
    d.len = elements * d.itemsize;
    return d;
}

} // namespace bufferscope
