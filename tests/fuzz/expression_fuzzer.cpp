// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: parseExpression on arbitrary text. It must return (no hang, no crash),
// and whatever parses must print to a canonical form that parses to the same steps.
#include "views/expression.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto parsed = bufferscope::parseExpression(text);
    if (!parsed) {
        if (parsed.error().position && *parsed.error().position > text.size())
            std::abort();
        return 0;
    }
    const auto again = bufferscope::parseExpression(bufferscope::printSteps(*parsed));
    if (!again || again->size() != parsed->size())
        std::abort();
    for (std::size_t i = 0; i < parsed->size(); ++i) {
        if (!(*again)[i].sameOperation((*parsed)[i]))
            std::abort();
    }
    return 0;
}
