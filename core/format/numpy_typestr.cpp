// SPDX-License-Identifier: GPL-3.0-or-later
// numpyTypestr, numpyDescr, numpyDtypeExpression: the parsed format tree printed in NumPy's
// notations. The rules mirror numpy.core._internal (_dtype_from_pep3118 and _array_descr)
// of NumPy 1.24; the differential tests in tests/decode check them against NumPy itself.
#include "format/numpy_typestr.h"

#include "format/value_text.h"

#include <set>

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

} // namespace

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
