// SPDX-License-Identifier: GPL-3.0-or-later
// Writing an output file so that it is either left as it was or complete, never half
// written: the bytes go to "OUT.tmp-XXXXXX" in the same directory, are fsync'ed, and the
// temporary file is renamed over OUT.
#pragma once

#include "common/result.h"

#include <cstddef>
#include <span>
#include <string>

namespace bufferscope {

// Errors (ErrorCategory::Io) name the file: "tobytes: cannot write 'out.bin': Permission
// denied". On failure the temporary file is removed.
Status writeFileAtomically(const std::string &path, std::span<const std::byte> bytes);

} // namespace bufferscope
