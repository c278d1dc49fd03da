// SPDX-License-Identifier: GPL-3.0-or-later
// Parsing of the raw-file options from text, with exact messages pointing at the bad entry.
#include "exporters/raw/raw_options.h"

#include "format/parser.h"

#include <charconv>

namespace bufferscope {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

// Trims blanks, moving `start` (the text's offset in the original) along.
std::string_view trim(std::string_view text, std::size_t &start)
{
    while (!text.empty() && isSpace(text.front())) {
        text.remove_prefix(1);
        ++start;
    }
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

enum class IntParse { Ok, NotInteger, TooLarge };

// Decimal digits only: no sign, no blanks inside, no hex.
IntParse parseNonNegative(std::string_view text, std::int64_t &value)
{
    if (text.empty())
        return IntParse::NotInteger;
    for (char c : text)
        if (c < '0' || c > '9')
            return IntParse::NotInteger;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range)
        return IntParse::TooLarge;
    return ec == std::errc() && end == text.data() + text.size() ? IntParse::Ok
                                                                 : IntParse::NotInteger;
}

Result<std::vector<std::int64_t>> parseShape(std::string_view text)
{
    std::size_t start = 0;
    text = trim(text, start);
    if (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
        text = text.substr(1, text.size() - 2);
        ++start;
        text = trim(text, start);
    }
    std::vector<std::int64_t> shape;
    if (text.empty())
        return shape; // 0-d: one item
    // A trailing comma after at least one entry is allowed, as in a Python tuple "(7,)".
    if (text.back() == ',')
        text.remove_suffix(1);
    std::size_t entryStart = start;
    while (true) {
        const std::size_t comma = text.find(',');
        std::size_t position = entryStart;
        const std::string_view entry = trim(text.substr(0, comma), position);
        const std::size_t index = shape.size();
        if (index == static_cast<std::size_t>(kMaxNdim))
            return makeError(ErrorCategory::Limit,
                             "raw: shape has more than " + std::to_string(kMaxNdim) + " dimensions",
                             position);
        std::int64_t value = 0;
        switch (parseNonNegative(entry, value)) {
        case IntParse::Ok:
            break;
        case IntParse::NotInteger:
            return makeError(ErrorCategory::Syntax,
                             "raw: shape entry " + std::to_string(index) +
                                 " is not a non-negative integer: '" + std::string(entry) + "'",
                             position);
        case IntParse::TooLarge:
            return makeError(ErrorCategory::Limit,
                             "raw: shape entry " + std::to_string(index) + " is too large: '" +
                                 std::string(entry) + "'",
                             position);
        }
        shape.push_back(value);
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
        entryStart += comma + 1;
    }
    return shape;
}

} // namespace

Result<RawOptions> parseRawOptions(std::string_view format, std::string_view shapeText,
                                   std::string_view offsetText, std::string_view orderText)
{
    RawOptions options;
    auto layout = parseFormat(format);
    if (!layout)
        return layout.error();
    options.format = std::string(format);

    auto shape = parseShape(shapeText);
    if (!shape)
        return shape.error();
    options.shape = std::move(*shape);

    std::size_t offsetStart = 0;
    const std::string_view offset = trim(offsetText, offsetStart);
    if (!offset.empty()) {
        switch (parseNonNegative(offset, options.offset)) {
        case IntParse::Ok:
            break;
        case IntParse::NotInteger:
            return makeError(ErrorCategory::Syntax,
                             "raw: offset must be a non-negative integer: '" + std::string(offset) +
                                 "'",
                             offsetStart);
        case IntParse::TooLarge:
            return makeError(ErrorCategory::Limit,
                             "raw: offset is too large: '" + std::string(offset) + "'",
                             offsetStart);
        }
    }

    std::size_t orderStart = 0;
    const std::string_view order = trim(orderText, orderStart);
    if (order.empty() || order == "C" || order == "c")
        options.order = Order::C;
    else if (order == "F" || order == "f")
        options.order = Order::F;
    else
        return makeError(ErrorCategory::Value,
                         "raw: order must be 'C' or 'F': '" + std::string(order) + "'", orderStart);
    return options;
}

} // namespace bufferscope
