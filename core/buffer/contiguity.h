// SPDX-License-Identifier: GPL-3.0-or-later
// Whether a descriptor is C-, Fortran- or either-contiguous, exactly as CPython decides it.
//
// CPython has two rules that differ in one corner, and both are here:
//  - memoryview's flags (init_flags in Objects/memoryobject.c), which memoryview.c_contiguous,
//    .f_contiguous, .contiguous, tobytes('A') and getbuffer's refusals use:
//      suboffsets -> neither; ndim 0 -> both;
//      ndim 1 -> both iff shape[0] == 1 or strides[0] == itemsize (so a 1-D view of length 0
//                with a stride other than itemsize is NOT contiguous);
//      ndim >= 2 -> PyBuffer_IsContiguous.
//  - PyBuffer_IsContiguous (Objects/abstract.c): suboffsets -> neither; len 0 -> both;
//    otherwise, walking dimensions from last to first (C) or first to last (F) with
//    sd = itemsize, "every dimension with shape[i] > 1 has strides[i] == sd, then sd *= shape[i]".
//    Dimensions of length 1 never matter; ndim 0 is both.
#pragma once

#include "buffer/descriptor.h"

namespace bufferscope {

// memoryview's rule (see above): what c_contiguous / f_contiguous / contiguous report.
bool isCContiguous(const Descriptor &descriptor);
bool isFContiguous(const Descriptor &descriptor);
bool isAnyContiguous(const Descriptor &descriptor);

// PyBuffer_IsContiguous(view, 'C' / 'F' / 'A'): Order::A means C or F.
bool pyBufferIsContiguous(const Descriptor &descriptor, Order order);

} // namespace bufferscope
