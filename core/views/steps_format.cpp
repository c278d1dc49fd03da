// SPDX-License-Identifier: GPL-3.0-or-later
// Steps that change what an item is: .view('<i2') (ndarray.view(dtype) in NumPy 1.24),
// ['name'] (a structured array's field) and .cast (memoryview.cast in CPython 3.11).
#include "views/steps.h"

#include "buffer/contiguity.h"
#include "buffer/layout.h"
#include "format/lookup.h"
#include "format/numpy_typestr.h"
#include "format/parser.h"

namespace bufferscope::steps {

namespace {

bool isByteFormat(std::string_view format)
{
    // IS_BYTE_FORMAT after get_native_fmtchar: only 'b', 'B', 'c', optionally after '@'.
    if (!isNativeSingleCharFormat(format))
        return false;
    const char c = format.back();
    return c == 'b' || c == 'B' || c == 'c';
}

} // namespace

Result<Descriptor> view(const Descriptor &in, const std::string &typeText)
{
    // ndarray.view takes what numpy.dtype takes ('<i2', 'u1', 'float32') as well as the
    // struct/PEP 3118 formats this step always read.
    auto format = formatFromTypeText(typeText);
    if (!format)
        return format.error();
    auto layout = parseFormat(*format);
    if (!layout)
        return layout.error();
    const ByteOffset newSize = layout->itemsize();
    const ByteOffset oldSize = in.itemsize;
    Descriptor out = in;
    out.format = *format;
    out.itemsize = newSize;
    if (newSize != oldSize) {
        // array_descr_set: the last axis absorbs the change.
        if (in.ndim() == 0)
            return makeError(ErrorCategory::Value, "Changing the dtype of a 0d array is only "
                                                   "supported if the itemsize is unchanged");
        const int axis = in.ndim() - 1;
        const std::int64_t size = checkedProduct(in.shape, 1).value_or(0);
        if (in.shape[axis] != 1 && size != 0 && in.strides[axis] != oldSize)
            return makeError(ErrorCategory::Value, "To change to a dtype of a different size, "
                                                   "the last axis must be contiguous");
        if (in.hasSuboffsets() && in.suboffsets[axis] >= 0)
            return makeError(ErrorCategory::Structure,
                             "view: cannot change the itemsize along an axis that dereferences "
                             "pointers");
        if (newSize < oldSize) {
            if (newSize == 0 || oldSize % newSize != 0)
                return makeError(ErrorCategory::Value,
                                 "When changing to a smaller dtype, its size must be a divisor "
                                 "of the size of original dtype");
            const auto dim = checkedMultiply(in.shape[axis], oldSize / newSize);
            if (!dim)
                return makeError(ErrorCategory::Limit, "view: size overflows");
            out.shape[axis] = *dim;
        } else {
            const auto bytes = checkedMultiply(in.shape[axis], oldSize);
            if (!bytes)
                return makeError(ErrorCategory::Limit, "view: size overflows");
            if (*bytes % newSize != 0)
                return makeError(ErrorCategory::Value,
                                 "When changing to a larger dtype, its size must be a divisor of "
                                 "the total size in bytes of the last axis of the array.");
            out.shape[axis] = *bytes / newSize;
        }
        out.strides[axis] = newSize;
    }
    if (auto status = finish(out, "view"); !status)
        return status.error();
    return out;
}

Result<Descriptor> field(const Descriptor &in, const std::string &name)
{
    auto layout = parseFormat(in.format);
    if (!layout)
        return layout.error();
    if (!layout->root.isStruct)
        return makeError(ErrorCategory::Type, "field: format '" + in.format + "' has no fields");
    const format::Field *found = findField(layout->root, name);
    if (!found || !found->type)
        return makeError(ErrorCategory::Value, "no field of name " + name);
    Descriptor out = in;
    // The field starts `offset` bytes into every item: a start move past the last axis.
    if (auto status = addStartOffset(out, out.ndim(), found->offset); !status)
        return status.error();
    out.format = found->type->canonical;
    out.itemsize = found->type->itemsize;
    if (out.itemsize <= 0)
        return makeError(ErrorCategory::Value, "field: '" + name + "' has itemsize 0");
    // NumPy's a['name'] for a sub-array field: its dimensions follow, in C order.
    const auto inner = contiguousStrides(found->shape, out.itemsize, Order::C);
    for (std::size_t i = 0; i < found->shape.size(); ++i) {
        out.shape.push_back(found->shape[i]);
        out.strides.push_back(inner[i]);
        if (out.hasSuboffsets())
            out.suboffsets.push_back(-1);
    }
    if (auto status = finish(out, "field"); !status)
        return status.error();
    return out;
}

Result<Descriptor> cast(const Descriptor &in, const Step &step)
{
    // memory_cast, checks in CPython's order.
    if (!isCContiguous(in))
        return makeError(ErrorCategory::Type,
                         "memoryview: casts are restricted to C-contiguous views");
    bool zero = false;
    for (std::int64_t n : in.shape)
        zero = zero || n == 0;
    if ((step.shape || in.ndim() != 1) && zero)
        return makeError(ErrorCategory::Type,
                         "memoryview: cannot cast view with zeros in shape or strides");
    if (step.shape) {
        if (step.shape->size() > static_cast<std::size_t>(kMaxNdim))
            return makeError(ErrorCategory::Value,
                             "memoryview: number of dimensions must not exceed 64");
        if (in.ndim() != 1 && step.shape->size() != 1)
            return makeError(ErrorCategory::Type, "memoryview: cast must be 1D -> ND or ND -> 1D");
    }
    // cast_to_1D
    if (!isNativeSingleCharFormat(step.text))
        return makeError(ErrorCategory::Value,
                         "memoryview: destination format must be a native single character "
                         "format prefixed with an optional '@'");
    auto layout = parseFormat(step.text);
    if (!layout || layout->itemsize() <= 0)
        return makeError(ErrorCategory::Value,
                         "memoryview: destination format must be a native single character "
                         "format prefixed with an optional '@'");
    if (!isByteFormat(in.format) && !isByteFormat(step.text))
        return makeError(ErrorCategory::Type,
                         "memoryview: cannot cast between two non-byte formats");
    const ByteOffset itemsize = layout->itemsize();
    if (in.len % itemsize != 0)
        return makeError(ErrorCategory::Type, "memoryview: length is not a multiple of itemsize");
    Descriptor out = in;
    out.format = step.text;
    out.itemsize = itemsize;
    out.shape = {in.len / itemsize};
    out.strides = {itemsize};
    out.suboffsets.clear();
    if (step.shape) {
        // cast_to_ND
        ByteOffset len = itemsize;
        for (std::int64_t n : *step.shape) {
            if (n <= 0)
                return makeError(ErrorCategory::Value,
                                 "memoryview.cast(): elements of shape must be integers > 0");
            const auto product = checkedMultiply(len, n);
            if (!product)
                return makeError(ErrorCategory::Value,
                                 "memoryview.cast(): product(shape) > SSIZE_MAX");
            len = *product;
        }
        if (len != in.len)
            return makeError(ErrorCategory::Type,
                             "memoryview: product(shape) * itemsize != buffer size");
        out.shape = *step.shape;
        out.strides = contiguousStrides(out.shape, itemsize, Order::C);
    }
    if (auto status = finish(out, "cast"); !status)
        return status.error();
    return out;
}

} // namespace bufferscope::steps
