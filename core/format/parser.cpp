// SPDX-License-Identifier: GPL-3.0-or-later
// A recursive-descent reader of PEP 3118 format strings. Layout (offsets, padding) is computed
// while reading, following struct for plain sequences and NumPy's parser for T{...} records.
// This file holds sequences (struct bodies and whole strings); parser_items.cpp one item.
#include "format/parser.h"

#include "format/parser_internal.h"
#include "format/printer.h"
#include "format/size_math.h"

#include <algorithm>
#include <unordered_set>

namespace bufferscope {

namespace format::detail {

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

std::shared_ptr<const Type> scalarType(const Scalar &scalar)
{
    auto type = std::make_shared<Type>();
    type->scalar = scalar;
    type->itemsize = scalar.size;
    type->alignment = scalar.alignment;
    type->canonical = printFormat(*type);
    return type;
}

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

} // namespace format::detail

Result<format::FormatLayout> parseFormat(std::string_view text)
{
    return format::detail::Parser(text).run();
}

} // namespace bufferscope
