// SPDX-License-Identifier: GPL-3.0-or-later
// Field lookup and single-scalar checks over parsed formats.
#include "format/lookup.h"

#include "format/parser.h"

namespace bufferscope {

using namespace format;

const Field *findField(const Type &type, std::string_view name)
{
    for (const Field &field : type.fields) {
        if (field.name == name)
            return &field;
    }
    const std::size_t dot = name.find('.');
    if (dot == std::string_view::npos)
        return nullptr;
    const Field *head = findField(type, name.substr(0, dot));
    if (!head || !head->type || !head->shape.empty())
        return nullptr;
    return findField(*head->type, name.substr(dot + 1));
}

bool isNativeSingleCharFormat(std::string_view text)
{
    // get_native_fmtchar() in CPython's Objects/memoryobject.c: these codes only.
    constexpr std::string_view kCastable = "cbB?hHiIlLqQnNfdP";
    if (!text.empty() && text.front() == '@')
        text.remove_prefix(1);
    return text.size() == 1 && kCastable.find(text.front()) != std::string_view::npos;
}

std::optional<Scalar> singleScalar(std::string_view text)
{
    auto layout = parseFormat(text);
    if (!layout || !layout->root.scalar)
        return std::nullopt;
    return layout->root.scalar;
}

} // namespace bufferscope
