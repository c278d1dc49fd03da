// SPDX-License-Identifier: GPL-3.0-or-later
// The element types the renderer can turn into numbers, and how to read them in bulk.
// Display of a single value goes through format/decode.h; this file exists for the hot
// loops, which need one branch-free conversion per element type, byte swap included.
#pragma once

#include "common/result.h"
#include "format/format_types.h"

namespace bufferscope::render {

enum class NumericType {
    Bool,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float16,
    Float32,
    Float64,
    LongDouble, // x86-64 80-bit extended, stored in 16 bytes
    Complex64,
    Complex128,
};

// Which number a complex element is displayed as.
enum class ComplexPart { Magnitude, Phase, Real, Imaginary };

struct NumericSource
{
    NumericType type = NumericType::UInt8;
    bool byteSwapped = false; // the element's byte order is not the machine's
};

bool isComplex(NumericType type);
int byteSize(NumericType type);

// Refuses what has no number to show (strings, pointers, records): "render: format 's' has
// no numeric value; select a numeric field".
Result<NumericSource> numericSource(const format::Type &type);

} // namespace bufferscope::render
