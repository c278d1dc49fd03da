// SPDX-License-Identifier: GPL-3.0-or-later
// Cancelling reads of a request that a newer one has superseded. A render worker already asks
// "is this still the newest request?" between rows (render::KeepGoing); a ReadCancelScope
// makes the same question reach the readers below fetch (byte_reader.h) on that thread, so a
// chunked store stops loading the chunks of a slider position the user has already left.
// Readers that cannot stop half way (a live process read) ignore it.
//
// Assumptions:
//  - the function may be called from other threads than the one that installed it (readers
//    load in parallel), so it must be safe to call concurrently (an atomic compare is);
//  - scopes nest: the innermost one on a thread is current, and its end restores the outer.
#pragma once

#include "common/result.h"

#include <functional>

namespace bufferscope {

using KeepReading = std::function<bool()>;

class ReadCancelScope
{
public:
    explicit ReadCancelScope(KeepReading keepReading);
    ~ReadCancelScope();
    ReadCancelScope(const ReadCancelScope &) = delete;
    ReadCancelScope &operator=(const ReadCancelScope &) = delete;

private:
    KeepReading m_keepReading;
    const KeepReading *m_outer;
};

// The innermost scope's function on this thread; an empty function when there is none.
KeepReading currentKeepReading();

// Value "read: cancelled, a newer request superseded it": what a reader returns when it
// stops. Callers that installed the scope know it was theirs and drop the result.
Error readCancelledError();

} // namespace bufferscope
