// SPDX-License-Identifier: GPL-3.0-or-later
// The state every exporter takes when it closes.
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

Error Exporter::closedError(std::string_view what)
{
    return makeError(ErrorCategory::Value, std::string(what) + " is closed");
}

} // namespace bufferscope
