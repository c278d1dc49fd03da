// SPDX-License-Identifier: GPL-3.0-or-later
// Writing an output file so that it is either left as it was or complete, never half
// written: the bytes go to "OUT.tmp-XXXXXX" in the same directory, are fsync'ed, and the
// temporary file is renamed over OUT; the directory is fsync'ed so the rename lasts.
// Used by the command line's --tobytes and the .npy writer.
#pragma once

#include "common/result.h"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace bufferscope {

// Errors (ErrorCategory::Io) start with `operation` and name the file:
// "tobytes: cannot write 'out.bin': Permission denied", "npy: cannot write 'x.npy': No space
// left on device". On failure the temporary file is removed and OUT is untouched.
Status writeFileAtomically(const std::string &path, std::span<const std::byte> bytes,
                           std::string_view operation);

} // namespace bufferscope
