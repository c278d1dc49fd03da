// SPDX-License-Identifier: GPL-3.0-or-later
// Steps that rearrange axes without touching the item: .T, .transpose, .swapaxes and the
// no-copy .reshape (NumPy's in-place `a.shape = ...`, which refuses exactly where a copy
// would be needed).
#include "views/steps.h"

#include "buffer/contiguity.h"
#include "buffer/layout.h"

#include <numeric>

namespace bufferscope::steps {

namespace {

// check_and_adjust_axis: AxisError "axis 3 is out of bounds for array of dimension 2",
// with "axis1: " style prefixes where NumPy names the argument.
Result<int> normalizeAxis(std::int64_t axis, int ndim, const std::string &prefix = {})
{
    if (axis < -ndim || axis >= ndim)
        return makeError(ErrorCategory::Bounds, prefix + "axis " + std::to_string(axis) +
                                                    " is out of bounds for array of dimension " +
                                                    std::to_string(ndim));
    return static_cast<int>(axis < 0 ? axis + ndim : axis);
}

// Dimensions dereference in order, so a permutation must keep every axis inside its group
// (the axes up to and including the next one with a suboffset >= 0). Within a group the
// strides only add up, in any order, and the dereferencing position keeps its suboffset.
Result<Descriptor> permute(const Descriptor &in, const std::vector<int> &permutation)
{
    if (in.hasSuboffsets()) {
        std::vector<int> group(in.ndim());
        int current = 0;
        for (int i = 0; i < in.ndim(); ++i) {
            group[i] = current;
            if (in.suboffsets[i] >= 0)
                ++current;
        }
        for (int i = 0; i < in.ndim(); ++i) {
            if (group[permutation[i]] != group[i])
                return makeError(ErrorCategory::Structure, "transpose: cannot move axis " +
                                                               std::to_string(permutation[i]) +
                                                               " across a suboffset dereference");
        }
    }
    Descriptor out = in;
    for (int i = 0; i < in.ndim(); ++i) {
        out.shape[i] = in.shape[permutation[i]];
        out.strides[i] = in.strides[permutation[i]];
    }
    return out;
}

// NumPy's convert_shape_to_string: leading unknown (negative) entries are left out, later
// ones print as "newaxis", no spaces: "(5,newaxis)", "(7,)", "()".
std::string shapeText(const std::vector<std::int64_t> &dims)
{
    std::size_t i = 0;
    while (i < dims.size() && dims[i] < 0)
        ++i;
    if (i == dims.size())
        return "()";
    std::string out = std::to_string(dims[i++]);
    for (; i < dims.size(); ++i)
        out += dims[i] < 0 ? std::string(",newaxis") : "," + std::to_string(dims[i]);
    return dims.size() == 1 ? "(" + out + ",)" : "(" + out + ")";
}

// NumPy's _attempt_nocopy_reshape for C order, reimplemented from its description: ignore
// old axes of length 1, then match runs of old and new axes with equal products; a run of
// old axes can be merged only when it is C-contiguous within itself. New axes of length 1
// after the last run take the stride of the axis before them (or itemsize).
bool attemptNoCopyReshape(const Descriptor &in, const std::vector<std::int64_t> &newDims,
                          std::vector<ByteOffset> &newStrides)
{
    std::vector<std::int64_t> oldDims;
    std::vector<ByteOffset> oldStrides;
    for (int i = 0; i < in.ndim(); ++i) {
        if (in.shape[i] != 1) {
            oldDims.push_back(in.shape[i]);
            oldStrides.push_back(in.strides[i]);
        }
    }
    const std::size_t oldNd = oldDims.size();
    const std::size_t newNd = newDims.size();
    newStrides.assign(newNd, 0);
    std::size_t oi = 0, oj = 1, ni = 0, nj = 1;
    while (ni < newNd && oi < oldNd) {
        std::int64_t np = newDims[ni];
        std::int64_t op = oldDims[oi];
        while (np != op) {
            if (np < op) {
                if (nj >= newNd)
                    return false;
                np *= newDims[nj++];
            } else {
                if (oj >= oldNd)
                    return false;
                op *= oldDims[oj++];
            }
        }
        for (std::size_t ok = oi; ok + 1 < oj; ++ok) {
            if (oldStrides[ok] != oldDims[ok + 1] * oldStrides[ok + 1])
                return false;
        }
        newStrides[nj - 1] = oldStrides[oj - 1];
        for (std::size_t nk = nj - 1; nk > ni; --nk)
            newStrides[nk - 1] = newStrides[nk] * newDims[nk];
        ni = nj++;
        oi = oj++;
    }
    const ByteOffset last = ni >= 1 ? newStrides[ni - 1] : in.itemsize;
    for (std::size_t nk = ni; nk < newNd; ++nk)
        newStrides[nk] = last;
    return true;
}

} // namespace

Result<Descriptor> transpose(const Descriptor &in, const Step &step)
{
    const int ndim = in.ndim();
    std::vector<int> permutation(ndim);
    if (step.kind == StepKind::T || step.reverseAxes) {
        for (int i = 0; i < ndim; ++i)
            permutation[i] = ndim - 1 - i;
        return permute(in, permutation);
    }
    // PyArray_Transpose: length first, then each axis in order.
    if (step.axes.size() != static_cast<std::size_t>(ndim))
        return makeError(ErrorCategory::Value, "axes don't match array");
    std::vector<bool> seen(ndim, false);
    for (int i = 0; i < ndim; ++i) {
        auto axis = normalizeAxis(step.axes[i], ndim);
        if (!axis)
            return axis.error();
        if (seen[*axis])
            return makeError(ErrorCategory::Value, "repeated axis in transpose");
        seen[*axis] = true;
        permutation[i] = *axis;
    }
    return permute(in, permutation);
}

Result<Descriptor> swapAxes(const Descriptor &in, const Step &step)
{
    auto a = normalizeAxis(step.axes.at(0), in.ndim(), "axis1: ");
    if (!a)
        return a.error();
    auto b = normalizeAxis(step.axes.at(1), in.ndim(), "axis2: ");
    if (!b)
        return b.error();
    std::vector<int> permutation(in.ndim());
    std::iota(permutation.begin(), permutation.end(), 0);
    std::swap(permutation[*a], permutation[*b]);
    return permute(in, permutation);
}

Result<Descriptor> reshape(const Descriptor &in, const std::vector<std::int64_t> &dims)
{
    // PyArray_Newshape returns the same layout at once when nothing changes.
    if (dims == in.shape)
        return in;
    if (in.hasSuboffsets())
        return makeError(ErrorCategory::Structure,
                         "reshape: not supported on views with suboffsets");
    if (dims.size() > static_cast<std::size_t>(kMaxNdim))
        return makeError(ErrorCategory::Limit, "reshape: ndim " + std::to_string(dims.size()) +
                                                   " exceeds the limit of " +
                                                   std::to_string(kMaxNdim));

    // _fix_unknown_dimension, with the texts NumPy raises.
    const std::int64_t original = checkedProduct(in.shape, 1).value_or(0);
    const auto mismatch = [&] {
        return makeError(ErrorCategory::Value, "cannot reshape array of size " +
                                                   std::to_string(original) + " into shape " +
                                                   shapeText(dims));
    };
    std::vector<std::int64_t> shape = dims;
    std::int64_t known = 1;
    int unknown = -1;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] < 0) {
            if (unknown != -1)
                return makeError(ErrorCategory::Value, "can only specify one unknown dimension");
            unknown = static_cast<int>(i);
        } else {
            const auto product = checkedMultiply(known, shape[i]);
            if (!product)
                return mismatch();
            known = *product;
        }
    }
    if (unknown >= 0) {
        if (known == 0 || original % known != 0)
            return mismatch();
        shape[unknown] = original / known;
    } else if (original != known) {
        return mismatch();
    }
    // PyArray_NewFromDescr: itemsize times every non-zero dimension must fit npy_intp. Only
    // a size-0 array can fail here ((0, 2**62) has 0 elements), and its strides would
    // overflow below (chain fuzzer finding, UBSan: signed overflow in the stride loop).
    ByteOffset nbytes = in.itemsize;
    for (const std::int64_t n : shape) {
        const auto product =
            n == 0 ? std::optional<std::int64_t>(nbytes) : checkedMultiply(nbytes, n);
        if (!product)
            return makeError(ErrorCategory::Value,
                             "array is too big; `arr.size * arr.dtype.itemsize` is larger than "
                             "the maximum possible size.");
        nbytes = *product;
    }

    Descriptor out = in;
    out.shape = shape;
    if (pyBufferIsContiguous(in, Order::C)) {
        // _array_fill_strides in C order: an axis of length 0 does not scale the ones before.
        out.strides.assign(shape.size(), 0);
        ByteOffset stride = in.itemsize;
        for (std::size_t i = shape.size(); i-- > 0;) {
            out.strides[i] = stride;
            if (shape[i] != 0)
                stride *= shape[i];
        }
    } else if (!attemptNoCopyReshape(in, shape, out.strides)) {
        return makeError(ErrorCategory::Structure,
                         "Incompatible shape for in-place modification. Use `.reshape()` to "
                         "make a copy with the desired shape.");
    }
    if (auto status = finish(out, "reshape"); !status)
        return status.error();
    return out;
}

} // namespace bufferscope::steps
