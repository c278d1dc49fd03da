// SPDX-License-Identifier: GPL-3.0-or-later
// Session: parses command lines and applies them to named exporters and views.
#include "session.h"

#include "descriptors/view_descriptor.h"
#include "exporters/memory/memory_exporter.h"
#include "exporters/open_source.h"
#include "exporters/raw/raw_options.h"
#include "format/numpy_typestr.h"
#include "views/view.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace bufferscope {

struct Session::Object
{
    std::string name;
    std::unique_ptr<Exporter> exporter; // set for exporters
    std::unique_ptr<View> view;         // set for views
    Object *parent = nullptr;           // for views
    bool released = false;              // a released view or a closed exporter

    BufferSource &source() const { return view ? static_cast<BufferSource &>(*view) : *exporter; }
};

namespace {

bool isBlank(char c)
{
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Splits on blanks (every isspace character, as one rule for the whole line); '...' or
// "..." quote a word with blanks (a path). `ends` gets the offset just past each word, so
// the caller can take the raw text after the n-th word.
std::vector<std::string> splitWords(std::string_view text, std::vector<std::size_t> &ends)
{
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size()) {
        if (isBlank(text[i])) {
            ++i;
            continue;
        }
        std::string word;
        if (text[i] == '\'' || text[i] == '"') {
            const char quote = text[i++];
            while (i < text.size() && text[i] != quote)
                word += text[i++];
            i = std::min(i + 1, text.size());
        } else {
            while (i < text.size() && !isBlank(text[i]))
                word += text[i++];
        }
        words.push_back(std::move(word));
        ends.push_back(i);
    }
    return words;
}

std::string errorLine(const std::string &message)
{
    return "error: " + message;
}
std::string errorLine(const Error &error)
{
    return errorLine(error.message);
}

std::string usage(const char *form)
{
    return errorLine(std::string("usage: ") + form);
}

// Shapes are read with the raw-file grammar ("3,4", "(3, 4)", "" for 0-d) so every shape
// typed at BufferScope means the same.
Result<std::vector<std::int64_t>> parseShape(const std::string &text)
{
    auto options = parseRawOptions("B", text, "", "");
    if (!options)
        return options.error();
    return options->shape;
}

std::string layoutText(const BufferSource &source)
{
    const Descriptor &d = source.descriptor();
    return "shape " + tupleText(d.shape) + " format '" + d.format + "'";
}

} // namespace

Session::Session(FileOpener opener) : m_open(opener ? std::move(opener) : FileOpener(openFile)) {}

Session::~Session()
{
    // Children come after their parents: destroying from the newest releases every view
    // (~View) before its parent goes.
    while (!m_objects.empty())
        m_objects.pop_back();
}

std::optional<std::string> Session::execute(std::string_view line)
{
    std::vector<std::size_t> ends;
    const auto words = splitWords(line, ends);
    if (words.empty() || *std::find_if_not(line.begin(), line.end(), isBlank) == '#')
        return std::nullopt;
    // The raw text after "view NAME = PARENT" is the expression, quotes included, without
    // the blanks around it. The words' own ends say where it starts: a quoted name may
    // hold blanks, and counting blank-separated chunks again (as this did before) lost the
    // expression of "view\vv\v=\va\v[1]"; a line of such blanks alone had no word at all
    // and crashed (now both blank lines).
    std::string_view rest;
    if (words.size() >= 4 && words[0] == "view") {
        rest = line.substr(ends[3]);
        const auto first = std::find_if_not(rest.begin(), rest.end(), isBlank);
        const auto last = std::find_if_not(rest.rbegin(), rest.rend(), isBlank).base();
        rest = first < last ? std::string_view(first, last) : std::string_view();
    }
    return runCommand(words, rest);
}

void Session::run(std::istream &in, std::ostream &out)
{
    std::string line;
    while (std::getline(in, line))
        if (auto answer = execute(line))
            out << *answer << '\n' << std::flush;
}

std::string Session::runCommand(const std::vector<std::string> &words, std::string_view rest)
{
    const std::string &command = words[0];
    if (command == "open")
        return open(words);
    if (command == "new")
        return create(words);
    if (command == "view")
        return view(words, rest);
    if (command == "exports")
        return exports(words);
    if (command == "release")
        return release(words);
    if (command == "resize")
        return resize(words);
    if (command == "reshape")
        return reshape(words);
    if (command == "close")
        return close(words);
    if (command == "show")
        return show(words);
    return errorLine("session: unknown command '" + command + "'");
}

Session::Object *Session::find(const std::string &name)
{
    for (auto &object : m_objects)
        if (object->name == name)
            return object.get();
    return nullptr;
}

Session::Object *Session::named(const std::string &name, std::string &error)
{
    Object *object = find(name);
    if (!object)
        error = errorLine("session: no object named '" + name + "'");
    return object;
}

Session::Object *Session::live(const std::string &name, std::string &error)
{
    Object *object = named(name, error);
    if (object && object->released)
        error = errorLine(object->view ? "operation forbidden on released view"
                                       : "session: '" + name + "' is closed");
    return error.empty() ? object : nullptr;
}

std::string Session::checkNewName(const std::string &name)
{
    if (find(name))
        return errorLine("session: name '" + name + "' is already in use");
    return {};
}

std::string Session::open(const std::vector<std::string> &words)
{
    static constexpr const char *kUsage =
        "open NAME PATH [--raw FMT --shape D0,D1,.. [--offset N] [--order C|F]]";
    if (words.size() < 3)
        return usage(kUsage);
    if (auto error = checkNewName(words[1]); !error.empty())
        return error;
    std::optional<std::string> format, shape, offset, order;
    for (std::size_t i = 3; i < words.size(); i += 2) {
        if (i + 1 >= words.size())
            return usage(kUsage);
        const std::string &option = words[i];
        std::optional<std::string> *slot = option == "--raw"      ? &format
                                           : option == "--shape"  ? &shape
                                           : option == "--offset" ? &offset
                                           : option == "--order"  ? &order
                                                                  : nullptr;
        if (!slot)
            return errorLine("session: unknown option '" + option + "'");
        *slot = words[i + 1];
    }
    std::optional<RawOptions> raw;
    if (format || shape || offset || order) {
        if (!format || !shape)
            return errorLine("session: raw files need --raw FMT and --shape D0,D1,..");
        auto type = formatFromTypeText(*format);
        if (!type)
            return errorLine(type.error());
        auto parsed = parseRawOptions(*type, *shape, offset.value_or(""), order.value_or(""));
        if (!parsed)
            return errorLine(parsed.error());
        raw = std::move(*parsed);
    }
    auto exporter = m_open(words[2], raw);
    if (!exporter)
        return errorLine(exporter.error());
    auto object = std::make_unique<Object>();
    object->name = words[1];
    object->exporter = std::move(*exporter);
    const std::string answer = "ok: " + words[1] + " = open '" + words[2] + "' (" +
                               object->exporter->source().kind + ") " +
                               layoutText(*object->exporter);
    m_objects.push_back(std::move(object));
    return answer;
}

std::string Session::create(const std::vector<std::string> &words)
{
    if (words.size() != 4)
        return usage("new NAME FMT D0,D1,..");
    if (auto error = checkNewName(words[1]); !error.empty())
        return error;
    auto shape = parseShape(words[3]);
    if (!shape)
        return errorLine(shape.error());
    auto format = formatFromTypeText(words[2]); // '<f4' as NumPy writes it, or 'f'
    if (!format)
        return errorLine(format.error());
    auto exporter = MemoryExporter::create(*format, std::move(*shape));
    if (!exporter)
        return errorLine(exporter.error());
    auto object = std::make_unique<Object>();
    object->name = words[1];
    object->exporter = std::move(*exporter);
    const std::string answer = "ok: " + words[1] + " = new memory " + layoutText(*object->exporter);
    m_objects.push_back(std::move(object));
    return answer;
}

std::string Session::view(const std::vector<std::string> &words, std::string_view expression)
{
    if (words.size() < 4 || words[2] != "=")
        return usage("view NAME = PARENT EXPR");
    if (auto error = checkNewName(words[1]); !error.empty())
        return error;
    std::string error;
    Object *parent = named(words[3], error);
    if (!parent)
        return error;
    auto created = View::create(parent->source(), expression);
    if (!created)
        return errorLine(created.error());
    auto object = std::make_unique<Object>();
    object->name = words[1];
    object->view = std::move(*created);
    object->parent = parent;
    const std::string answer = "ok: " + words[1] + " = " + words[3] + std::string(expression) +
                               " shape " + tupleText(object->view->descriptor().shape) +
                               " exports of " + words[3] + ": " +
                               std::to_string(parent->source().exports());
    m_objects.push_back(std::move(object));
    return answer;
}

std::string Session::exports(const std::vector<std::string> &words)
{
    if (words.size() != 2)
        return usage("exports NAME");
    std::string error;
    Object *object = live(words[1], error);
    if (!object)
        return error;
    return "exports " + words[1] + ": " + std::to_string(object->source().exports());
}

std::string Session::release(const std::vector<std::string> &words)
{
    if (words.size() != 2)
        return usage("release NAME");
    std::string error;
    Object *object = named(words[1], error);
    if (!object)
        return error;
    if (!object->view)
        return errorLine("session: '" + words[1] + "' is an exporter; use close");
    if (auto released = object->view->release(); !released)
        return errorLine(released.error());
    object->released = true;
    return "ok: released " + words[1] + ", exports of " + object->parent->name + ": " +
           std::to_string(object->parent->source().exports());
}

std::string Session::resize(const std::vector<std::string> &words)
{
    if (words.size() != 3)
        return usage("resize NAME NBYTES");
    std::string error;
    Object *object = named(words[1], error);
    if (!object)
        return error;
    auto *memory = dynamic_cast<MemoryExporter *>(object->exporter.get());
    if (!memory)
        return errorLine("session: '" + words[1] + "' is not a memory exporter");
    ByteOffset nbytes = 0;
    const std::string &text = words[2];
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), nbytes);
    if (ec != std::errc() || end != text.data() + text.size() || nbytes < 0)
        return errorLine("session: NBYTES must be a non-negative integer: '" + text + "'");
    if (auto resized = memory->resize(nbytes); !resized)
        return errorLine(resized.error());
    return "ok: resized " + words[1] + " to " + text + " bytes, shape " +
           tupleText(memory->descriptor().shape);
}

std::string Session::reshape(const std::vector<std::string> &words)
{
    if (words.size() != 3)
        return usage("reshape NAME D0,D1,..");
    std::string error;
    Object *object = named(words[1], error);
    if (!object)
        return error;
    auto *memory = dynamic_cast<MemoryExporter *>(object->exporter.get());
    if (!memory)
        return errorLine("session: '" + words[1] + "' is not a memory exporter");
    auto shape = parseShape(words[2]);
    if (!shape)
        return errorLine(shape.error());
    if (auto reshaped = memory->reshape(std::move(*shape)); !reshaped)
        return errorLine(reshaped.error());
    return "ok: reshaped " + words[1] + " to shape " + tupleText(memory->descriptor().shape);
}

std::string Session::close(const std::vector<std::string> &words)
{
    if (words.size() != 2)
        return usage("close NAME");
    std::string error;
    Object *object = named(words[1], error);
    if (!object)
        return error;
    if (!object->exporter)
        return errorLine("session: '" + words[1] + "' is a view; use release");
    if (auto closed = object->exporter->close(); !closed)
        return errorLine(closed.error());
    object->released = true;
    return "ok: closed " + words[1];
}

std::string Session::show(const std::vector<std::string> &words)
{
    if (words.size() != 2)
        return usage("show NAME");
    std::string error;
    Object *object = live(words[1], error);
    if (!object)
        return error;
    return viewDescriptor(object->source())
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace bufferscope
