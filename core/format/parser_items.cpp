// SPDX-License-Identifier: GPL-3.0-or-later
// Reading one item of a format: sub-array shape, repeat count, and the element itself (a
// code, a T{} record, an '&' pointer with its target, or an X{} function pointer).
#include "format/parser_internal.h"
#include "format/printer.h"
#include "format/size_math.h"

namespace bufferscope::format::detail {

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

} // namespace bufferscope::format::detail
