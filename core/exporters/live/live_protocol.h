// SPDX-License-Identifier: GPL-3.0-or-later
// The messages between the bufferscope Python module and the window, one JSON object per
// line over a Unix socket the module listens on (it starts the window with --live PATH).
//
//   module -> window   {"op": "hello", "pid": 1234, "version": 1}
//                      {"op": "show", "id": 1, "name": "a", "type": "numpy.ndarray",
//                       "repr": "array(...)", "flags": 284, "granted": "FULL_RO",
//                       "buffer": {...}, "report": {...}}
//                      {"op": "refresh"}           the bytes may have changed: re-read them
//                      {"op": "stale"}             the debugged program runs: refuse reads
//                                                  until the next "refresh"
//                      {"op": "close", "id": 1, "request": 7}   close it as the user would
//                      {"op": "view", "id": 1, "request": 8, "expression": "[::2].T",
//                       "tobytes": true, "keep": false}          make a view in the window
//   window -> module   {"op": "shown", "id": 1}    the exporter is in the window
//                      {"op": "refused", "id": 1, "message": "..."}
//                      {"op": "release", "id": 1}  closed in the window: PyBuffer_Release
//                      {"op": "closed", "request": 7}
//                      {"op": "viewed", "request": 8, "descriptor": {...}, "tobytes": base64}
//                      {"op": "refused", "request": 8, "message": "..."}
//
// "buffer" is what the Py_buffer says (liveDescriptorFromJson). The data stays in the Python
// process; the window reads what it draws with process_vm_readv. When the connection ends,
// the process is taken as gone.
//
// gdb's `bufferscope show` (bufferscope/gdb_commands.py) speaks the same protocol from inside
// gdb; its "show" names the memory of the stopped program instead of its own:
//                      {"op": "show", "id": 2, "kind": "debugger", "pid": 4321,
//                       "program": "/tmp/rgb", "expression": "img.data", "name": "img.data",
//                       "buffer": {...}, "report": null}
// "pid" (optional) is the process whose memory "buffer" describes; without it, hello's.
#pragma once

#include "exporters/live/live_exporter.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace bufferscope {

inline constexpr int kLiveProtocolVersion = 1;

struct LiveShow
{
    LiveObject object;
    Descriptor descriptor;
};

// A "show" message of process `pid` (the message's own "pid" wins). Refusals (Syntax):
//   "live: field 'id' must be a non-negative integer", "live: field 'name' must be a string",
//   "live: field 'pid' must be a positive integer",
//   "live: field 'kind' must be \"live\" or \"debugger\""
// and liveDescriptorFromJson's.
Result<LiveShow> parseLiveShow(const nlohmann::json &message, std::int64_t pid);

// One line of the stream: a JSON object with a string "op". Refusals:
//   Syntax "live: message is not JSON: <parser's text>"
//   Syntax "live: message has no string 'op'"
Result<nlohmann::json> parseLiveLine(std::string_view line);

} // namespace bufferscope
