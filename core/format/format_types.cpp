// SPDX-License-Identifier: GPL-3.0-or-later
// Out-of-line members of the format type tree.
#include "format/format_types.h"

namespace bufferscope::format {

std::int64_t Field::size() const
{
    // parseFormat has already refused any field whose size overflows 64 bits.
    std::int64_t bytes = type ? type->itemsize : 0;
    for (std::int64_t dim : shape)
        bytes *= dim;
    return bytes;
}

} // namespace bufferscope::format
