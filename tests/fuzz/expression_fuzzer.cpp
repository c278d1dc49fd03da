// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: parseExpression on arbitrary text, read as typed and as saved text. It
// must return (no hang, no crash); what parses must print to a canonical form that parses,
// as saved text (what a descriptor holds), to the same steps; typed limits only add refusals.
#include "views/expression.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

using bufferscope::ExpressionOrigin;
using bufferscope::Step;

bool same(const std::vector<Step> &a, const std::vector<Step> &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!a[i].sameOperation(b[i]))
            return false;
    }
    return true;
}

// The round trip a descriptor makes: print, then read back as saved text.
void checkRoundTrip(const std::vector<Step> &steps)
{
    const auto again =
        bufferscope::parseExpression(bufferscope::printSteps(steps), ExpressionOrigin::Saved);
    if (!again || !same(*again, steps))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto typed = bufferscope::parseExpression(text);
    const auto saved = bufferscope::parseExpression(text, ExpressionOrigin::Saved);
    for (const auto *parsed : {&typed, &saved}) {
        if (!*parsed) {
            if (parsed->error().position && *parsed->error().position > text.size())
                std::abort();
            continue;
        }
        checkRoundTrip(**parsed);
    }
    // Saved text has fewer limits, never other rules.
    if (typed && (!saved || !same(*typed, *saved)))
        std::abort();
    return 0;
}
