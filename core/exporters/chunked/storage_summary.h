// SPDX-License-Identifier: GPL-3.0-or-later
// What the inspector's Storage section shows of a chunked array, as label/value text rows:
// the chunk grid, the codecs, the fill value, stored vs decoded bytes and the compression
// ratio, and the chunk cache's state. Kept in core so the model only displays it.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace bufferscope {

class ChunkedExporter;

std::vector<std::pair<std::string, std::string>> storageSummary(const ChunkedExporter &exporter);

} // namespace bufferscope
