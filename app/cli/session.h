// SPDX-License-Identifier: GPL-3.0-or-later
// The `session` subcommand's interpreter: named exporters and views, created, viewed,
// released, resized, reshaped and closed one command per line, so every export-lock rule
// can be tried from a script. Uses core only (no Qt), so tests can drive it directly.
//
// Commands (one output line each; errors print "error: MESSAGE" and the session goes on):
//   open NAME PATH [--raw FMT --shape D0,D1,.. [--offset N] [--order C|F]]
//                                 ok: a = open 'x.npy' (npy) shape (3, 4) format '<i'
//   new NAME FMT D0,D1,..         ok: a = new memory shape (3, 4) format 'i'
//   view NAME = PARENT EXPR       ok: v1 = a[1:3] shape (2, 4) exports of a: 1
//   exports NAME                  exports a: 2
//   release NAME                  ok: released v1, exports of a: 0
//   resize NAME NBYTES            ok: resized a to 48 bytes, shape (12,)
//   reshape NAME D0,D1,..         ok: reshaped a to shape (4, 3)
//   close NAME                    ok: closed a
//   show NAME                     the descriptor as single-line JSON
// Blank lines and lines starting with '#' print nothing.
//
// Ownership rules: objects live in creation order, so a view always comes after its parent;
// the session ends by destroying them newest first, so each view is released before its parent.
#pragma once

#include "common/result.h"
#include "exporters/exporter.h"
#include "exporters/raw/raw_options.h"

#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace bufferscope {

class View;
class BufferSource;

class Session
{
public:
    // How `open` reaches a file: openFile unless given. The session fuzzer passes one that
    // opens only its own files, so no input can make it read arbitrary paths.
    using FileOpener = std::function<Result<std::unique_ptr<Exporter>>(
        const std::string &path, const std::optional<RawOptions> &raw)>;

    explicit Session(FileOpener opener = {});
    ~Session();
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    // Runs one line; nullopt for blank and comment lines, else the one line to print.
    std::optional<std::string> execute(std::string_view line);
    // Runs every line of `in`, printing each answer to `out`.
    void run(std::istream &in, std::ostream &out);

private:
    struct Object;

    std::string runCommand(const std::vector<std::string> &words, std::string_view rest);
    std::string open(const std::vector<std::string> &words);
    std::string create(const std::vector<std::string> &words);
    std::string view(const std::vector<std::string> &words, std::string_view expression);
    std::string exports(const std::vector<std::string> &words);
    std::string release(const std::vector<std::string> &words);
    std::string resize(const std::vector<std::string> &words);
    std::string reshape(const std::vector<std::string> &words);
    std::string close(const std::vector<std::string> &words);
    std::string show(const std::vector<std::string> &words);

    Object *find(const std::string &name);
    // The object named; sets `error` when there is none.
    Object *named(const std::string &name, std::string &error);
    // The object named, unless released or closed (for what only the session answers:
    // exports, show; the core judges every other operation on released objects itself).
    Object *live(const std::string &name, std::string &error);
    std::string checkNewName(const std::string &name);

    FileOpener m_open;
    std::vector<std::unique_ptr<Object>> m_objects;
};

} // namespace bufferscope
