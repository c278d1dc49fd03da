// SPDX-License-Identifier: GPL-3.0-or-later
// Printing parsed header literals back the way Python's repr() prints them, for error
// messages and for showing a file's descr.
#include "exporters/npy/npy_literal.h"

namespace bufferscope::npy {

namespace {

std::string strRepr(const std::string &text)
{
    // Python prefers single quotes unless the text holds one and no double quote, and
    // escapes the backslash, the quote and control characters.
    const bool useDouble =
        text.find('\'') != std::string::npos && text.find('"') == std::string::npos;
    const char quote = useDouble ? '"' : '\'';
    static const char digits[] = "0123456789abcdef";
    std::string out(1, quote);
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == quote || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (byte < 0x20 || byte == 0x7F) {
            out += "\\x";
            out += digits[byte >> 4];
            out += digits[byte & 15];
        } else {
            out += c;
        }
    }
    return out + quote;
}

} // namespace

std::string literalRepr(const Literal &value)
{
    switch (value.kind) {
    case Literal::Kind::Str:
        return strRepr(value.text);
    case Literal::Kind::Int:
        return std::to_string(value.integer);
    case Literal::Kind::Bool:
        return value.boolean ? "True" : "False";
    case Literal::Kind::Tuple:
    case Literal::Kind::List: {
        const bool tuple = value.isTuple();
        std::string out = tuple ? "(" : "[";
        for (std::size_t i = 0; i < value.items.size(); ++i)
            out += (i ? ", " : "") + literalRepr(value.items[i]);
        if (tuple && value.items.size() == 1)
            out += ',';
        return out + (tuple ? ")" : "]");
    }
    case Literal::Kind::Dict: {
        std::string out = "{";
        for (std::size_t i = 0; i < value.items.size(); ++i)
            out += (i ? ", " : "") + strRepr(value.keys[i]) + ": " + literalRepr(value.items[i]);
        return out + "}";
    }
    }
    return {};
}

} // namespace bufferscope::npy
