// SPDX-License-Identifier: GPL-3.0-or-later
// Overflow-checked size arithmetic for layouts: every size and offset is a signed 64-bit
// byte count, and a format that would exceed it is refused rather than wrapped.
#pragma once

#include <cstdint>

namespace bufferscope::format {

inline bool checkedAdd(std::int64_t a, std::int64_t b, std::int64_t &out)
{
    return !__builtin_add_overflow(a, b, &out);
}

inline bool checkedMul(std::int64_t a, std::int64_t b, std::int64_t &out)
{
    return !__builtin_mul_overflow(a, b, &out);
}

// Rounds value up to a multiple of alignment (alignment >= 1).
inline bool alignUp(std::int64_t value, std::int64_t alignment, std::int64_t &out)
{
    const std::int64_t remainder = value % alignment;
    if (remainder == 0) {
        out = value;
        return true;
    }
    return checkedAdd(value, alignment - remainder, out);
}

} // namespace bufferscope::format
