// SPDX-License-Identifier: GPL-3.0-or-later
// Parsing the module's messages; every field is checked before anything is built.
#include "exporters/live/live_protocol.h"

namespace bufferscope {

namespace {

Result<std::string> stringField(const nlohmann::json &message, const char *field)
{
    const auto it = message.find(field);
    if (it == message.end() || it->is_null())
        return std::string();
    if (!it->is_string())
        return makeError(ErrorCategory::Syntax,
                         std::string("live: field '") + field + "' must be a string");
    return it->get<std::string>();
}

} // namespace

Result<nlohmann::json> parseLiveLine(std::string_view line)
{
    nlohmann::json message = nlohmann::json::parse(line, nullptr, false);
    if (message.is_discarded())
        return makeError(ErrorCategory::Syntax, "live: message is not JSON");
    if (!message.is_object() || !message.contains("op") || !message["op"].is_string())
        return makeError(ErrorCategory::Syntax, "live: message has no string 'op'");
    return message;
}

Result<LiveShow> parseLiveShow(const nlohmann::json &message, std::int64_t pid)
{
    LiveShow show;
    const auto id = message.find("id");
    if (id == message.end() || !id->is_number_unsigned())
        return makeError(ErrorCategory::Syntax, "live: field 'id' must be a non-negative integer");
    show.object.id = id->get<std::uint64_t>();
    show.object.pid = pid;
    if (const auto own = message.find("pid"); own != message.end()) {
        if (!own->is_number_integer() || own->get<std::int64_t>() <= 0)
            return makeError(ErrorCategory::Syntax, "live: field 'pid' must be a positive integer");
        show.object.pid = own->get<std::int64_t>();
    }
    auto name = stringField(message, "name");
    auto type = stringField(message, "type");
    auto repr = stringField(message, "repr");
    auto granted = stringField(message, "granted");
    auto kind = stringField(message, "kind");
    auto program = stringField(message, "program");
    auto expression = stringField(message, "expression");
    for (auto *field : {&name, &type, &repr, &granted, &kind, &program, &expression})
        if (!*field)
            return field->error();
    if (!kind->empty() && *kind != "live" && *kind != "debugger")
        return makeError(ErrorCategory::Syntax,
                         "live: field 'kind' must be \"live\" or \"debugger\"");
    show.object.kind = kind->empty() ? "live" : std::move(*kind);
    show.object.program = std::move(*program);
    show.object.expression = std::move(*expression);
    show.object.name = std::move(*name);
    show.object.pythonType = std::move(*type);
    show.object.repr = std::move(*repr);
    show.object.granted = std::move(*granted);
    const auto flags = message.find("flags");
    if (flags != message.end() && flags->is_number_integer())
        show.object.flags = flags->get<int>();
    const auto report = message.find("report");
    if (report != message.end())
        show.object.report = *report;
    const auto buffer = message.find("buffer");
    if (buffer == message.end())
        return makeError(ErrorCategory::Syntax, "live: the buffer must be a JSON object");
    auto descriptor = liveDescriptorFromJson(*buffer);
    if (!descriptor)
        return descriptor.error();
    show.descriptor = std::move(*descriptor);
    return show;
}

} // namespace bufferscope
