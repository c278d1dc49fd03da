// SPDX-License-Identifier: GPL-3.0-or-later
#include "render/numeric_type.h"

#include <bit>

namespace bufferscope::render {

bool isComplex(NumericType type)
{
    return type == NumericType::Complex64 || type == NumericType::Complex128;
}

int byteSize(NumericType type)
{
    switch (type) {
    case NumericType::Bool:
    case NumericType::Int8:
    case NumericType::UInt8: return 1;
    case NumericType::Int16:
    case NumericType::UInt16:
    case NumericType::Float16: return 2;
    case NumericType::Int32:
    case NumericType::UInt32:
    case NumericType::Float32: return 4;
    case NumericType::Int64:
    case NumericType::UInt64:
    case NumericType::Float64:
    case NumericType::Complex64: return 8;
    case NumericType::LongDouble:
    case NumericType::Complex128: return 16;
    }
    return 1;
}

static Result<NumericType> integerType(bool isSigned, std::int64_t size)
{
    switch (size) {
    case 1: return isSigned ? NumericType::Int8 : NumericType::UInt8;
    case 2: return isSigned ? NumericType::Int16 : NumericType::UInt16;
    case 4: return isSigned ? NumericType::Int32 : NumericType::UInt32;
    case 8: return isSigned ? NumericType::Int64 : NumericType::UInt64;
    default:
        return makeError(ErrorCategory::Format,
                         "render: integers of " + std::to_string(size) + " bytes are not supported");
    }
}

Result<NumericSource> numericSource(const format::Type &type)
{
    if (!type.scalar) {
        return makeError(ErrorCategory::Format, "render: format '" + type.canonical +
                                                    "' is a record; select a numeric field");
    }
    const format::Scalar &scalar = *type.scalar;
    NumericSource source;
    const auto machineOrder =
        std::endian::native == std::endian::little ? format::ByteOrder::Little : format::ByteOrder::Big;
    source.byteSwapped = scalar.byteOrder != machineOrder;
    switch (scalar.kind) {
    case format::ScalarKind::Bool:
        source.type = NumericType::Bool;
        return source;
    case format::ScalarKind::SignedInt:
    case format::ScalarKind::UnsignedInt: {
        auto integer = integerType(scalar.kind == format::ScalarKind::SignedInt, scalar.size);
        if (!integer)
            return integer.error();
        source.type = *integer;
        return source;
    }
    case format::ScalarKind::Float:
        switch (scalar.size) {
        case 2: source.type = NumericType::Float16; return source;
        case 4: source.type = NumericType::Float32; return source;
        case 8: source.type = NumericType::Float64; return source;
        case 16: source.type = NumericType::LongDouble; return source;
        default: break;
        }
        break;
    case format::ScalarKind::Complex:
        if (scalar.size == 8 || scalar.size == 16) {
            source.type = scalar.size == 8 ? NumericType::Complex64 : NumericType::Complex128;
            return source;
        }
        break;
    default:
        break;
    }
    return makeError(ErrorCategory::Format, "render: format '" + type.canonical +
                                                "' has no numeric value; select a numeric field");
}

} // namespace bufferscope::render
