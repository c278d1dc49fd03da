// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to parser.cpp and parser_items.cpp: the state of one parseFormat call (position,
// prefix in effect, nesting depth, first error) and the small helpers both files share.
#pragma once

#include "common/result.h"
#include "format/format_types.h"
#include "format/parser.h"
#include "format/scalar_codes.h"
#include "format/size_math.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bufferscope::format::detail {

inline bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// A character quoted for a message; bytes that are not printable ASCII are shown as \xNN.
std::string quoted(std::string_view text);

// One item as read, before it is placed in its sequence.
struct Item
{
    std::shared_ptr<const Type> type;
    std::vector<std::int64_t> shape;
    bool padding = false; // 'x': a field only when it is named
    std::size_t start = 0;
};

// What closes a sequence: the end of the text, a '}', or (X{} arguments) "->" or '}'.
enum class Closer { Text, Brace, Arrow };

// A laid-out scalar type with its canonical text.
std::shared_ptr<const Type> scalarType(const Scalar &scalar);

class Parser
{
public:
    explicit Parser(std::string_view text) : m_text(text), m_mode(nativeMode()) {}

    Result<FormatLayout> run()
    {
        Type sequence;
        if (!parseSequence(Closer::Text, 0, false, sequence))
            return *m_error;
        FormatLayout layout;
        layout.source = std::string(m_text);
        layout.root = *asRoot(std::make_shared<Type>(std::move(sequence)));
        return layout;
    }

private:
    bool fail(ErrorCategory category, const std::string &what, std::size_t pos)
    {
        if (!m_error)
            m_error = makeError(category,
                                "format: " + what + " at column " + std::to_string(pos + 1), pos);
        return false;
    }
    bool syntax(const std::string &what, std::size_t pos)
    {
        return fail(ErrorCategory::Syntax, what, pos);
    }
    bool overflow(std::size_t pos) { return fail(ErrorCategory::Limit, "itemsize overflows", pos); }
    bool unexpected(std::size_t pos)
    {
        if (pos >= m_text.size())
            return syntax("unexpected end of format", m_text.size());
        return syntax("unexpected " + quoted(m_text.substr(pos, 1)), pos);
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(std::size_t ahead = 0) const
    {
        return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
    }
    void skipSpace()
    {
        while (!atEnd() && isSpace(m_text[m_pos]))
            ++m_pos;
    }
    // Reads prefixes (and the spaces around them); true when at least one was read.
    bool skipPrefixes()
    {
        bool any = false;
        skipSpace();
        while (!atEnd() && isPrefixChar(m_text[m_pos])) {
            m_mode = modeForPrefix(m_text[m_pos++]);
            any = true;
            skipSpace();
        }
        return any;
    }
    bool enter(std::size_t pos)
    {
        if (++m_depth > kMaxNesting)
            return fail(ErrorCategory::Limit,
                        "nesting deeper than " + std::to_string(kMaxNesting) + " levels", pos);
        return true;
    }

    bool atCloser(Closer closer) const
    {
        switch (closer) {
        case Closer::Text:
            return atEnd();
        case Closer::Brace:
            return peek() == '}';
        case Closer::Arrow:
            return peek() == '}' || (peek() == '-' && peek(1) == '>');
        }
        return false;
    }

    bool parseNumber(std::int64_t &out, std::size_t itemStart)
    {
        out = 0;
        while (!atEnd() && isDigit(m_text[m_pos])) {
            if (!checkedMul(out, 10, out) || !checkedAdd(out, m_text[m_pos] - '0', out))
                return overflow(itemStart);
            ++m_pos;
        }
        return true;
    }

    // "(d0, d1, ...)" with spaces allowed around the numbers.
    bool parseShape(std::vector<std::int64_t> &shape, std::size_t itemStart)
    {
        const std::size_t open = m_pos++;
        while (true) {
            skipSpace();
            if (atEnd())
                return syntax("unterminated '('", open);
            if (!isDigit(peek()))
                return syntax("expected a dimension", m_pos);
            std::int64_t dim = 0;
            if (!parseNumber(dim, itemStart))
                return false;
            shape.push_back(dim);
            skipSpace();
            if (atEnd())
                return syntax("unterminated '('", open);
            if (peek() == ')') {
                ++m_pos;
                return true;
            }
            if (peek() != ',')
                return unexpected(m_pos);
            ++m_pos;
        }
    }

    bool parseName(std::string &name)
    {
        const std::size_t open = m_pos;
        const std::size_t close = m_text.find(':', open + 1);
        if (close == std::string_view::npos)
            return syntax("unterminated field name", open);
        if (close == open + 1)
            return syntax("empty field name", open);
        name = std::string(m_text.substr(open + 1, close - open - 1));
        m_pos = close + 1;
        return true;
    }

    bool parseSequence(Closer closer, std::size_t open, bool record, Type &out);
    bool parseItem(Item &item);
    bool parseElement(std::int64_t count, Item &item);
    bool parseTarget(std::shared_ptr<const Type> &target);
    bool parseFunction(std::size_t start, Scalar &scalar);
    static std::shared_ptr<const Type> asRoot(std::shared_ptr<const Type> sequence);

    std::string_view m_text;
    std::size_t m_pos = 0;
    Mode m_mode;
    int m_depth = 0;
    Closer m_closer = Closer::Text; // what closes the sequence being read
    std::optional<Error> m_error;
};

} // namespace bufferscope::format::detail
