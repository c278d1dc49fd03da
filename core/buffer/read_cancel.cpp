// SPDX-License-Identifier: GPL-3.0-or-later
// ReadCancelScope: one thread-local pointer to the innermost scope's function.
#include "buffer/read_cancel.h"

namespace bufferscope {

namespace {
thread_local const KeepReading *t_current = nullptr;
}

ReadCancelScope::ReadCancelScope(KeepReading keepReading)
    : m_keepReading(std::move(keepReading)), m_outer(t_current)
{
    t_current = &m_keepReading;
}

ReadCancelScope::~ReadCancelScope()
{
    t_current = m_outer;
}

KeepReading currentKeepReading()
{
    return t_current ? *t_current : KeepReading{};
}

Error readCancelledError()
{
    return makeError(ErrorCategory::Value, "read: cancelled, a newer request superseded it");
}

} // namespace bufferscope
