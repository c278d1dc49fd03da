// SPDX-License-Identifier: GPL-3.0-or-later
// Writing an output file so that it is either left as it was or complete, never half
// written: the bytes go to "OUT.tmp-XXXXXX" in the same directory and the temporary file is
// renamed over OUT. Used by the command line's --tobytes and the .npy writer (and through it
// the GUI's .npy export).
//
// AtomicFile takes the bytes in pieces, so a writer can stream a result of any size through a
// small buffer instead of building all of it in memory first (source_bytes.h).
//
// Durability: with Durability::Synced (the default) the file is fsync'ed before the rename and
// the directory after it, so the promise above holds across a power loss as well: OUT is the
// old file or the complete new one, never an empty or torn one. Durability::Unsynced skips both
// fsyncs: other processes still only ever see the old or the complete file, but after a crash
// OUT may be empty. On tmpfs fsync costs nothing; on a disk it is the time to reach the disk
// (compare_cli.py measures both).
#pragma once

#include "common/result.h"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace bufferscope {

enum class Durability { Synced, Unsynced };

// Errors (ErrorCategory::Io) start with `operation` and name the file:
// "tobytes: cannot write 'out.bin': Permission denied", "npy: cannot write 'x.npy': No space
// left on device". On failure the temporary file is removed and OUT is untouched.
class AtomicFile
{
public:
    // Creates the temporary file next to `path`.
    static Result<AtomicFile> create(const std::string &path, std::string_view operation);

    AtomicFile(AtomicFile &&other) noexcept;
    AtomicFile &operator=(AtomicFile &&) = delete;
    AtomicFile(const AtomicFile &) = delete;
    ~AtomicFile(); // removes the temporary file unless commit() succeeded

    // Appends `bytes`. After a failed append the file is abandoned (commit refuses).
    Status append(std::span<const std::byte> bytes);
    // Syncs (unless Unsynced) and renames the temporary file over the destination.
    Status commit(Durability durability = Durability::Synced);
    // Removes the temporary file now; the destination stays as it was.
    void abandon();

private:
    AtomicFile(std::string path, std::string temporary, std::string operation, int fd);
    Error error(int code) const;

    std::string m_path;
    std::string m_temporary;
    std::string m_operation;
    int m_fd = -1;
    int m_failure = 0; // errno of the first failed append
};

// The whole file in one piece: AtomicFile::create, append, commit.
Status writeFileAtomically(const std::string &path, std::span<const std::byte> bytes,
                           std::string_view operation,
                           Durability durability = Durability::Synced);

} // namespace bufferscope
