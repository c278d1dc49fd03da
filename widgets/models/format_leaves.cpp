// SPDX-License-Identifier: GPL-3.0-or-later
// Flattening a format tree to leaf fields and column descriptions.
#include "models/format_leaves.h"

#include "format/numpy_typestr.h"

namespace bufferscope {

namespace {

using format::Field;
using format::Type;

std::string joined(const std::string &prefix, const std::string &name)
{
    if (prefix.empty())
        return name;
    if (name.empty() || name.front() == '[')
        return prefix + name;
    return prefix + "." + name;
}

std::int64_t product(const std::vector<std::int64_t> &shape)
{
    std::int64_t n = 1;
    for (auto extent : shape)
        n *= extent;
    return n;
}

// "[1]" or "[1,2]" for the flat element `flat` of a C-ordered sub-array.
std::string subscript(const std::vector<std::int64_t> &shape, std::int64_t flat)
{
    std::vector<std::int64_t> index(shape.size());
    for (std::size_t i = shape.size(); i-- > 0;) {
        index[i] = flat % shape[i];
        flat /= shape[i];
    }
    std::string text = "[";
    for (std::size_t i = 0; i < index.size(); ++i)
        text += (i ? "," : "") + std::to_string(index[i]);
    return text + "]";
}

void collectFields(const Type &type, const std::string &prefix, std::int64_t base,
                   const std::vector<std::int64_t> &outerShape, std::vector<FormatLeaf> &out)
{
    if (type.scalar) {
        out.push_back({prefix, base, *type.scalar, outerShape, 1});
        return;
    }
    for (const Field &field : type.fields) {
        if (!field.type)
            continue;
        std::vector<std::int64_t> shape = outerShape;
        shape.insert(shape.end(), field.shape.begin(), field.shape.end());
        collectFields(*field.type, joined(prefix, field.name), base + field.offset, shape, out);
    }
}

void collectColumns(const Type &type, const std::string &prefix, std::int64_t base,
                    std::int64_t maxExpanded, std::vector<FormatLeaf> &out)
{
    if (type.scalar) {
        out.push_back({prefix, base, *type.scalar, {}, 1});
        return;
    }
    for (const Field &field : type.fields) {
        if (!field.type)
            continue;
        const std::string name = joined(prefix, field.name);
        const std::int64_t elements = product(field.shape);
        if (field.shape.empty()) {
            collectColumns(*field.type, name, base + field.offset, maxExpanded, out);
        } else if (elements > maxExpanded && field.type->scalar) {
            out.push_back({name, base + field.offset, *field.type->scalar, field.shape, elements});
        } else {
            const std::int64_t shown = std::min(elements, maxExpanded);
            for (std::int64_t k = 0; k < shown; ++k)
                collectColumns(*field.type, name + subscript(field.shape, k),
                               base + field.offset + k * field.type->itemsize, maxExpanded, out);
        }
    }
}

} // namespace

std::vector<FormatLeaf> formatFields(const Type &type)
{
    std::vector<FormatLeaf> out;
    collectFields(type, {}, 0, {}, out);
    return out;
}

std::vector<FormatLeaf> valueColumns(const Type &type, std::int64_t maxExpanded)
{
    std::vector<FormatLeaf> out;
    collectColumns(type, {}, 0, maxExpanded, out);
    return out;
}

std::string scalarTypeText(const format::Scalar &scalar)
{
    Type type;
    type.scalar = scalar;
    type.itemsize = scalar.size;
    type.alignment = scalar.alignment;
    if (const auto typestr = numpyTypestr(type))
        return *typestr;
    if (scalar.kind == format::ScalarKind::Pointer && !scalar.pointee.empty())
        return "&" + scalar.pointee;
    return std::string(1, scalar.code);
}

std::string byteOrderText(const format::Scalar &scalar)
{
    using format::ScalarKind;
    const bool orderless = scalar.kind == ScalarKind::Bytes || scalar.kind == ScalarKind::Char ||
                           scalar.kind == ScalarKind::PascalString ||
                           scalar.kind == ScalarKind::Padding || scalar.size <= 1;
    if (orderless)
        return "|";
    return scalar.byteOrder == format::ByteOrder::Big ? "big" : "little";
}

} // namespace bufferscope
