// SPDX-License-Identifier: GPL-3.0-or-later
// A hand-written recursive-descent reader for the view-expression language (expression.h)
// and the printer of its canonical form. Every loop consumes at least one character or
// stops, and every list is capped, so no input can make it hang or grow without bound.
#include "views/expression.h"

#include <charconv>
#include <limits>

namespace bufferscope {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isIdentifierStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isIdentifierChar(char c)
{
    return isIdentifierStart(c) || isDigit(c);
}

class ExpressionReader
{
public:
    ExpressionReader(std::string_view text, std::size_t maxSteps)
        : m_text(text), m_maxSteps(maxSteps)
    {
    }

    Result<std::vector<Step>> read()
    {
        std::vector<Step> steps;
        skipSpaces();
        while (!atEnd()) {
            if (steps.size() == m_maxSteps)
                return fail("more than " + std::to_string(m_maxSteps) + " steps", m_pos);
            Step step;
            step.position = m_pos;
            if (!readStep(step))
                return *m_error;
            step.length = m_pos - step.position;
            steps.push_back(std::move(step));
            skipSpaces();
        }
        return steps;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    void skipSpaces()
    {
        while (!atEnd() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t'))
            ++m_pos;
    }
    bool accept(char c)
    {
        skipSpaces();
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }

    Error fail(const std::string &what, std::size_t pos)
    {
        m_error = makeError(ErrorCategory::Syntax,
                            "expression: " + what + " at column " + std::to_string(pos + 1), pos);
        return *m_error;
    }
    // "expected ']'" where the text ends or holds something else.
    bool expected(const std::string &what)
    {
        skipSpaces();
        fail("expected " + what, m_pos);
        return false;
    }
    bool expect(char c)
    {
        if (accept(c))
            return true;
        return expected(std::string("'") + c + "'");
    }

    bool readStep(Step &step)
    {
        if (accept('['))
            return readBracket(step);
        if (accept('.'))
            return readMethod(step);
        return expected("'[' or '.'");
    }

    bool startsInteger()
    {
        skipSpaces();
        const char c = peek();
        return isDigit(c) || c == '-' || c == '+';
    }

    bool readInteger(std::int64_t &value)
    {
        skipSpaces();
        const std::size_t start = m_pos;
        bool negative = false;
        if (peek() == '-' || peek() == '+') {
            negative = peek() == '-';
            ++m_pos;
            skipSpaces();
        }
        const std::size_t digits = m_pos;
        while (!atEnd() && isDigit(m_text[m_pos]))
            ++m_pos;
        if (digits == m_pos) {
            m_pos = start;
            return expected("an integer");
        }
        // Parse the magnitude as unsigned so that -9223372036854775808 is accepted.
        std::uint64_t magnitude = 0;
        const auto [end, ec] =
            std::from_chars(m_text.data() + digits, m_text.data() + m_pos, magnitude);
        (void)end;
        const std::uint64_t limit =
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) +
            (negative ? 1 : 0);
        if (ec != std::errc() || magnitude > limit) {
            fail("integer out of range", start);
            return false;
        }
        value = negative ? static_cast<std::int64_t>(0 - magnitude)
                         : static_cast<std::int64_t>(magnitude);
        return true;
    }

    bool readString(std::string &out)
    {
        skipSpaces();
        const char quote = peek();
        if (quote != '\'' && quote != '"')
            return expected("a quoted string");
        const std::size_t start = m_pos;
        const std::size_t close = m_text.find(quote, m_pos + 1);
        if (close == std::string_view::npos) {
            fail("unterminated string", start);
            return false;
        }
        out.assign(m_text.substr(m_pos + 1, close - m_pos - 1));
        m_pos = close + 1;
        return true;
    }

    bool readIdentifier(std::string &out)
    {
        skipSpaces();
        if (!isIdentifierStart(peek()))
            return expected("a method name");
        const std::size_t start = m_pos;
        while (!atEnd() && isIdentifierChar(m_text[m_pos]))
            ++m_pos;
        out.assign(m_text.substr(start, m_pos - start));
        return true;
    }

    bool addItem(std::size_t count)
    {
        if (count < kMaxItems)
            return true;
        skipSpaces();
        fail("more than " + std::to_string(kMaxItems) + " items", m_pos);
        return false;
    }

    // Integers separated by commas up to `close`, which is consumed; a trailing comma is
    // allowed as in Python. With allowEmpty, `close` may follow at once.
    bool readIntegers(std::vector<std::int64_t> &out, char close, bool allowEmpty)
    {
        if (allowEmpty && accept(close))
            return true;
        for (;;) {
            if (!addItem(out.size()))
                return false;
            std::int64_t value = 0;
            if (!readInteger(value))
                return false;
            out.push_back(value);
            if (accept(close))
                return true;
            if (!accept(','))
                return expected(std::string("',' or '") + close + "'");
            if (accept(close))
                return true;
        }
    }

    bool readBracket(Step &step)
    {
        skipSpaces();
        if (peek() == '\'' || peek() == '"') {
            step.kind = StepKind::Field;
            return readString(step.text) && expect(']');
        }
        step.kind = StepKind::Index;
        for (;;) {
            if (!addItem(step.indices.size()))
                return false;
            IndexItem item;
            if (!readIndexItem(item))
                return false;
            step.indices.push_back(item);
            if (accept(']'))
                return true;
            if (!accept(','))
                return expected("',' or ']'");
            if (accept(']'))
                return true;
        }
    }

    bool readIndexItem(IndexItem &item)
    {
        skipSpaces();
        if (m_text.substr(m_pos).starts_with("...")) {
            m_pos += 3;
            item.kind = IndexItem::Kind::Ellipsis;
            return true;
        }
        if (isIdentifierStart(peek())) {
            std::string name;
            const std::size_t start = m_pos;
            readIdentifier(name);
            if (name != "None") {
                fail("unknown name '" + name + "'", start);
                return false;
            }
            item.kind = IndexItem::Kind::NewAxis;
            return true;
        }
        std::optional<Index> first;
        if (startsInteger()) {
            Index value = 0;
            if (!readInteger(value))
                return false;
            first = value;
        }
        if (!accept(':')) {
            if (!first)
                return expected("an index");
            item.kind = IndexItem::Kind::Integer;
            item.value = *first;
            return true;
        }
        item.kind = IndexItem::Kind::Slice;
        item.start = first;
        if (startsInteger()) {
            Index value = 0;
            if (!readInteger(value))
                return false;
            item.stop = value;
        }
        if (accept(':') && startsInteger()) {
            Index value = 0;
            if (!readInteger(value))
                return false;
            item.step = value;
        }
        return true;
    }

    bool readMethod(Step &step)
    {
        const std::size_t start = m_pos;
        std::string name;
        if (!readIdentifier(name))
            return false;
        if (name == "T") {
            step.kind = StepKind::T;
            return true;
        }
        if (name == "transpose")
            step.kind = StepKind::Transpose;
        else if (name == "swapaxes")
            step.kind = StepKind::SwapAxes;
        else if (name == "reshape")
            step.kind = StepKind::Reshape;
        else if (name == "view")
            step.kind = StepKind::View;
        else if (name == "cast")
            step.kind = StepKind::Cast;
        else {
            skipSpaces();
            fail("unknown method '" + name + "'", start);
            return false;
        }
        if (!expect('('))
            return false;
        switch (step.kind) {
        case StepKind::Transpose:
            if (accept(')')) {
                step.reverseAxes = true;
                return true;
            }
            if (accept('('))
                return readIntegers(step.axes, ')', true) && expect(')');
            return readIntegers(step.axes, ')', false);
        case StepKind::SwapAxes: {
            std::int64_t a = 0;
            std::int64_t b = 0;
            if (!readInteger(a) || !expect(',') || !readInteger(b))
                return false;
            accept(',');
            step.axes = {a, b};
            return expect(')');
        }
        case StepKind::Reshape:
            if (accept('('))
                return readIntegers(step.axes, ')', true) && expect(')');
            skipSpaces();
            if (peek() == ')')
                return expected("a dimension");
            return readIntegers(step.axes, ')', false);
        case StepKind::View:
            return readString(step.text) && expect(')');
        case StepKind::Cast:
            if (!readString(step.text))
                return false;
            if (accept(',')) {
                if (accept(')'))
                    return true; // trailing comma, no shape
                char close = ')';
                if (accept('['))
                    close = ']';
                else if (!expect('('))
                    return false;
                step.shape.emplace();
                if (!readIntegers(*step.shape, close, true))
                    return false;
                accept(',');
            }
            return expect(')');
        default:
            return false;
        }
    }

    std::string_view m_text;
    std::size_t m_maxSteps;
    std::size_t m_pos = 0;
    std::optional<Error> m_error;
};

} // namespace

Result<std::vector<Step>> parseExpression(std::string_view text, ExpressionOrigin origin)
{
    if (origin == ExpressionOrigin::Saved)
        return ExpressionReader(text, std::numeric_limits<std::size_t>::max()).read();
    if (text.size() > kMaxExpressionLength)
        return makeError(ErrorCategory::Syntax,
                         "expression: longer than " + std::to_string(kMaxExpressionLength) +
                             " characters at column " + std::to_string(kMaxExpressionLength + 1),
                         kMaxExpressionLength);
    return ExpressionReader(text, kMaxSteps).read();
}

} // namespace bufferscope
