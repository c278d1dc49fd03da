// SPDX-License-Identifier: GPL-3.0-or-later
// The one error type every core operation reports: a category that says what kind of
// problem it is, an exact lowercase message (asserted word for word in tests), and,
// where the input was text, the 0-based character position that failed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace bufferscope {

enum class ErrorCategory {
    Syntax,    // text that does not follow a grammar (format, expression, JSON, header)
    Structure, // a descriptor or layout that is inconsistent (bad strides, shape mismatch)
    Format,    // a format that is valid text but not usable for the operation
    Export,    // the export/lock rules: refused release, resize, close, request flags
    Bounds,    // an index or byte range outside what exists
    Io,        // files: missing, unreadable, truncated, changed on disk
    Limit,     // sizes that overflow or would not fit in memory
    Value,     // a well-formed argument with a refused value (CPython's ValueError)
    Type,      // an operation refused for this kind of object (CPython's TypeError)
};

struct Error
{
    ErrorCategory category = ErrorCategory::Value;
    std::string message;
    std::optional<std::size_t> position; // character offset into the text that failed

    friend bool operator==(const Error &, const Error &) = default;
};

inline Error makeError(ErrorCategory category, std::string message,
                       std::optional<std::size_t> position = std::nullopt)
{
    return Error{category, std::move(message), position};
}

const char *categoryName(ErrorCategory category);

} // namespace bufferscope
