// SPDX-License-Identifier: GPL-3.0-or-later
// The subcommands of bufferscope-cli, apart from argument parsing (main.cpp): each writes its
// answer to `out` only when it has succeeded, writes "error: ..." to `err` otherwise, and
// returns the exit status (0, or 2 for every refusal).
#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace bufferscope::cli {

inline constexpr int kExitError = 2;

// --raw FMT --shape D0,D1,.. [--offset N] [--order C|F], as typed.
struct RawArguments
{
    std::optional<std::string> format;
    std::optional<std::string> shape;
    std::optional<std::string> offset;
    std::optional<std::string> order;
};

// --tobytes OUT [--order C|F|A] [--no-fsync]
struct ToBytesArguments
{
    std::optional<std::string> path;
    std::string order = "C";
    bool fsync = true; // --no-fsync: atomic for other processes, not across a power loss
    // --cost: the view of a chunked array gets "read_cost" in its JSON (read_cost.h). Without
    // it, --tobytes still prints the cost line to `err` first when the read is large.
    bool cost = false;
};

enum class ViewOutput { Descriptor, ArrayInterface, PythonSnippet };

// With `cost`, a chunked array's JSON has "read_cost" (of the whole array); every chunked
// array's has "storage" with "summary" (storage_summary.h: stored bytes, compression ratio).
int runInfo(const std::string &file, const RawArguments &raw, std::ostream &out, std::ostream &err,
            bool cost = false);
int runView(const std::string &file, const std::string &expression, const RawArguments &raw,
            const ToBytesArguments &tobytes, ViewOutput output, std::ostream &out,
            std::ostream &err);
int runLoad(const std::string &descriptorPath, const ToBytesArguments &tobytes, std::ostream &out,
            std::ostream &err);
// Prints {"itemsize", "alignment", "canonical", "fields": [...]} or, refused,
// {"error": ..., "position": ...} on `out` (and "error: ..." on `err`) with status 2.
int runFormat(const std::string &format, std::ostream &out, std::ostream &err);
// Reads the script (stdin when empty); 2 only when the script cannot be read.
int runSession(const std::string &script, std::ostream &out, std::ostream &err);

} // namespace bufferscope::cli
