// SPDX-License-Identifier: GPL-3.0-or-later
// Reads on the GUI thread (the value table's tiles, the hex view's rows) must not wait on a
// slow chunked store. Before such a read, ChunkGate says whether it can be served from the
// chunk cache at once; when it cannot, it loads the chunks on a thread of its own and says
// loaded() on the GUI thread, and the caller shows "loading" until then and asks again.
// Exporters that are not chunked arrays always pass: their reads are memory copies or a few
// process_vm_readv calls.
//
// Ownership: a load holds the reader (shared) while it runs; the destructor cancels the
// chunks not started yet (read_cancel.h) and waits for the running ones.
#pragma once

#include "buffer/byte_reader.h"
#include "buffer/descriptor.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <span>

namespace bufferscope {

class ChunkGate : public QObject
{
    Q_OBJECT

public:
    explicit ChunkGate(QObject *parent = nullptr);
    ~ChunkGate() override;

    // True when the runs' bytes (out pointers unused) can be read now; else false, and their
    // chunks are loading (one load at a time: a call while one runs starts nothing).
    bool isReady(std::span<const ReadRun> runs, const std::shared_ptr<const ByteReader> &reader);
    // The same for every byte fetchLocal would read of `box`.
    bool isReady(const Descriptor &box, const std::shared_ptr<const ByteReader> &reader);
    bool isLoading() const { return m_loading.load(); }

signals:
    void loaded();

private:
    QThreadPool m_pool;
    std::atomic<bool> m_loading{false};
    std::shared_ptr<std::atomic<bool>> m_alive = std::make_shared<std::atomic<bool>>(true);
};

} // namespace bufferscope
