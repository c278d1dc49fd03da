// SPDX-License-Identifier: GPL-3.0-or-later
// copyTuning: per-vendor defaults, overridable from the environment.
#include "buffer/copy_tuning.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <thread>

namespace bufferscope::detail {

namespace {

// "paged=0,stream=64": unknown keys and bad numbers are ignored.
void applyOverrides(CopyTuning &tuning, std::string_view text)
{
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        const std::size_t equals = item.find('=');
        if (equals == std::string_view::npos)
            continue;
        const std::string value(item.substr(equals + 1));
        char *end = nullptr;
        const long long number = std::strtoll(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || number < 0)
            continue;
        const std::string_view key = item.substr(0, equals);
        if (key == "paged")
            tuning.pagedGather = number != 0;
        else if (key == "stream")
            tuning.streamBytes = static_cast<ByteOffset>(std::min(number, 1LL << 40)) << 20;
        else if (key == "parallel")
            tuning.parallelBytes = static_cast<ByteOffset>(std::min(number, 1LL << 40)) << 20;
        else if (key == "threads")
            tuning.threads = static_cast<int>(std::min(number, 2LL));
        else if (key == "checkload")
            tuning.checkLoad = number != 0;
    }
}

} // namespace

CopyTuning defaultCopyTuning()
{
    CopyTuning tuning;
    if (std::thread::hardware_concurrency() < 2)
        tuning.threads = 1;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_is("intel")) {
        tuning.source = "intel";
    } else if (__builtin_cpu_is("amd")) {
        // AMD EPYC (Zen): the page-apart gather order lost to the plain in-order walk
        // (tests/bench/README.md, AMD table), likely because Zen's L2 prefetcher does not
        // open a stream per page the way Intel's streamer does.
        tuning.source = "amd";
        tuning.pagedGather = false;
    } else {
        tuning.source = "other";
        tuning.pagedGather = false;
    }
#else
    tuning.source = "other";
    tuning.pagedGather = false;
#endif
    if (const char *text = std::getenv("BUFFERSCOPE_COPY_TUNING"); text && *text) {
        applyOverrides(tuning, text);
        tuning.source = "environment";
    }
    return tuning;
}

const CopyTuning &copyTuning()
{
    static const CopyTuning tuning = defaultCopyTuning();
    return tuning;
}

bool secondThreadPays(const CopyTuning &tuning)
{
    if (tuning.threads < 2)
        return false;
    if (!tuning.checkLoad)
        return true;
    double load = 0.0;
    if (::getloadavg(&load, 1) != 1)
        return true;
    static const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return load < static_cast<double>(cores) - 0.5;
}

} // namespace bufferscope::detail
