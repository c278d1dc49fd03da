// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the live protocol (live_protocol.h), what the window reads from a
// Python process or gdb: a line -> parseLiveLine -> for "show" parseLiveShow. Must never
// crash, throw or hang; what it accepts is a valid descriptor of the kind it names, with a
// positive pid when the message gave one. No memory is read.
#include "buffer/layout.h"
#include "exporters/live/live_protocol.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view line(reinterpret_cast<const char *>(data), size);
    const auto message = bufferscope::parseLiveLine(line);
    if (!message)
        return 0;
    if (!message->is_object() || !(*message)["op"].is_string())
        std::abort();
    const auto show = bufferscope::parseLiveShow(*message, 1);
    if (!show)
        return 0;
    if (show->object.kind != "live" && show->object.kind != "debugger")
        std::abort();
    if (show->object.pid <= 0)
        std::abort();
    if (!bufferscope::validateDescriptor(show->descriptor))
        std::abort();
    return 0;
}
