// SPDX-License-Identifier: GPL-3.0-or-later
// info, view, load, format and session: open, describe, copy out, print.
#include "commands.h"

#include "exporters/chunked/chunked_exporter.h"
#include "exporters/chunked/open_chunked.h"
#include "exporters/chunked/read_cost.h"
#include "exporters/chunked/storage_summary.h"

#include "session.h"

#include "buffer/copy.h"
#include "common/atomic_write.h"
#include "descriptors/descriptor_json.h"
#include "descriptors/load_descriptor.h"
#include "descriptors/numpy_export.h"
#include "descriptors/view_descriptor.h"
#include "exporters/open_source.h"
#include "exporters/source_bytes.h"
#include "format/numpy_typestr.h"
#include "format/parser.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace bufferscope::cli {

namespace {

using Json = nlohmann::json;

int fail(std::ostream &err, const std::string &message)
{
    err << "error: " << message << '\n';
    return kExitError;
}

int fail(std::ostream &err, const Error &error)
{
    return fail(err, error.message);
}

// Pretty JSON; bytes that are not UTF-8 (in a format or a path) become U+FFFD rather than
// aborting the output.
std::string pretty(const Json &json)
{
    return json.dump(2, ' ', false, Json::error_handler_t::replace);
}

Result<std::optional<RawOptions>> rawOptions(const RawArguments &raw)
{
    if (!raw.format && !raw.shape && !raw.offset && !raw.order)
        return std::optional<RawOptions>();
    if (!raw.format || !raw.shape)
        return makeError(ErrorCategory::Value, "raw files need --raw FMT and --shape D0,D1,..");
    auto format = formatFromTypeText(*raw.format); // '<f4' as NumPy writes it, or 'f'
    if (!format)
        return format.error();
    auto options =
        parseRawOptions(*format, *raw.shape, raw.offset.value_or(""), raw.order.value_or(""));
    if (!options)
        return options.error();
    return std::optional<RawOptions>(std::move(*options));
}

Result<Order> parseOrder(const std::string &text)
{
    if (text == "C" || text == "c")
        return Order::C;
    if (text == "F" || text == "f")
        return Order::F;
    if (text == "A" || text == "a")
        return Order::A;
    return makeError(ErrorCategory::Value,
                     "tobytes: order must be 'C', 'F' or 'A': '" + text + "'");
}

// Writes the bytes first (atomically), then prints: a failed write leaves stdout empty. The
// bytes are streamed a block at a time into the temporary file (writeSourceBytes), never held
// whole in memory.
Json costJson(const ReadCost &cost)
{
    return {{"chunks", cost.chunks},
            {"cached", cost.cached},
            {"absent", cost.absent},
            {"stored_bytes", cost.storedBytes},
            {"stored_bytes_estimated", cost.storedBytesEstimated},
            {"decoded_bytes", cost.decodedBytes},
            {"text", readCostText(cost)}};
}

int finish(const BufferSource &source, const ToBytesArguments &tobytes, const std::string &text,
           std::ostream &out, std::ostream &err)
{
    if (tobytes.path) {
        // A large read of a chunked array says what it will cost before it starts.
        if (const auto *chunked = dynamic_cast<const ChunkedExporter *>(&source.rootExporter()))
            if (auto cost = readCost(*chunked, source.descriptor()); cost && isLargeRead(*cost))
                err << readCostText(*cost) << std::endl;
        auto order = parseOrder(tobytes.order);
        if (!order)
            return fail(err, order.error());
        auto file = AtomicFile::create(*tobytes.path, "tobytes");
        if (!file)
            return fail(err, file.error());
        const ByteSink sink = [&](std::span<const std::byte> block) { return file->append(block); };
        if (auto written = writeSourceBytes(source, *order, sink); !written)
            return fail(err, written.error());
        // A file truncated while mapped reads as zeros (fault guard): refuse to write them.
        if (auto trusted = source.rootExporter().checkData(); !trusted)
            return fail(err, trusted.error());
        if (auto committed = file->commit(tobytes.fsync ? Durability::Synced : Durability::Unsynced);
            !committed)
            return fail(err, committed.error());
    }
    out << text << '\n';
    return 0;
}

Json fieldsJson(const format::Type &type)
{
    Json fields = Json::array();
    for (const auto &field : type.fields) {
        Json entry = {{"name", field.name},
                      {"offset", field.offset},
                      {"format", field.type->canonical},
                      {"shape", field.shape}};
        if (field.type->scalar)
            entry["byte_order"] =
                field.type->scalar->byteOrder == format::ByteOrder::Big ? "big" : "little";
        else
            entry["byte_order"] = nullptr;
        if (field.type->isStruct)
            entry["fields"] = fieldsJson(*field.type);
        fields.push_back(std::move(entry));
    }
    return fields;
}

Result<std::string> readFile(const std::string &path, const char *operation)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCategory::Io, std::string(operation) + ": cannot read '" + path +
                                                "': " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return makeError(ErrorCategory::Io, std::string(operation) + ": cannot read '" + path +
                                                "': " + std::strerror(errno));
    return text.str();
}

} // namespace

int runInfo(const std::string &file, const RawArguments &raw, std::ostream &out, std::ostream &err,
            bool cost)
{
    auto options = rawOptions(raw);
    if (!options)
        return fail(err, options.error());
    // A Zarr group or an HDF5 file: the arrays to choose from.
    if (!*options) {
        auto arrays = listChunkedArrays(file);
        if (!arrays)
            return fail(err, arrays.error());
        if (*arrays) {
            out << pretty(nlohmann::json{{"path", file}, {"arrays", **arrays}}) << '\n';
            return 0;
        }
    }
    auto exporter = openFile(file, *options);
    if (!exporter)
        return fail(err, exporter.error());
    auto description = viewDescriptor(**exporter);
    if (const auto *chunked = dynamic_cast<const ChunkedExporter *>(exporter->get())) {
        description["storage"] = chunked->info().storage;
        Json summary = Json::object();
        for (const auto &[label, value] : storageSummary(*chunked))
            summary[label] = value;
        description["storage"]["summary"] = summary;
        if (cost) {
            auto whole = readCost(*chunked, chunked->descriptor());
            if (!whole)
                return fail(err, whole.error());
            description["read_cost"] = costJson(*whole);
        }
    }
    out << pretty(description) << '\n';
    return 0;
}

int runView(const std::string &file, const std::string &expression, const RawArguments &raw,
            const ToBytesArguments &tobytes, ViewOutput output, std::ostream &out,
            std::ostream &err)
{
    auto options = rawOptions(raw);
    if (!options)
        return fail(err, options.error());
    auto exporter = openFile(file, *options);
    if (!exporter)
        return fail(err, exporter.error());
    auto loaded = openView(std::move(*exporter), expression);
    if (!loaded)
        return fail(err, loaded.error());
    const BufferSource &source = loaded->source();
    std::string text;
    if (output == ViewOutput::ArrayInterface) {
        auto interface = arrayInterface(source);
        if (!interface)
            return fail(err, interface.error());
        text = pretty(*interface);
    } else if (output == ViewOutput::PythonSnippet) {
        auto snippet = pythonSnippet(source);
        if (!snippet)
            return fail(err, snippet.error());
        text = *snippet;
        text.pop_back(); // finish() ends the output with the newline
    } else {
        Json description = viewDescriptor(source);
        if (tobytes.cost) {
            const auto *chunked = dynamic_cast<const ChunkedExporter *>(&source.rootExporter());
            if (!chunked)
                return fail(err, makeError(ErrorCategory::Value,
                                           "cost: '" + file + "' is not a chunked array"));
            auto cost = readCost(*chunked, source.descriptor());
            if (!cost)
                return fail(err, cost.error());
            description["read_cost"] = costJson(*cost);
        }
        text = pretty(description);
    }
    return finish(source, tobytes, text, out, err);
}

int runLoad(const std::string &descriptorPath, const ToBytesArguments &tobytes, std::ostream &out,
            std::ostream &err)
{
    auto text = readFile(descriptorPath, "load");
    if (!text)
        return fail(err, text.error());
    auto json = parseDescriptorText(*text);
    if (!json)
        return fail(err, json.error());
    auto loaded = loadDescriptor(*json);
    if (!loaded)
        return fail(err, loaded.error());
    return finish(loaded->source(), tobytes, pretty(viewDescriptor(loaded->source())), out, err);
}

int runFormat(const std::string &format, std::ostream &out, std::ostream &err)
{
    auto layout = parseFormat(format);
    if (!layout) {
        const Error &error = layout.error();
        out << pretty(Json{{"error", error.message},
                           {"position", error.position ? Json(*error.position) : Json()}})
            << '\n';
        return fail(err, error);
    }
    const Json json = {{"itemsize", layout->itemsize()},
                       {"alignment", layout->alignment()},
                       {"canonical", layout->canonical()},
                       {"fields", fieldsJson(layout->root)}};
    out << pretty(json) << '\n';
    return 0;
}

int runSession(const std::string &script, std::ostream &out, std::ostream &err)
{
    Session session;
    if (script.empty() || script == "-") {
        session.run(std::cin, out);
        return 0;
    }
    std::ifstream in(script);
    if (!in)
        return fail(err, "session: cannot read '" + script + "': " + std::strerror(errno));
    session.run(in, out);
    return 0;
}

} // namespace bufferscope::cli
