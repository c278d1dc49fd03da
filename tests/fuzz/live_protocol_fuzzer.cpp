// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the live protocol's parsers: every line of the input is a message
// from a (possibly hostile or broken) Python process -> parseLiveLine, and a "show" message
// -> parseLiveShow -> liveDescriptorFromJson. Nothing may crash, throw or hang; a refusal
// must carry a message; what is accepted must be a descriptor validateDescriptor accepts
// (ndim entries everywhere) of the kind it names ("live" or "debugger"), with the message's
// own positive pid or the connection's. No process memory is read: the addresses stay numbers.
#include "buffer/layout.h"
#include "exporters/live/live_protocol.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void checkShow(const nlohmann::json &message)
{
    const auto show = bufferscope::parseLiveShow(message, 4242);
    if (!show) {
        if (show.error().message.empty())
            std::abort();
        return;
    }
    const auto &d = show->descriptor;
    const auto ndim = d.shape.size();
    if (d.strides.size() != ndim || (!d.suboffsets.empty() && d.suboffsets.size() != ndim))
        std::abort();
    if (!bufferscope::validateDescriptor(d) || show->object.pid <= 0)
        std::abort();
    if (show->object.kind != "live" && show->object.kind != "debugger")
        std::abort();
    if (!message.contains("pid") && show->object.pid != 4242)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::string_view rest(reinterpret_cast<const char *>(data), size);
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        const std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        const auto message = bufferscope::parseLiveLine(line);
        if (!message) {
            if (message.error().message.rfind("live: ", 0) != 0)
                std::abort();
            continue;
        }
        if (!message->is_object() || !message->contains("op") || !(*message)["op"].is_string())
            std::abort();
        // Every message is also tried as a show: the parser must not trust the op field.
        checkShow(*message);
    }
    return 0;
}
