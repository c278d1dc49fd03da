// SPDX-License-Identifier: GPL-3.0-or-later
// A view in NumPy's terms: its __array_interface__ and a runnable Python snippet that
// rebuilds it from its file with numpy.
//
// What "data" holds: a pointer means nothing once written to a file, so the first member of
// "data" is not an address but the view's offset: the bytes from the first byte of the
// exporter's data() to the view's start pointer, the descriptor's "offset". For .npy and raw
// files data() is the whole file, so it is a file offset. To use the interface, add the
// address where the file is mapped (the Python snippet does exactly that with np.memmap).
// The second member is the readonly flag, as in NumPy. "version" is 3 and "strides" is null
// when NumPy would say None (C-contiguous by its rule).
//
// Formats with a repeat or sub-array item ("3f", "(2,3)d") get NumPy's extra trailing
// dimensions (numpyItemShape), as np.asarray gives them.
//
// Neither numpy nor __array_interface__ can express suboffsets, so PIL-style image views are
// refused with a clear error rather than approximated: their bytes are available with
// tobytes (the CLI's --tobytes), and rebuilding them in Python would need an image decoder
// that decodes exactly as Qt does.
#pragma once

#include "common/result.h"
#include "exporters/buffer_source.h"

#include <nlohmann/json.hpp>

#include <string>

namespace bufferscope {

// {"shape", "typestr", "descr", "strides", "data": [offset, readonly], "version": 3}.
// Refusals (ErrorCategory::Format): "numpy: cannot express suboffsets (a PIL-style image
// view); use tobytes to get its bytes", numpyTypestr's and numpyDescr's, parseFormat's.
Result<nlohmann::json> arrayInterface(const BufferSource &source);

// A few lines of Python that rebuild the view as `view` with numpy from its file. Refusals as
// arrayInterface, and "snippet: a 'memory' source has no file to read the data from".
Result<std::string> pythonSnippet(const BufferSource &source);

// Python's repr of a str: single quotes, backslash escapes for quotes, backslashes and
// control characters (bytes >= 0x80 are kept, as UTF-8 source text).
std::string pythonQuote(const std::string &text);

} // namespace bufferscope
