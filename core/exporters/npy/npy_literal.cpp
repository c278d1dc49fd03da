// SPDX-License-Identifier: GPL-3.0-or-later
// The Python-literal parser behind .npy headers: recursive descent over a byte string, with a
// depth limit, checked integer arithmetic and Python's string escapes.
#include "exporters/npy/npy_literal.h"

#include <limits>

namespace bufferscope::npy {

namespace {

void appendUtf8(std::string &out, std::uint32_t codePoint)
{
    if (codePoint < 0x80) {
        out += static_cast<char>(codePoint);
    } else if (codePoint < 0x800) {
        out += static_cast<char>(0xC0 | (codePoint >> 6));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
        out += static_cast<char>(0xE0 | (codePoint >> 12));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (codePoint >> 18));
        out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    }
}

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 if it is not one.
std::size_t utf8SequenceLength(std::string_view text, std::size_t i)
{
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t minimum = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        minimum = 0x10000;
    } else {
        return 0;
    }
    if (text.size() - i < length)
        return 0;
    std::uint32_t codePoint = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80)
            return 0;
        codePoint = (codePoint << 6) | (next & 0x3F);
    }
    if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint < 0xE000))
        return 0;
    return length;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isNameChar(char c)
{
    return isNameStart(c) || isDigit(c);
}

int hexValue(char c)
{
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

class Parser
{
public:
    Parser(std::string_view text, const LiteralOptions &options) : m_text(text), m_options(options)
    {
    }

    Result<Literal> parseAll()
    {
        auto value = parseValue(0);
        if (!value)
            return value;
        skipSpace();
        if (m_pos != m_text.size())
            return unexpected();
        return value;
    }

private:
    Error fail(std::string message, std::size_t at) const
    {
        return makeError(ErrorCategory::Syntax, std::move(message), m_options.baseOffset + at);
    }
    Error fail(std::string message) const { return fail(std::move(message), m_pos); }

    Error unexpected() const
    {
        if (m_pos >= m_text.size())
            return fail("unexpected end of header");
        const char c = m_text[m_pos];
        if (isNameStart(c)) {
            std::size_t end = m_pos;
            while (end < m_text.size() && isNameChar(m_text[end]))
                ++end;
            return fail("unexpected name '" + std::string(m_text.substr(m_pos, end - m_pos)) + "'");
        }
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7F)
            return fail(std::string("unexpected '") + c + "'");
        static const char digits[] = "0123456789abcdef";
        return fail(std::string("unexpected byte 0x") + digits[byte >> 4] + digits[byte & 15]);
    }

    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f')
                break;
            ++m_pos;
        }
    }

    bool peek(char c)
    {
        skipSpace();
        return m_pos < m_text.size() && m_text[m_pos] == c;
    }

    Result<Literal> parseValue(int depth)
    {
        skipSpace();
        if (depth >= kMaxLiteralDepth)
            return fail("nesting deeper than " + std::to_string(kMaxLiteralDepth));
        if (m_pos >= m_text.size())
            return unexpected();
        const char c = m_text[m_pos];
        if (c == '\'' || c == '"')
            return parseStr();
        if (isDigit(c) || c == '-' || c == '+')
            return parseInt();
        if (c == '(' || c == '[')
            return parseSequence(depth);
        if (c == '{')
            return parseDict(depth);
        if (isNameStart(c)) {
            Literal value;
            value.kind = Literal::Kind::Bool;
            value.offset = m_options.baseOffset + m_pos;
            for (const auto &[name, truth] : {std::pair{"True", true}, std::pair{"False", false}}) {
                const std::string_view word(name);
                const std::size_t end = m_pos + word.size();
                if (m_text.substr(m_pos, word.size()) == word &&
                    (end == m_text.size() || !isNameChar(m_text[end]))) {
                    m_pos = end;
                    value.boolean = truth;
                    return value;
                }
            }
        }
        return unexpected();
    }

    Result<Literal> parseInt()
    {
        Literal value;
        value.kind = Literal::Kind::Int;
        value.offset = m_options.baseOffset + m_pos;
        bool negative = false;
        if (m_text[m_pos] == '-' || m_text[m_pos] == '+') {
            negative = m_text[m_pos] == '-';
            ++m_pos;
            skipSpace();
            if (m_pos >= m_text.size() || !isDigit(m_text[m_pos]))
                return unexpected();
        }
        const std::size_t start = m_pos;
        // Accumulate as a negative number so that INT64_MIN fits.
        std::int64_t magnitude = 0;
        bool nonZero = false;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '_' && m_pos > start && m_pos + 1 < m_text.size() &&
                isDigit(m_text[m_pos + 1])) {
                ++m_pos;
                continue;
            }
            if (!isDigit(c))
                break;
            nonZero = nonZero || c != '0';
            if (__builtin_mul_overflow(magnitude, 10, &magnitude) ||
                __builtin_sub_overflow(magnitude, c - '0', &magnitude))
                return fail("integer too large", start);
            ++m_pos;
        }
        // Python: "leading zeros in decimal integer literals are not permitted".
        if (m_text[start] == '0' && nonZero)
            return fail("leading zeros in an integer", start);
        if (!negative && magnitude == std::numeric_limits<std::int64_t>::min())
            return fail("integer too large", start);
        value.integer = negative ? magnitude : -magnitude;
        if (m_options.allowLongSuffix && m_pos < m_text.size() && m_text[m_pos] == 'L')
            ++m_pos;
        if (m_pos < m_text.size() && isNameChar(m_text[m_pos]))
            return unexpected();
        return value;
    }

    Result<Literal> parseStr()
    {
        Literal value;
        value.kind = Literal::Kind::Str;
        value.offset = m_options.baseOffset + m_pos;
        // Adjacent literals concatenate, as in Python: 'a' 'b' == 'ab'.
        do {
            if (auto part = appendStrPart(value.text); !part)
                return part.error();
        } while (peek('\'') || peek('"'));
        return value;
    }

    Status appendStrPart(std::string &out)
    {
        const char quote = m_text[m_pos];
        const std::size_t start = m_pos++;
        while (true) {
            if (m_pos >= m_text.size() || m_text[m_pos] == '\n' || m_text[m_pos] == '\r')
                return fail("unterminated string", start);
            const char c = m_text[m_pos];
            const auto byte = static_cast<unsigned char>(c);
            if (c == quote) {
                ++m_pos;
                return {};
            }
            if (c == '\\') {
                if (auto escape = appendEscape(out); !escape)
                    return escape;
                continue;
            }
            if (byte == 0)
                return unexpected();
            if (byte < 0x80) {
                out += c;
                ++m_pos;
            } else if (m_options.encoding == TextEncoding::Latin1) {
                appendUtf8(out, byte);
                ++m_pos;
            } else {
                const std::size_t length = utf8SequenceLength(m_text, m_pos);
                if (length == 0)
                    return fail("invalid utf-8");
                out += m_text.substr(m_pos, length);
                m_pos += length;
            }
        }
    }

    // Python's escapes: \\ \' \" \a \b \f \n \r \t \v \ooo \xhh \uhhhh \Uhhhhhhhh; any other
    // backslash stays in the string, as Python keeps it.
    Status appendEscape(std::string &out)
    {
        const std::size_t start = m_pos++;
        if (m_pos >= m_text.size())
            return fail("unterminated string", start);
        const char c = m_text[m_pos];
        static const std::string_view simple = "\\\\''\"\"a\ab\bf\fn\nr\rt\tv\v";
        for (std::size_t k = 0; k < simple.size(); k += 2) {
            if (simple[k] == c) {
                out += simple[k + 1];
                ++m_pos;
                return {};
            }
        }
        if (c >= '0' && c <= '7') {
            std::uint32_t code = 0;
            for (int k = 0;
                 k < 3 && m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '7';
                 ++k)
                code = code * 8 + static_cast<std::uint32_t>(m_text[m_pos++] - '0');
            appendUtf8(out, code);
            return {};
        }
        const int width = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
        if (width == 0) {
            out += '\\';
            return {};
        }
        ++m_pos;
        std::uint32_t code = 0;
        for (int k = 0; k < width; ++k) {
            const int digit = m_pos < m_text.size() ? hexValue(m_text[m_pos]) : -1;
            if (digit < 0)
                return fail("truncated \\" + std::string(1, c) + " escape", start);
            code = code * 16 + static_cast<std::uint32_t>(digit);
            ++m_pos;
        }
        if (code > 0x10FFFF)
            return fail("escape beyond unicode", start);
        appendUtf8(out, code);
        return {};
    }

    // "(...)" is a tuple only with a comma or when empty; "(x)" is just x, as in Python.
    Result<Literal> parseSequence(int depth)
    {
        const char open = m_text[m_pos];
        const char close = open == '(' ? ')' : ']';
        Literal value;
        value.kind = open == '(' ? Literal::Kind::Tuple : Literal::Kind::List;
        value.offset = m_options.baseOffset + m_pos;
        ++m_pos;
        bool sawComma = false;
        while (!peek(close)) {
            auto item = parseValue(depth + 1);
            if (!item)
                return item;
            value.items.push_back(std::move(item).value());
            if (peek(',')) {
                ++m_pos;
                sawComma = true;
                continue;
            }
            if (!peek(close))
                return m_pos >= m_text.size()
                           ? unexpected()
                           : fail(std::string("expected ',' or '") + close + "'");
        }
        ++m_pos;
        if (open == '(' && !sawComma && value.items.size() == 1)
            return std::move(value.items.front());
        return value;
    }

    Result<Literal> parseDict(int depth)
    {
        Literal value;
        value.kind = Literal::Kind::Dict;
        value.offset = m_options.baseOffset + m_pos;
        ++m_pos;
        while (!peek('}')) {
            const std::size_t keyAt = m_pos; // peek() skipped the space before the key
            auto key = parseValue(depth + 1);
            if (!key)
                return key;
            if (!key->isStr())
                return fail("dict key is not a string", keyAt);
            if (!peek(':'))
                return m_pos >= m_text.size() ? unexpected() : fail("expected ':'");
            ++m_pos;
            auto item = parseValue(depth + 1);
            if (!item)
                return item;
            value.keys.push_back(std::move(key->text));
            value.keyOffsets.push_back(m_options.baseOffset + keyAt);
            value.items.push_back(std::move(item).value());
            if (peek(',')) {
                ++m_pos;
                continue;
            }
            if (!peek('}'))
                return m_pos >= m_text.size() ? unexpected() : fail("expected ',' or '}'");
        }
        ++m_pos;
        return value;
    }

    std::string_view m_text;
    LiteralOptions m_options;
    std::size_t m_pos = 0;
};

} // namespace

Result<Literal> parseLiteral(std::string_view text, const LiteralOptions &options)
{
    return Parser(text, options).parseAll();
}

} // namespace bufferscope::npy
