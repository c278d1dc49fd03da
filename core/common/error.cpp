// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/error.h"

namespace bufferscope {

const char *categoryName(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::Syntax: return "syntax";
    case ErrorCategory::Structure: return "structure";
    case ErrorCategory::Format: return "format";
    case ErrorCategory::Export: return "export";
    case ErrorCategory::Bounds: return "bounds";
    case ErrorCategory::Io: return "io";
    case ErrorCategory::Limit: return "limit";
    case ErrorCategory::Value: return "value";
    case ErrorCategory::Type: return "type";
    }
    return "unknown";
}

} // namespace bufferscope
