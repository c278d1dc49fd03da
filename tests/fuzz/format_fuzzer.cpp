// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the format grammar: parseFormat must never crash or hang, and the
// canonical text of anything it accepts must parse again to the same itemsize and canonical.
#include "format/parser.h"
#include "format/printer.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto parsed = bufferscope::parseFormat(text);
    if (!parsed) {
        // Every refusal names a place inside the text (or just after its end).
        if (!parsed.error().position || *parsed.error().position > size)
            std::abort();
        return 0;
    }
    const std::string canonical = bufferscope::printFormat(parsed->root);
    if (canonical != parsed->canonical())
        std::abort();
    const auto again = bufferscope::parseFormat(canonical);
    if (!again || again->itemsize() != parsed->itemsize() ||
        again->alignment() != parsed->alignment() || again->canonical() != canonical)
        std::abort();
    return 0;
}
