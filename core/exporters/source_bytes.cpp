// SPDX-License-Identifier: GPL-3.0-or-later
// sourceBytes: one path for local and read-on-demand exporters.
#include "exporters/source_bytes.h"

#include "buffer/contiguity.h"
#include "buffer/copy.h"
#include "buffer/fetch.h"
#include "exporters/exporter.h"

#include <cstring>

namespace bufferscope {

Result<std::vector<std::byte>> sourceBytes(const BufferSource &source, Order order)
{
    const Exporter &root = source.rootExporter();
    const auto reader = root.reader();
    if (!reader)
        return toBytes(source.descriptor(), order);
    if (auto data = root.checkData(); !data)
        return data.error();
    // Fetched in C order; another order is one more local copy.
    auto local = fetchLocal(source.descriptor(), *reader);
    if (!local)
        return local.error();
    const Descriptor &d = source.descriptor();
    const bool fortran = order == Order::F || (order == Order::A && isFContiguous(d) && !isCContiguous(d));
    if (fortran)
        return toBytes((*local)->descriptor, Order::F);
    std::vector<std::byte> bytes(static_cast<std::size_t>(d.len));
    if (!bytes.empty())
        std::memcpy(bytes.data(), (*local)->descriptor.buf, bytes.size());
    return bytes;
}

} // namespace bufferscope
