// SPDX-License-Identifier: GPL-3.0-or-later
// What the inspector says of a live object (bufferscope.show): its Python type, process,
// repr, the request that was granted, and the conformance report the module sent
// (bufferscope.check): clean, or each broken rule with the requests it broke under. For a
// debugger's buffer (gdb's bufferscope show): program, process (running or stopped) and
// expression, and for show-pybuffer the rules checked on the Py_buffer in the program.
#pragma once

#include <QString>

#include <vector>

namespace bufferscope {

class LiveExporter;

struct LiveRow
{
    QString property;
    QString value;
    bool problem = false; // a broken rule: shown as an error
};

std::vector<LiveRow> liveObjectRows(const LiveExporter &exporter);

} // namespace bufferscope
