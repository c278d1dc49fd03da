// SPDX-License-Identifier: GPL-3.0-or-later
// A recursive-descent reader of PEP 3118 format strings. Layout (offsets, padding) is computed
// while reading, following struct for plain sequences and NumPy's parser for T{...} records.
#include "format/parser.h"

#include "format/printer.h"
#include "format/scalar_codes.h"
#include "format/size_math.h"

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_set>

namespace bufferscope {

using namespace format;

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// A character quoted for a message; bytes that are not printable ASCII are shown as \xNN.
std::string quoted(std::string_view text)
{
    std::string out = "'";
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f) {
            out += c;
        } else {
            static const char digits[] = "0123456789abcdef";
            out += "\\x";
            out += digits[byte >> 4];
            out += digits[byte & 0xf];
        }
    }
    return out + "'";
}

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

std::shared_ptr<const Type> scalarType(const Scalar &scalar)
{
    auto type = std::make_shared<Type>();
    type->scalar = scalar;
    type->itemsize = scalar.size;
    type->alignment = scalar.alignment;
    type->canonical = printFormat(*type);
    return type;
}

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

// Items of a struct body or of a whole string. Mirrors NumPy's __dtype_from_pep3118: an item
// is aligned when the prefix in effect after it is '@' (for T{} that is the prefix at its
// '}'), and only those items count toward the record's alignment.
bool Parser::parseSequence(Closer closer, std::size_t open, bool record, Type &out)
{
    const Closer enclosing = m_closer;
    m_closer = closer;
    out.isStruct = true;
    out.implicitSequence = !record;
    std::int64_t offset = 0;
    std::int64_t alignment = 1;
    int items = 0;
    std::vector<std::size_t> unnamed;
    std::unordered_set<std::string> explicitNames;
    while (true) {
        const bool prefixed = skipPrefixes();
        if (atEnd() && closer != Closer::Text)
            return syntax(closer == Closer::Brace ? "unterminated 'T{'" : "unterminated 'X{'",
                          open);
        if (atCloser(closer)) {
            // A prefix must introduce an item, except in a string that is only a prefix
            // (struct.calcsize('<') == 0).
            if (prefixed && (closer != Closer::Text || items > 0))
                return unexpected(m_pos);
            break;
        }
        Item item;
        if (!parseItem(item))
            return false;
        ++items;
        const std::int64_t itemAlignment = item.type->alignment;
        if (m_mode.sizeMode == SizeMode::Native) {
            if (!alignUp(offset, itemAlignment, offset))
                return overflow(item.start);
            alignment = std::max(alignment, itemAlignment);
        }
        std::int64_t size = item.type->itemsize;
        for (std::int64_t dim : item.shape) {
            if (!checkedMul(size, dim, size))
                return overflow(item.start);
        }
        std::string name;
        const std::size_t namePos = m_pos;
        const bool named = peek() == ':';
        if (named && !parseName(name))
            return false;
        if (named || !item.padding) {
            if (named && !explicitNames.insert(name).second)
                return syntax("duplicate field name " + quoted(name), namePos);
            if (!named)
                unnamed.push_back(out.fields.size());
            Field field;
            field.name = std::move(name);
            field.explicitName = named;
            field.offset = offset;
            field.shape = std::move(item.shape);
            field.type = std::move(item.type);
            out.fields.push_back(std::move(field));
        }
        if (!checkedAdd(offset, size, offset))
            return overflow(item.start);
    }
    // Unnamed fields take the first "f<j>" not already used, as NumPy's _fix_names does; the
    // used set only grows, so the search can resume where the last one stopped.
    std::int64_t next = 0;
    for (std::size_t index : unnamed) {
        std::string candidate;
        do {
            candidate = "f" + std::to_string(next++);
        } while (explicitNames.count(candidate) > 0);
        out.fields[index].name = std::move(candidate);
    }
    out.alignment = alignment;
    out.endSizeMode = m_mode.sizeMode;
    out.endByteOrder = m_mode.byteOrder;
    out.itemsize = offset;
    if (record && m_mode.sizeMode == SizeMode::Native && !alignUp(offset, alignment, out.itemsize))
        return overflow(open);
    m_closer = enclosing;
    return true;
}

// [shape] [prefix...] [count] element
bool Parser::parseItem(Item &item)
{
    item.start = m_pos;
    if (peek() == '(') {
        if (!parseShape(item.shape, item.start))
            return false;
        while (!atEnd() && isPrefixChar(peek()))
            m_mode = modeForPrefix(m_text[m_pos++]);
    }
    std::int64_t count = 1;
    const bool counted = isDigit(peek());
    if (counted && !parseNumber(count, item.start))
        return false;
    if (!parseElement(count, item))
        return false;
    std::int64_t elements = 1;
    for (std::int64_t dim : item.shape) {
        if (!checkedMul(elements, dim, elements))
            return overflow(item.start);
    }
    return true;
}

bool Parser::parseElement(std::int64_t count, Item &item)
{
    const std::size_t start = m_pos;
    if (atEnd())
        return unexpected(start);
    const char c = peek();
    bool lengthCount = false;
    if (c == 'T') {
        if (peek(1) != '{')
            return syntax("expected '{' after 'T'", start + 1);
        if (!enter(start))
            return false;
        m_pos += 2;
        auto record = std::make_shared<Type>();
        if (!parseSequence(Closer::Brace, start, true, *record))
            return false;
        ++m_pos; // '}'
        --m_depth;
        record->canonical = printFormat(*record);
        item.type = std::move(record);
    } else if (c == 'X') {
        Scalar scalar;
        if (!parseFunction(start, scalar))
            return false;
        item.type = scalarType(scalar);
    } else if (c == '&') {
        if (!enter(start))
            return false;
        ++m_pos;
        std::shared_ptr<const Type> target;
        if (!parseTarget(target))
            return false;
        --m_depth;
        Scalar scalar = pointerScalar(ScalarKind::Pointer, '&', m_mode);
        scalar.pointee = target->canonical;
        item.type = scalarType(scalar);
    } else if (c == ')' || c == '}' || c == ',' || c == ':' || c == '{' || c == '(' || isSpace(c)) {
        return unexpected(start);
    } else {
        const bool complex = c == 'Z';
        if (complex && m_pos + 1 >= m_text.size())
            return unexpected(m_pos + 1);
        const char code = complex ? peek(1) : c;
        Scalar scalar;
        switch (scalarForCode(code, complex, m_mode, scalar)) {
        case CodeLookup::Unknown:
            return syntax("unknown format code " + quoted(m_text.substr(start, complex ? 2 : 1)),
                          start);
        case CodeLookup::NoStandardSize:
            return syntax("code " + quoted(m_text.substr(start, 1)) +
                              " has no standard size, it needs '@'",
                          start);
        case CodeLookup::Ok:
            break;
        }
        m_pos += complex ? 2 : 1;
        lengthCount = !complex && countIsLength(code);
        if (lengthCount && !checkedMul(scalar.size, count, scalar.size))
            return overflow(item.start);
        item.padding = !complex && code == 'x';
        item.type = scalarType(scalar);
    }
    if (!lengthCount && count != 1)
        item.shape.push_back(count);
    return true;
}

// The target of '&': one item without a name, read from '@' in its own scope.
bool Parser::parseTarget(std::shared_ptr<const Type> &target)
{
    const Mode outer = m_mode;
    m_mode = nativeMode();
    while (!atEnd() && isPrefixChar(peek()))
        m_mode = modeForPrefix(m_text[m_pos++]);
    Item item;
    if (!parseItem(item))
        return false;
    m_mode = outer;
    auto sequence = std::make_shared<Type>();
    sequence->isStruct = true;
    sequence->implicitSequence = true;
    sequence->alignment = item.type->alignment;
    sequence->itemsize = item.type->itemsize;
    for (std::int64_t dim : item.shape) {
        if (!checkedMul(sequence->itemsize, dim, sequence->itemsize))
            return overflow(item.start);
    }
    // Kept even when it is padding: the target must print back as one item ("&0x").
    Field field;
    field.name = "f0";
    field.shape = std::move(item.shape);
    field.type = std::move(item.type);
    sequence->fields.push_back(std::move(field));
    target = asRoot(std::move(sequence));
    return true;
}

// "X{}", "X{args->ret}" (PEP 3118's form) or "X{args}->ret"; read from '@' in its own scope.
bool Parser::parseFunction(std::size_t start, Scalar &scalar)
{
    if (peek(1) != '{')
        return syntax("expected '{' after 'X'", start + 1);
    if (!enter(start))
        return false;
    m_pos += 2;
    const Mode outer = m_mode;
    m_mode = nativeMode();
    auto arguments = std::make_shared<Type>();
    if (!parseSequence(Closer::Arrow, start, false, *arguments))
        return false;
    std::string signature = asRoot(arguments)->canonical;
    bool returns = false;
    std::shared_ptr<const Type> result;
    if (peek() == '-') {
        m_pos += 2;
        returns = true;
        if (!parseTarget(result))
            return false;
        skipSpace();
        if (atEnd())
            return syntax("unterminated 'X{'", start);
        if (peek() != '}')
            return unexpected(m_pos);
    }
    ++m_pos; // '}'
    // Directly inside another X{}'s arguments a "->" after '}' is that function's arrow.
    if (!returns && m_closer != Closer::Arrow && peek() == '-' && peek(1) == '>') {
        m_pos += 2;
        returns = true;
        if (!parseTarget(result))
            return false;
    }
    if (returns)
        signature += "->" + result->canonical;
    m_mode = outer;
    --m_depth;
    scalar = pointerScalar(ScalarKind::FunctionPointer, 'X', m_mode);
    scalar.pointee = std::move(signature);
    return true;
}

// A string whose only field is unnamed, has no shape and fills the whole item is that
// field's own type ("i" is a scalar, "T{...}" the record, "0xi" too); anything else stays a
// struct. NumPy unwraps exactly this case (unnamed padding is no field there either), and
// deciding on the fields alone keeps the canonical text's reading identical.
std::shared_ptr<const Type> Parser::asRoot(std::shared_ptr<const Type> sequence)
{
    if (sequence->fields.size() == 1) {
        const Field &only = sequence->fields.front();
        if (!only.explicitName && only.shape.empty() && only.offset == 0 &&
            only.type->itemsize == sequence->itemsize)
            return only.type;
    }
    auto root = std::make_shared<Type>(*sequence);
    root->canonical = printFormat(*root);
    return root;
}

} // namespace

Result<FormatLayout> parseFormat(std::string_view text)
{
    return Parser(text).run();
}

} // namespace bufferscope
