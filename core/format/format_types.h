// SPDX-License-Identifier: GPL-3.0-or-later
// The parsed form of a PEP 3118 format string: a tree of types (scalars, structs, sub-arrays)
// with every field's byte offset already laid out. Produced by parseFormat (parser.h); the
// rest of core reads only these types, never the text.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bufferscope::format {

// Byte order after resolving the prefix: '@' and '=' mean the machine's own order.
enum class ByteOrder { Little, Big };

// How sizes and alignment were chosen: '@' (native size, native alignment), standard sizes
// with no alignment ('=', '<', '>', '!'), or NumPy's '^' (native size, no alignment), which
// NumPy writes for packed records holding native-only types such as long double.
enum class SizeMode { Native, Standard, Unaligned };

enum class ScalarKind {
    Padding,         // x
    Char,            // c  (one byte)
    SignedInt,       // b h i l q n
    UnsignedInt,     // B H I L Q N
    Bool,            // ?
    Float,           // e f d g
    Complex,         // Zf Zd Zg (size = 2 x component size)
    Bytes,           // s  (count is the length, one field)
    PascalString,    // p
    Pointer,         // P, and any &-prefixed type
    Object,          // O  (PyObject *)
    Ucs2,            // u
    Ucs4,            // w
    Bit,             // t
    FunctionPointer, // X{...}
};

struct Scalar
{
    char code = 'B'; // the struct code ('Z' types keep the component code: 'f', 'd', 'g')
    ScalarKind kind = ScalarKind::UnsignedInt;
    std::int64_t size = 1;      // bytes of one item (for 's'/'p': the whole string)
    std::int64_t alignment = 1; // 1 under standard size mode
    ByteOrder byteOrder = ByteOrder::Little;
    SizeMode sizeMode = SizeMode::Native;
    std::string pointee; // canonical format of the target for '&' pointers, else empty;
                         // for X{} the canonical signature "args->ret" (empty for X{})
};

struct Type; // scalar, struct or sub-array of either

struct Field
{
    std::string name;                 // ":name:" or generated "f0", "f1"... as NumPy names them
    std::int64_t offset = 0;          // bytes from the start of the enclosing item
    std::vector<std::int64_t> shape;  // sub-array dimensions "(2,3)", empty when none
    std::shared_ptr<const Type> type; // element type of the field (without the sub-array)
    bool explicitName = false; // written ":name:" in the text (printFormat omits generated names)
    std::int64_t size() const; // bytes of the whole field (element size x product(shape))
};

struct Type
{
    // Exactly one of these is set: a scalar, or a struct (T{...}, or a top-level
    // multi-item string, which is laid out as an unnamed struct).
    std::optional<Scalar> scalar;
    std::vector<Field> fields; // struct members in order, padding fields excluded
    bool isStruct = false;

    std::int64_t itemsize = 0;
    std::int64_t alignment = 1;
    std::string canonical; // printed back by printFormat (printer.h)

    // A top-level multi-item string ("ib"): laid out as struct.calcsize does, with no
    // trailing padding, and printed without T{}. False for T{...} records.
    bool implicitSequence = false;
    // For structs: the prefix in effect at the closing '}'. As in NumPy's parser a prefix
    // inside T{} stays in effect after it, and trailing padding is added only under '@'.
    SizeMode endSizeMode = SizeMode::Native;
    ByteOrder endByteOrder = ByteOrder::Little;
};

// The result of parsing one format string.
struct FormatLayout
{
    Type root;
    std::string source; // the text as given

    std::int64_t itemsize() const { return root.itemsize; }
    std::int64_t alignment() const { return root.alignment; }
    const std::string &canonical() const { return root.canonical; }
    // True for a single scalar with no repeat count ("f", "<i4"-style, "@B").
    bool isSingleScalar() const { return root.scalar.has_value(); }
};

} // namespace bufferscope::format
