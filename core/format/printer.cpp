// SPDX-License-Identifier: GPL-3.0-or-later
// Prints a type tree back to format text, tracking the prefix in effect exactly as the parser
// does (it carries on across '}'), so that the text re-parses to the same layout.
#include "format/printer.h"

#include "format/scalar_codes.h"
#include "format/size_math.h"

#include <string>

namespace bufferscope {

using namespace format;

namespace {

Mode endMode(const Type &type)
{
    return Mode{type.endSizeMode, type.endByteOrder};
}

// The prefix in effect right after an item: it decides whether the item was aligned.
Mode modeAfter(const Type &type)
{
    return type.scalar ? modeOf(*type.scalar) : endMode(type);
}

// Bytes per counted unit of the codes whose count is a length ("3w" is 12 bytes).
std::int64_t lengthUnit(char code)
{
    switch (code) {
    case 'u':
        return 2;
    case 'w':
        return 4;
    default:
        return 1;
    }
}

class Printer
{
public:
    std::string take() { return std::move(m_out); }

    void item(const Type &type, const std::vector<std::int64_t> &shape)
    {
        if (type.scalar) {
            scalar(*type.scalar, shape);
        } else if (type.implicitSequence) {
            body(type, false); // only as a whole string; never nested
        } else {
            subArray(shape);
            m_out += "T{";
            body(type, true);
            m_out += '}';
        }
    }

private:
    void setMode(const Mode &mode)
    {
        if (mode != m_mode) {
            m_out += prefixForMode(mode);
            m_mode = mode;
        }
    }

    void dims(const std::vector<std::int64_t> &shape)
    {
        m_out += '(';
        for (std::size_t i = 0; i < shape.size(); ++i) {
            if (i > 0)
                m_out += ',';
            m_out += std::to_string(shape[i]);
        }
        m_out += ')';
    }

    // A one-dimensional sub-array is a repeat count ("3i"); "(1)i" keeps its parentheses,
    // since "1i" is a plain item.
    void subArray(const std::vector<std::int64_t> &shape)
    {
        if (shape.size() == 1 && shape[0] != 1)
            m_out += std::to_string(shape[0]);
        else if (!shape.empty())
            dims(shape);
    }

    void scalar(const Scalar &s, const std::vector<std::int64_t> &shape)
    {
        const bool lengthCount = s.kind != ScalarKind::Complex && countIsLength(s.code);
        if (lengthCount) {
            if (!shape.empty())
                dims(shape);
            setMode(modeOf(s));
            const std::int64_t length = s.size / lengthUnit(s.code);
            if (length != 1)
                m_out += std::to_string(length);
            m_out += s.code;
            return;
        }
        if (shape.size() > 1 || (shape.size() == 1 && shape[0] == 1))
            dims(shape);
        setMode(modeOf(s));
        if (shape.size() == 1 && shape[0] != 1)
            m_out += std::to_string(shape[0]);
        switch (s.kind) {
        case ScalarKind::Complex:
            m_out += 'Z';
            m_out += s.code;
            break;
        case ScalarKind::Pointer:
            if (s.code == '&')
                m_out += "&" + s.pointee;
            else
                m_out += s.code;
            break;
        case ScalarKind::FunctionPointer:
            m_out += "X{" + s.pointee + "}";
            break;
        default:
            m_out += s.code;
            break;
        }
    }

    void padding(std::int64_t bytes)
    {
        if (bytes != 1)
            m_out += std::to_string(bytes);
        m_out += 'x';
    }

    // Fields in order, with explicit padding only where the parser's own alignment would not
    // reproduce the offset; then trailing padding up to the itemsize.
    void body(const Type &type, bool record)
    {
        std::int64_t offset = 0;
        for (const Field &field : type.fields) {
            std::int64_t natural = offset;
            if (modeAfter(*field.type).sizeMode == SizeMode::Native)
                alignUp(offset, field.type->alignment, natural);
            if (field.offset != natural)
                padding(field.offset - offset);
            item(*field.type, field.shape);
            if (field.explicitName)
                m_out += ':' + field.name + ':';
            offset = field.offset + field.size();
        }
        std::int64_t natural = offset;
        const Mode end = endMode(type);
        if (record && end.sizeMode == SizeMode::Native)
            alignUp(offset, type.alignment, natural);
        if (natural != type.itemsize || (record && end != m_mode)) {
            if (record)
                setMode(end);
            padding(type.itemsize - offset);
        }
    }

    std::string m_out;
    Mode m_mode = nativeMode();
};

} // namespace

std::string printFormat(const Type &type)
{
    Printer printer;
    printer.item(type, {});
    return printer.take();
}

} // namespace bufferscope
