// SPDX-License-Identifier: GPL-3.0-or-later
// Registers the "image" kind with the exporter factory (exporters/open_source.h), so that
// openFile() and openSource() reach ImageExporter. Both programs call this at start-up;
// bufferscope_core itself stays free of Qt.
#pragma once

namespace bufferscope {

void registerImageOpener();

} // namespace bufferscope
