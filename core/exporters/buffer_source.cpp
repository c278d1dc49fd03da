// SPDX-License-Identifier: GPL-3.0-or-later
#include "exporters/buffer_source.h"

namespace bufferscope {

Result<GrantedBuffer> BufferSource::getBuffer(RequestFlags flags)
{
    // Every refusal is decided before the count changes.
    if (auto ready = prepareExport(); !ready)
        return ready.error();
    auto granted = satisfyRequest(descriptor(), flags);
    if (granted)
        m_exportCount.increment();
    return granted;
}

void BufferSource::releaseBuffer() { m_exportCount.decrement(); }

} // namespace bufferscope
