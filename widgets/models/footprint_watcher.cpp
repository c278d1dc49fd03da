// SPDX-License-Identifier: GPL-3.0-or-later
// FootprintWatcher: synchronous for cheap requests, QThreadPool for big direct ones.
#include "models/footprint_watcher.h"

#include <QMetaObject>
#include <QThreadPool>

#include <algorithm>
#include <mutex>

namespace bufferscope {

// Shared with the workers: they post their result only while the watcher is alive. Posted
// events of a deleted QObject are discarded by Qt, so a result queued just before the
// destructor ran is never delivered to freed memory.
struct FootprintWatcher::Mailbox
{
    std::mutex mutex;
    FootprintWatcher *owner = nullptr;
};

FootprintWatcher::FootprintWatcher(QObject *parent)
    : QObject(parent), m_mailbox(std::make_shared<Mailbox>())
{
    m_mailbox->owner = this;
}

FootprintWatcher::~FootprintWatcher()
{
    std::lock_guard lock(m_mailbox->mutex);
    m_mailbox->owner = nullptr;
}

void FootprintWatcher::request(const Descriptor &descriptor, std::span<const std::byte> allocation)
{
    const int generation = ++m_generation;
    std::int64_t elements = 1; // saturates just past the threshold
    for (const auto n : descriptor.shape)
        elements = std::min(elements * std::max<std::int64_t>(n, 0), kSynchronousElements + 1);
    if (descriptor.hasSuboffsets() || elements <= kSynchronousElements) {
        deliver(generation, bufferscope::footprint(descriptor, allocation));
        return;
    }
    m_pending = true;
    QThreadPool::globalInstance()->start([mailbox = m_mailbox, descriptor, allocation, generation] {
        Footprint result = bufferscope::footprint(descriptor, allocation);
        std::lock_guard lock(mailbox->mutex);
        if (FootprintWatcher *owner = mailbox->owner)
            QMetaObject::invokeMethod(
                owner,
                [owner, generation, result = std::move(result)]() mutable {
                    owner->deliver(generation, std::move(result));
                },
                Qt::QueuedConnection);
    });
}

void FootprintWatcher::clear()
{
    ++m_generation;
    m_pending = false;
    m_footprint = {};
    emit ready();
}

void FootprintWatcher::deliver(int generation, Footprint footprint)
{
    if (generation != m_generation)
        return; // a newer request is under way or answered
    m_pending = false;
    m_footprint = std::move(footprint);
    emit ready();
}

} // namespace bufferscope
