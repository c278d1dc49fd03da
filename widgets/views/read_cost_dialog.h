// SPDX-License-Identifier: GPL-3.0-or-later
// The confirmation before a large read of a chunked array (an export of a view whose chunks
// would take long to fetch and decode): it names the chunks, the stored bytes to fetch and
// the decoded size (core's readCost), and is asked before the file name, so a user who did
// not expect a 20 GiB read can stop before choosing a file.
#pragma once

#include "exporters/chunked/read_cost.h"

#include <QString>

#include <optional>

class QWidget;

namespace bufferscope {

class BufferSource;

// The cost of reading `source`'s whole view when its root exporter is a chunked array's,
// else nullopt (nothing to preview: memory and files read as fast as they copy).
std::optional<ReadCost> chunkedReadCost(const BufferSource &source);

// The dialog's text: "Exporting this view reads 2048 chunks of 'scan.zarr' …".
QString readCostMessage(const ReadCost &cost, const QString &action);

// Asks before a large read (isLargeRead); true when the read is small, not chunked, or the
// user chose to go on. The dialog's object name is "readCostDialog".
bool confirmLargeRead(QWidget *parent, const BufferSource &source, const QString &action);

} // namespace bufferscope
