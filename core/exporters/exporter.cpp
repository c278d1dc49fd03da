// SPDX-License-Identifier: GPL-3.0-or-later
// Closing, the same for every exporter: refused while exported, then the data freed and the
// descriptor emptied.
#include "exporters/exporter.h"

namespace bufferscope {

void Exporter::describeClosed(Descriptor &descriptor)
{
    descriptor.buf = nullptr;
    descriptor.len = 0;
    descriptor.shape.assign(1, 0);
    descriptor.strides.assign(1, descriptor.itemsize);
    descriptor.suboffsets.clear();
}

Status Exporter::close()
{
    if (m_closed)
        return {};
    if (auto refused = exportCount().checkNoExports(closingName()); !refused)
        return refused;
    m_closed = true;
    freeData();
    return {};
}

Status Exporter::prepareExport()
{
    if (m_closed)
        return closedError(closingName());
    return prepareOpenExport();
}

Error Exporter::closedError(std::string_view what)
{
    return makeError(ErrorCategory::Value, std::string(what) + " is closed");
}

} // namespace bufferscope
