// SPDX-License-Identifier: GPL-3.0-or-later
// numpyTypestr, numpyDescr, numpyDtypeExpression: the parsed format tree printed in NumPy's
// notations. The rules mirror numpy.core._internal (_dtype_from_pep3118 and _array_descr)
// of NumPy 1.24; the differential tests in tests/decode check them against NumPy itself.
#include "format/numpy_typestr.h"

#include "format/value_text.h"

#include <array>
#include <bit>
#include <set>
#include <utility>

namespace bufferscope {

namespace {

// This file speaks in the format tree's words throughout.
using namespace format;

// Why NumPy has no dtype for a kind; nullptr when it has one.
const char *refusedKind(ScalarKind kind)
{
    switch (kind) {
    case ScalarKind::Pointer:
        return "pointers";
    case ScalarKind::Object:
        return "python objects";
    case ScalarKind::Ucs2:
        return "ucs-2 strings";
    case ScalarKind::Bit:
        return "bitfields";
    case ScalarKind::FunctionPointer:
        return "function pointers";
    case ScalarKind::PascalString:
        return "pascal strings";
    default:
        return nullptr;
    }
}

std::string inField(const std::string &path)
{
    return path.empty() ? std::string() : " in field '" + path + "'";
}

std::string childPath(const std::string &path, const std::string &name)
{
    return path.empty() ? name : path + "." + name;
}

// Refuses, before anything is printed, every part NumPy cannot hold and duplicate names.
Status checkRepresentable(const Type &type, const std::string &path)
{
    if (type.scalar) {
        if (const char *why = refusedKind(type.scalar->kind))
            return makeError(ErrorCategory::Format, "numpy: no numpy type for '" +
                                                        std::string(1, type.scalar->code) + "' (" +
                                                        why + ")" + inField(path));
        return {};
    }
    std::set<std::string> names;
    for (const Field &field : type.fields) {
        if (!names.insert(field.name).second)
            return makeError(ErrorCategory::Format,
                             "numpy: duplicate field name '" + field.name + "'" + inField(path));
        if (!field.type)
            return makeError(ErrorCategory::Structure,
                             "numpy: field '" + childPath(path, field.name) + "' has no type");
        if (Status status = checkRepresentable(*field.type, childPath(path, field.name)); !status)
            return status;
    }
    return {};
}

// NumPy unwraps a top level of one unnamed item that fills the whole item ("3f" becomes
// ('<f4', (3,))), but never inside T{}; that is _dtype_from_pep3118's "simple 1-item type".
const Field *unwrappedItem(const Type &type)
{
    if (!type.isStruct || !type.implicitSequence || type.fields.size() != 1)
        return nullptr;
    const Field &field = type.fields.front();
    if (field.explicitName || field.offset != 0 || !field.type || field.size() != type.itemsize)
        return nullptr;
    return &field;
}

std::string scalarTypestr(const Scalar &scalar)
{
    const std::string order = scalar.byteOrder == ByteOrder::Little ? "<" : ">";
    const std::string size = std::to_string(scalar.size);
    switch (scalar.kind) {
    case ScalarKind::Padding:
        return "|V" + size;
    case ScalarKind::Char:
    case ScalarKind::Bytes:
        return "|S" + size;
    case ScalarKind::Bool:
        return "|b" + size;
    case ScalarKind::SignedInt:
        return (scalar.size == 1 ? "|" : order) + "i" + size;
    case ScalarKind::UnsignedInt:
        return (scalar.size == 1 ? "|" : order) + "u" + size;
    case ScalarKind::Float:
        return order + "f" + size;
    case ScalarKind::Complex:
        return order + "c" + size;
    case ScalarKind::Ucs4:
        return order + "U" + std::to_string(scalar.size / 4);
    default:
        return {}; // refused earlier by checkRepresentable
    }
}

// The typestr of one element type (no unwrapping): records and padding are '|Vn'.
std::string elementTypestr(const Type &type)
{
    if (type.scalar)
        return scalarTypestr(*type.scalar);
    return "|V" + std::to_string(type.itemsize);
}

// JSON strings must be valid UTF-8; names come from the format text as raw bytes.
std::string jsonSafe(const std::string &name)
{
    return encodeUtf8(decodeUtf8(name));
}

Result<nlohmann::json> descrEntry(const Type &type, const std::string &path);

// _array_descr of a record: fields in order, gaps and the tail as ('', '|Vn').
Result<nlohmann::json> recordDescr(const Type &type, const std::string &path)
{
    nlohmann::json list = nlohmann::json::array();
    std::int64_t offset = 0;
    for (const Field &field : type.fields) {
        if (field.offset > offset) {
            list.push_back({"", "|V" + std::to_string(field.offset - offset)});
            offset = field.offset;
        } else if (field.offset < offset) {
            return makeError(ErrorCategory::Format,
                             "numpy: overlapping or out-of-order fields at field '" +
                                 childPath(path, field.name) + "'");
        }
        auto element = descrEntry(*field.type, childPath(path, field.name));
        if (!element)
            return element.error();
        nlohmann::json entry = nlohmann::json::array({jsonSafe(field.name), *element});
        if (!field.shape.empty())
            entry.push_back(field.shape);
        list.push_back(std::move(entry));
        offset += field.size();
    }
    if (type.itemsize > offset)
        list.push_back({"", "|V" + std::to_string(type.itemsize - offset)});
    return list;
}

// The second member of a descr entry: a typestr, or a nested list for a record.
Result<nlohmann::json> descrEntry(const Type &type, const std::string &path)
{
    if (type.scalar)
        return nlohmann::json(elementTypestr(type));
    return recordDescr(type, path);
}

std::string pythonString(const std::string &text)
{
    return textRepr(decodeUtf8(text));
}

std::string pythonTuple(const std::vector<std::int64_t> &shape)
{
    std::string out = "(";
    for (std::size_t i = 0; i < shape.size(); ++i)
        out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + (shape.size() == 1 ? ",)" : ")");
}

// A dtype-like Python value for one element type: a quoted typestr for scalars, a full
// np.dtype({...}) for records (padding alone is NumPy's empty record of that size).
std::string dtypeLike(const Type &type)
{
    if (type.scalar && type.scalar->kind != ScalarKind::Padding)
        return pythonString(scalarTypestr(*type.scalar));
    std::string names, formats, offsets;
    for (const Field &field : type.fields) {
        const char *separator = names.empty() ? "" : ", ";
        names += separator + pythonString(field.name);
        offsets += separator + std::to_string(field.offset);
        formats += separator;
        if (field.shape.empty())
            formats += dtypeLike(*field.type);
        else
            formats += "(" + dtypeLike(*field.type) + ", " + pythonTuple(field.shape) + ")";
    }
    return "np.dtype({'names': [" + names + "], 'formats': [" + formats + "], 'offsets': [" +
           offsets + "], 'itemsize': " + std::to_string(type.itemsize) + "})";
}

// numpy.dtype(name) for the names people type, as NumPy 1.24 on a 64-bit Linux reads them
// (the differential test in tests/decode asks NumPy itself for each).
constexpr std::array<std::pair<std::string_view, std::string_view>, 33> kTypeNames = {{
    {"bool", "|b1"},        {"bool_", "|b1"},        {"int8", "|i1"},       {"uint8", "|u1"},
    {"int16", "i2"},        {"uint16", "u2"},        {"int32", "i4"},       {"uint32", "u4"},
    {"int64", "i8"},        {"uint64", "u8"},        {"float16", "f2"},     {"float32", "f4"},
    {"float64", "f8"},      {"complex64", "c8"},     {"complex128", "c16"}, {"byte", "|i1"},
    {"ubyte", "|u1"},       {"short", "i2"},         {"ushort", "u2"},      {"intc", "i4"},
    {"uintc", "u4"},        {"longlong", "i8"},      {"ulonglong", "u8"},   {"int", "i8"},
    {"float", "f8"},        {"double", "f8"},        {"single", "f4"},      {"half", "f2"},
    {"complex", "c16"},     {"longdouble", "f16"},   {"clongdouble", "c32"}, {"cdouble", "c16"},
    {"csingle", "c8"},
}};

// x86-64's long double is NumPy's f16: 80-bit extended in 16 bytes, exported only as 'g'.
constexpr bool kLongDoubleIsF16 = sizeof(long double) == 16;

Error notUnderstood(std::string_view text)
{
    return makeError(ErrorCategory::Format,
                     "format: data type '" + std::string(text) + "' not understood");
}

// The struct code of NumPy's kind and size ("i", 2 -> "h"); empty when NumPy has none.
std::string structCode(char kind, std::int64_t size)
{
    switch (kind) {
    case 'b':
        return size == 1 ? "?" : "";
    case 'i':
    case 'u': {
        const char *codes = kind == 'i' ? "bhiq" : "BHIQ";
        const int at = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : size == 8 ? 3 : -1;
        return at < 0 ? "" : std::string(1, codes[at]);
    }
    case 'f':
        return size == 2 ? "e" : size == 4 ? "f" : size == 8 ? "d" : size == 16 ? "g" : "";
    case 'c':
        return size == 8 ? "Zf" : size == 16 ? "Zd" : size == 32 ? "Zg" : "";
    case 'S':
    case 'a':
        return size > 0 ? std::to_string(size) + "s" : "";
    case 'U':
        return size > 0 ? std::to_string(size) + "w" : "";
    case 'V':
        return size > 0 ? std::to_string(size) + "x" : "";
    default:
        return {};
    }
}

} // namespace

Result<std::string> formatFromTypeText(std::string_view text)
{
    // Spaces around a NumPy type are forgiven; any other text goes to the format parser as
    // typed, so its error positions point into what the user sees.
    const std::string unchanged(text);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    std::string_view typestr = text;
    for (const auto &[name, value] : kTypeNames)
        if (text == name)
            typestr = value;

    // NumPy's typestr: an optional order, a kind letter and a size in decimal digits.
    std::size_t pos = 0;
    char order = 0;
    if (!typestr.empty() && std::string_view("<>|=").find(typestr[0]) != std::string_view::npos)
        order = typestr[pos++];
    if (pos >= typestr.size() ||
        std::string_view("biufcSaUV").find(typestr[pos]) == std::string_view::npos)
        return unchanged;
    const char kind = typestr[pos++];
    if (pos == typestr.size())
        return unchanged; // 'b', 'i', 'f', 'c', '<i', ...: struct's and NumPy's alike
    std::int64_t size = 0;
    for (; pos < typestr.size(); ++pos) {
        const char c = typestr[pos];
        if (c < '0' || c > '9')
            return unchanged; // not NumPy's shape of text: PEP 3118 decides
        if (size > (std::int64_t{1} << 40))
            return notUnderstood(text);
        size = size * 10 + (c - '0');
    }
    const std::string code = structCode(kind, size);
    if (code.empty())
        return notUnderstood(text);
    const bool explicitOrder = order == '<' || order == '>';
    const char native = std::endian::native == std::endian::little ? '<' : '>';
    if (code.back() == 'g') {
        if (!kLongDoubleIsF16)
            return notUnderstood(text);
        if (explicitOrder && order != native)
            return makeError(ErrorCategory::Format,
                             "format: data type '" + std::string(text) +
                                 "' has no PEP 3118 format (long double is native order only)");
        return code;
    }
    // One-byte items and strings of bytes have no order; the rest keep the order typed.
    const bool ordered = !(code == "?" || code == "b" || code == "B" || code.back() == 's' ||
                           code.back() == 'x');
    return (ordered && explicitOrder ? std::string(1, order) : std::string()) + code;
}

std::vector<std::int64_t> numpyItemShape(const Type &type)
{
    if (const Field *item = unwrappedItem(type))
        return item->shape;
    return {};
}

Result<std::string> numpyTypestr(const Type &type)
{
    if (Status status = checkRepresentable(type, {}); !status)
        return status.error();
    if (const Field *item = unwrappedItem(type))
        return elementTypestr(*item->type);
    return elementTypestr(type);
}

Result<nlohmann::json> numpyDescr(const Type &type)
{
    if (Status status = checkRepresentable(type, {}); !status)
        return status.error();
    const Type &element = unwrappedItem(type) ? *unwrappedItem(type)->type : type;
    if (element.scalar)
        return nlohmann::json::array({nlohmann::json::array({"", elementTypestr(element)})});
    return recordDescr(element, {});
}

Result<std::string> numpyDtypeExpression(const Type &type)
{
    if (Status status = checkRepresentable(type, {}); !status)
        return status.error();
    if (const Field *item = unwrappedItem(type)) {
        if (item->shape.empty())
            return "np.dtype(" + dtypeLike(*item->type) + ")";
        return "np.dtype((" + dtypeLike(*item->type) + ", " + pythonTuple(item->shape) + "))";
    }
    const std::string like = dtypeLike(type);
    return like.starts_with("np.dtype(") ? like : "np.dtype(" + like + ")";
}

} // namespace bufferscope
