// SPDX-License-Identifier: GPL-3.0-or-later
// sourceBytes and writeSourceBytes: one path for local and read-on-demand exporters.
#include "exporters/source_bytes.h"

#include "buffer/contiguity.h"
#include "buffer/copy.h"
#include "buffer/fetch.h"
#include "buffer/layout.h"
#include "exporters/exporter.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace bufferscope {

namespace {

bool wantsFortran(const Descriptor &d, Order order)
{
    // memoryview.tobytes('A'): Fortran when the view is F-contiguous (copy.cpp's rule).
    return order == Order::F || (order == Order::A && isFContiguous(d));
}

// Hands blocks to the sink on a second thread, so the next block is copied on one core while
// the last one is written (a write into the page cache costs about as much as the copy).
// One block in flight: post() waits until the previous one is written.
class SinkThread
{
public:
    explicit SinkThread(const ByteSink &sink) : m_sink(sink), m_thread([this] { run(); }) {}

    ~SinkThread()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }

    // The sink's error of an earlier block, if any (then `block` is not written).
    Status post(std::span<const std::byte> block)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_busy; });
        if (!m_result)
            return m_result;
        m_block = block;
        m_busy = true;
        lock.unlock();
        m_changed.notify_all();
        return {};
    }

    // Waits for the block in flight; the first error of the sink.
    Status drain()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_busy; });
        return m_result;
    }

private:
    void run()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_changed.wait(lock, [this] { return m_busy || m_done; });
            if (!m_busy)
                return;
            const auto block = m_block;
            lock.unlock();
            Status written = m_sink(block);
            lock.lock();
            if (!written)
                m_result = std::move(written);
            m_busy = false;
            m_changed.notify_all();
        }
    }

    const ByteSink &m_sink;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::span<const std::byte> m_block;
    bool m_busy = false;
    bool m_done = false;
    Status m_result;
    std::thread m_thread; // last: started once the members above exist
};

// Cuts a view into boxes whose bytes are consecutive runs of its `fortran` / C-order output,
// each at most the buffer's size, copies each into the buffer and hands full buffers to the
// sink. With a reader the boxes are fetched (C order only: the caller fetches Fortran views
// locally first). Outputs of several blocks use two buffers and a SinkThread.
class BlockWriter
{
public:
    BlockWriter(bool fortran, const ByteReader *reader, const ByteSink &sink, std::size_t capacity)
        : m_fortran(fortran), m_reader(reader), m_sink(sink), m_capacity(capacity)
    {
    }

    Status write(const Descriptor &whole)
    {
        const bool pipelined = static_cast<std::size_t>(whole.len) >= 4 * m_capacity;
        const std::size_t buffers = pipelined ? 2 : 1;
        for (std::size_t i = 0; i < buffers; ++i)
            m_buffers[i] = std::make_unique_for_overwrite<std::byte[]>(
                std::min(m_capacity, static_cast<std::size_t>(whole.len)));
        m_bufferCapacity = std::min(m_capacity, static_cast<std::size_t>(whole.len));
        if (pipelined)
            m_thread.emplace(m_sink);
        Status walked = emit(whole, 0);
        if (walked)
            walked = flush();
        if (m_thread) {
            // Every block handed over must be written (or failed) before the buffers go.
            Status written = m_thread->drain();
            m_thread.reset();
            if (walked && !written)
                return written;
        }
        return walked;
    }

private:
    int axisAt(const Descriptor &d, int k) const { return m_fortran ? d.ndim() - 1 - k : k; }

    Status emit(const Descriptor &part, int k)
    {
        if (part.len == 0)
            return {};
        if (static_cast<std::size_t>(part.len) <= m_capacity || k == part.ndim())
            return put(part);
        const int axis = axisAt(part, k);
        const std::int64_t extent = part.shape[axis];
        const auto slab = static_cast<std::size_t>(part.len / extent);
        const std::int64_t step =
            std::max<std::int64_t>(1, static_cast<std::int64_t>(m_capacity / slab));
        std::vector<Index> start(part.shape.size(), 0);
        std::vector<Index> count(part.shape.begin(), part.shape.end());
        for (std::int64_t i = 0; i < extent; i += step) {
            start[axis] = i;
            count[axis] = std::min(step, extent - i);
            const Descriptor box = subBox(part, start, count);
            if (auto s = slab > m_capacity ? emit(box, k + 1) : put(box); !s)
                return s;
        }
        return {};
    }

    // One box at the end of the current buffer (flushed first when it does not fit).
    Status put(const Descriptor &box)
    {
        const auto size = static_cast<std::size_t>(box.len);
        if (m_used + size > m_bufferCapacity) {
            if (auto s = flush(); !s)
                return s;
        }
        if (size > m_bufferCapacity) { // one item larger than a block: its own buffer
            if (m_thread) {
                if (auto s = m_thread->drain(); !s)
                    return s;
            }
            for (auto &buffer : m_buffers)
                if (buffer)
                    buffer = std::make_unique_for_overwrite<std::byte[]>(size);
            m_bufferCapacity = size;
        }
        const std::span<std::byte> out(m_buffers[m_current].get() + m_used, size);
        const Status copied = m_reader ? fetchToContiguous(box, *m_reader, out)
                                       : copyToContiguous(box, out, m_fortran ? Order::F : Order::C);
        if (!copied)
            return copied;
        m_used += size;
        return {};
    }

    Status flush()
    {
        if (m_used == 0)
            return {};
        const std::span<const std::byte> block(m_buffers[m_current].get(), m_used);
        m_used = 0;
        if (!m_thread)
            return m_sink(block);
        // The other buffer is free once post() returns (its block has been written).
        if (auto s = m_thread->post(block); !s)
            return s;
        m_current ^= 1;
        return {};
    }

    bool m_fortran;
    const ByteReader *m_reader;
    const ByteSink &m_sink;
    std::size_t m_capacity;
    std::size_t m_bufferCapacity = 0;
    std::unique_ptr<std::byte[]> m_buffers[2];
    std::size_t m_current = 0;
    std::size_t m_used = 0;
    std::optional<SinkThread> m_thread;
};

} // namespace

Result<std::vector<std::byte>> sourceBytes(const BufferSource &source, Order order)
{
    const Exporter &root = source.rootExporter();
    const auto reader = root.reader();
    if (!reader)
        return toBytes(source.descriptor(), order);
    if (auto data = root.checkData(); !data)
        return data.error();
    // Fetched in C order; toBytes puts it in the order asked (one memcpy for C).
    auto local = fetchLocal(source.descriptor(), *reader);
    if (!local)
        return local.error();
    return toBytes((*local)->descriptor,
                   wantsFortran(source.descriptor(), order) ? Order::F : Order::C);
}

Status writeSourceBytes(const BufferSource &source, Order order, std::span<std::byte> out)
{
    const Exporter &root = source.rootExporter();
    const Descriptor &d = source.descriptor();
    const auto reader = root.reader();
    if (!reader)
        return copyToContiguous(d, out, order);
    if (auto data = root.checkData(); !data)
        return data;
    if (!wantsFortran(d, order))
        return fetchToContiguous(d, *reader, out);
    auto local = fetchLocal(d, *reader);
    if (!local)
        return local.error();
    return copyToContiguous((*local)->descriptor, out, Order::F);
}

Status writeSourceBytes(const BufferSource &source, Order order, const ByteSink &sink,
                        std::size_t blockBytes)
{
    const Exporter &root = source.rootExporter();
    const Descriptor &d = source.descriptor();
    if (auto valid = validateDescriptor(d); !valid)
        return valid;
    const bool fortran = wantsFortran(d, order);
    const auto reader = root.reader();
    const std::size_t capacity = std::max<std::size_t>(blockBytes, 1);
    if (!reader)
        return BlockWriter(fortran, nullptr, sink, capacity).write(d);
    if (auto data = root.checkData(); !data)
        return data;
    if (!fortran)
        return BlockWriter(false, reader.get(), sink, capacity).write(d);
    // fetch writes C order only: a Fortran view of a remote buffer is fetched whole first.
    auto local = fetchLocal(d, *reader);
    if (!local)
        return local.error();
    return BlockWriter(true, nullptr, sink, capacity).write((*local)->descriptor);
}

} // namespace bufferscope
