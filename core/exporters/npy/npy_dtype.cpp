// SPDX-License-Identifier: GPL-3.0-or-later
// descr -> PEP 3118: typestrs map to struct codes, record lists to T{...} with explicit
// padding, sub-array shapes to "(d0,d1)" prefixes. Sizes use checked arithmetic throughout.
#include "exporters/npy/npy_dtype.h"

#include <bit>
#include <cfloat>
#include <set>

namespace bufferscope::npy {

namespace {

// What one descr resolves to before it is placed in a record or at the top level.
struct Element
{
    std::string body;               // "f", "Zd", "3s", "3w", "T{...}", "8x"
    char byteOrder = 0;             // '<', '>', '^' (native long double in a record) or none
    bool nativeOnly = false;        // long double: 'g' at the top level, '^g' in a record
    bool padding = false;           // an unstructured void: padding when its name is ''
    std::vector<std::int64_t> dims; // sub-array dimensions from a (descr, shape) tuple
    ByteOffset itemsize = 0;        // bytes of the element including dims
};

constexpr char kNativeOrder = std::endian::native == std::endian::little ? '<' : '>';

// Long double is exported only when NumPy's f<size> is the machine's long double, which
// on x86-64 Linux is 'f16' (80-bit extended in 16 bytes); NumPy refuses other orders.
constexpr bool kLongDoubleIsExtended = sizeof(long double) > sizeof(double);

Error descrError(const std::string &what, std::size_t offset,
                 ErrorCategory category = ErrorCategory::Format)
{
    return makeError(category, "descr: " + what, offset);
}

Error overflow(std::size_t offset)
{
    return descrError("itemsize overflows", offset, ErrorCategory::Limit);
}

Result<Element> fromTypestr(const Literal &literal)
{
    const std::string &text = literal.text;
    const std::string quoted = "'" + text + "'";
    std::size_t pos = 0;
    char order = '=';
    if (!text.empty() && (text[0] == '<' || text[0] == '>' || text[0] == '|' || text[0] == '='))
        order = text[pos++];
    if (pos >= text.size())
        return descrError("unsupported type " + quoted, literal.offset);
    const char kind = text[pos++];
    if (kind == 'M' || kind == 'm')
        return descrError(std::string(kind == 'M' ? "datetime64 " : "timedelta64 ") + quoted +
                              " has no PEP 3118 format",
                          literal.offset);
    if (kind == 'O')
        return descrError("object type " + quoted + " cannot be memory-mapped", literal.offset);

    // The size: decimal digits, possibly none for the flexible kinds (S, U, V mean size 0).
    std::int64_t size = 0;
    const std::size_t digitsAt = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (__builtin_mul_overflow(size, 10, &size) ||
            __builtin_add_overflow(size, text[pos] - '0', &size))
            return overflow(literal.offset);
        ++pos;
    }
    const bool flexible = kind == 'S' || kind == 'a' || kind == 'U' || kind == 'V';
    if (pos != text.size() || (pos == digitsAt && !flexible))
        return descrError("unsupported type " + quoted, literal.offset);

    Element element;
    const char resolved = (order == '<' || order == '>') ? order : kNativeOrder;
    auto scalar = [&](const char *body, ByteOffset itemsize, bool ordered) {
        element.body = body;
        element.itemsize = itemsize;
        element.byteOrder = ordered ? resolved : 0;
        return element;
    };
    switch (kind) {
    case 'b':
        if (size == 1)
            return scalar("?", 1, false);
        break;
    case 'i':
    case 'u': {
        const bool isSigned = kind == 'i';
        if (size == 1)
            return scalar(isSigned ? "b" : "B", 1, false);
        if (size == 2)
            return scalar(isSigned ? "h" : "H", 2, true);
        if (size == 4)
            return scalar(isSigned ? "i" : "I", 4, true);
        if (size == 8)
            return scalar(isSigned ? "q" : "Q", 8, true);
        break;
    }
    case 'f':
    case 'c': {
        const bool complex = kind == 'c';
        const std::int64_t component = complex ? size / 2 : size;
        if (complex && size % 2 != 0)
            break;
        if (component == 2 && !complex)
            return scalar("e", 2, true);
        if (component == 4)
            return scalar(complex ? "Zf" : "f", size, true);
        if (component == 8)
            return scalar(complex ? "Zd" : "d", size, true);
        if (kLongDoubleIsExtended && component == static_cast<std::int64_t>(sizeof(long double))) {
            if (resolved != kNativeOrder)
                return descrError("long double " + quoted +
                                      " is only exported in native byte order",
                                  literal.offset);
            element.nativeOnly = true;
            return scalar(complex ? "Zg" : "g", size, false);
        }
        break;
    }
    case 'S':
    case 'a':
        return scalar((std::to_string(size) + "s").c_str(), size, false);
    case 'U': {
        ByteOffset bytes = 0;
        if (__builtin_mul_overflow(size, 4, &bytes))
            return overflow(literal.offset);
        return scalar((std::to_string(size) + "w").c_str(), bytes, true);
    }
    case 'V':
        element.padding = true;
        return scalar((std::to_string(size) + "x").c_str(), size, false);
    default:
        break;
    }
    return descrError("unsupported type " + quoted, literal.offset);
}

// A sub-array shape: an int or a tuple of non-negative ints (numpy.dtype((t, shape))).
Status appendDims(const Literal &shape, std::vector<std::int64_t> &dims, ByteOffset &itemsize)
{
    std::vector<const Literal *> entries;
    if (shape.isInt())
        entries.push_back(&shape);
    else if (shape.isTuple())
        for (const Literal &entry : shape.items)
            entries.push_back(&entry);
    else
        return descrError("sub-array shape must be an integer or a tuple of integers",
                          shape.offset);
    for (const Literal *entry : entries) {
        if (!entry->isInt())
            return descrError("sub-array shape must be an integer or a tuple of integers",
                              entry->offset);
        if (entry->integer < 0)
            return descrError("negative sub-array dimension " + std::to_string(entry->integer),
                              entry->offset);
        dims.push_back(entry->integer);
        if (dims.size() > static_cast<std::size_t>(kMaxNdim))
            return descrError("sub-array has more than " + std::to_string(kMaxNdim) + " dimensions",
                              entry->offset, ErrorCategory::Limit);
        if (__builtin_mul_overflow(itemsize, entry->integer, &itemsize))
            return overflow(entry->offset);
    }
    return {};
}

std::string dimsText(const std::vector<std::int64_t> &dims)
{
    if (dims.empty())
        return {};
    std::string out = "(";
    for (std::size_t i = 0; i < dims.size(); ++i)
        out += (i ? "," : "") + std::to_string(dims[i]);
    return out + ")";
}

Result<Element> resolve(const Literal &descr);

// Field names become ":name:", so a name holding ':' cannot be written (NumPy refuses the
// same: "':' is not an allowed character in buffer field names").
Result<std::string> fieldName(const Literal &name)
{
    const Literal *plain = &name;
    // (title, name): NumPy's titled fields; the title plays no part in the layout.
    if (name.isTuple() && name.items.size() == 2 && name.items[0].isStr())
        plain = &name.items[1];
    if (!plain->isStr())
        return descrError("field name must be a string or a (title, name) tuple", name.offset);
    if (plain->text.find(':') != std::string::npos)
        return descrError("field name '" + plain->text + "' cannot be written in a PEP 3118 format",
                          plain->offset);
    return plain->text;
}

Result<Element> fromRecord(const Literal &fields)
{
    Element record;
    std::string body = "T{";
    std::set<std::string> names;
    for (const Literal &field : fields.items) {
        if (!field.isTuple() || field.items.size() < 2 || field.items.size() > 3)
            return descrError("field must be a (name, type) or (name, type, shape) tuple",
                              field.offset);
        auto name = fieldName(field.items[0]);
        if (!name)
            return name.error();
        auto element = resolve(field.items[1]);
        if (!element)
            return element;
        if (field.items.size() == 3) {
            // The field's shape is outside the type's own: ((t, (2,)), (3,)) is (t, (3, 2)).
            std::vector<std::int64_t> dims;
            if (auto outer = appendDims(field.items[2], dims, element->itemsize); !outer)
                return outer.error();
            dims.insert(dims.end(), element->dims.begin(), element->dims.end());
            element->dims = std::move(dims);
        }
        if (__builtin_add_overflow(record.itemsize, element->itemsize, &record.itemsize))
            return overflow(field.offset);

        // ('', '|V<n>'): padding, which descr_to_dtype skips over.
        if (name->empty() && element->padding) {
            if (element->itemsize > 0)
                body += std::to_string(element->itemsize) + "x";
            continue;
        }
        if (name->empty())
            return descrError("field name '' cannot be written in a PEP 3118 format",
                              field.items[0].offset);
        if (!names.insert(*name).second)
            return descrError("duplicate field name '" + *name + "'", field.items[0].offset);
        // NumPy's reader takes the sub-array shape first, then the byte order.
        body += dimsText(element->dims);
        if (element->nativeOnly)
            body += '^';
        else if (element->byteOrder)
            body += element->byteOrder;
        body += element->body + ":" + *name + ":";
    }
    record.body = body + "}";
    return record;
}

Result<Element> resolve(const Literal &descr)
{
    if (descr.isStr())
        return fromTypestr(descr);
    if (descr.isList())
        return fromRecord(descr);
    if (descr.isTuple() && descr.items.size() == 2) {
        // (type, shape): a sub-array type, as numpy.dtype((t, shape)) reads it.
        auto element = resolve(descr.items[0]);
        if (!element)
            return element;
        std::vector<std::int64_t> inner = std::move(element->dims);
        element->dims.clear();
        if (auto dims = appendDims(descr.items[1], element->dims, element->itemsize); !dims)
            return dims.error();
        element->dims.insert(element->dims.end(), inner.begin(), inner.end());
        return element;
    }
    return descrError("must be a type string, a list of fields or a (type, shape) tuple",
                      descr.offset);
}

} // namespace

Result<Dtype> dtypeFromDescr(const Literal &descr)
{
    auto element = resolve(descr);
    if (!element)
        return element.error();
    if (!element->dims.empty())
        return descrError("a sub-array type is only supported inside a record", descr.offset);
    Dtype dtype;
    dtype.itemsize = element->itemsize;
    dtype.format = element->byteOrder && !element->nativeOnly ? element->byteOrder + element->body
                                                              : element->body;
    return dtype;
}

Result<Dtype> dtypeFromDescrText(std::string_view pythonLiteral)
{
    LiteralOptions options;
    options.encoding = TextEncoding::Utf8;
    options.allowLongSuffix = false;
    auto literal = parseLiteral(pythonLiteral, options);
    if (!literal)
        return makeError(ErrorCategory::Syntax, "descr: " + literal.error().message,
                         literal.error().position);
    return dtypeFromDescr(*literal);
}

} // namespace bufferscope::npy
