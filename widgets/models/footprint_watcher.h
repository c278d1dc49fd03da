// SPDX-License-Identifier: GPL-3.0-or-later
// Computes the footprint of the selected buffer for the hex view and its minimap without
// blocking the GUI thread: small or indirect buffers at once, big direct ones on the thread
// pool, where a newer request makes the older result stale (it is dropped on arrival).
#pragma once

#include "buffer/footprint.h"

#include <QObject>

#include <memory>
#include <span>

namespace bufferscope {

class FootprintWatcher : public QObject
{
    Q_OBJECT

public:
    explicit FootprintWatcher(QObject *parent = nullptr);
    ~FootprintWatcher() override;

    // Direct descriptors with more than this many elements go to the thread pool. The work
    // there reads no memory (direct footprints are pointer arithmetic only), so the buffer may
    // be closed meanwhile without harm; suboffset descriptors read row pointers and are always
    // computed here, on the caller's thread.
    static constexpr std::int64_t kSynchronousElements = std::int64_t(1) << 16;

    void request(const Descriptor &descriptor, std::span<const std::byte> allocation);
    void clear();

    const Footprint &footprint() const { return m_footprint; }
    bool isPending() const { return m_pending; }

signals:
    void ready(); // footprint() holds the answer to the latest request

private:
    struct Mailbox;
    void deliver(int generation, Footprint footprint);

    std::shared_ptr<Mailbox> m_mailbox;
    int m_generation = 0;
    bool m_pending = false;
    Footprint m_footprint;
};

} // namespace bufferscope
