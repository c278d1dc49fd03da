// SPDX-License-Identifier: GPL-3.0-or-later
// memoryLimit: physical memory by default, an override from the caller or the environment.
#include "common/memory_limit.h"

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include <unistd.h>

namespace bufferscope {

namespace {

std::atomic<std::int64_t> g_override{0};

std::int64_t fromEnvironment()
{
    const char *text = std::getenv("BUFFERSCOPE_MEMORY_LIMIT");
    if (text == nullptr)
        return 0;
    std::int64_t value = 0;
    const char *end = text + std::strlen(text);
    const auto [stop, ec] = std::from_chars(text, end, value);
    return ec == std::errc() && stop == end && value > 0 ? value : 0;
}

std::int64_t physicalMemory()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    std::int64_t bytes = 0;
    if (pages <= 0 || pageSize <= 0 ||
        __builtin_mul_overflow(static_cast<std::int64_t>(pages),
                               static_cast<std::int64_t>(pageSize), &bytes))
        return std::numeric_limits<std::int64_t>::max();
    return bytes;
}

} // namespace

std::int64_t memoryLimit()
{
    if (const std::int64_t set = g_override.load(std::memory_order_relaxed); set > 0)
        return set;
    static const std::int64_t initial = [] {
        const std::int64_t environment = fromEnvironment();
        return environment > 0 ? environment : physicalMemory();
    }();
    return initial;
}

void setMemoryLimit(std::int64_t bytes)
{
    g_override.store(bytes > 0 ? bytes : 0, std::memory_order_relaxed);
}

Status checkMemoryLimit(std::string_view operation, std::int64_t bytes)
{
    const std::int64_t limit = memoryLimit();
    if (bytes <= limit)
        return {};
    return makeError(ErrorCategory::Limit, std::string(operation) + ": needs " +
                                               std::to_string(bytes) +
                                               " bytes, more than the memory limit of " +
                                               std::to_string(limit) + " bytes");
}

} // namespace bufferscope
