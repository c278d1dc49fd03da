// SPDX-License-Identifier: GPL-3.0-or-later
// parseDescriptor: strict, exception-free validation of a JSON view descriptor.
#include "descriptors/descriptor_json.h"

#include "descriptors/view_descriptor.h"

#include <array>
#include <limits>

namespace bufferscope {

namespace {

using Json = nlohmann::json;

constexpr std::array kRequiredKeys = {"version", "format",   "itemsize",   "ndim",
                                      "shape",   "strides",  "suboffsets", "offset",
                                      "len",     "readonly", "expression", "source"};
constexpr std::array kOptionalKeys = {"c_contiguous", "f_contiguous", "exports", "requests"};
constexpr std::array kSourceKeys = {"kind", "path", "options"};

Error invalid(std::string message)
{
    return makeError(ErrorCategory::Structure, "descriptor: " + std::move(message));
}

Error mustBe(const std::string &key, const std::string &what)
{
    return invalid("'" + key + "' must be " + what);
}

template<std::size_t N>
bool contains(const std::array<const char *, N> &keys, const std::string &key)
{
    for (const char *k : keys)
        if (key == k)
            return true;
    return false;
}

// Any JSON integer that fits in int64 (nlohmann stores large positive ones as unsigned).
std::optional<std::int64_t> asInt64(const Json &value)
{
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            return std::nullopt;
        return static_cast<std::int64_t>(u);
    }
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    return std::nullopt;
}

std::optional<std::vector<std::int64_t>> asIntList(const Json &value, bool nonNegative)
{
    if (!value.is_array())
        return std::nullopt;
    std::vector<std::int64_t> list;
    list.reserve(value.size());
    for (const auto &entry : value) {
        const auto n = asInt64(entry);
        if (!n || (nonNegative && *n < 0))
            return std::nullopt;
        list.push_back(*n);
    }
    return list;
}

Result<SourceInfo> parseSource(const Json &source)
{
    if (!source.is_object())
        return mustBe("source", "an object with 'kind', 'path' and 'options'");
    for (const auto &[key, value] : source.items())
        if (!contains(kSourceKeys, key))
            return invalid("unknown key 'source." + key + "'");
    for (const char *key : kSourceKeys)
        if (!source.contains(key))
            return invalid(std::string("missing key 'source.") + key + "'");
    SourceInfo info;
    if (!source["kind"].is_string())
        return mustBe("source.kind", "a string");
    if (!source["path"].is_string())
        return mustBe("source.path", "a string");
    if (!source["options"].is_object())
        return mustBe("source.options", "an object");
    info.kind = source["kind"].get<std::string>();
    info.path = source["path"].get<std::string>();
    info.options = source["options"];
    return info;
}

Status checkOptionalKeys(const Json &json)
{
    for (const char *key : {"c_contiguous", "f_contiguous"})
        if (json.contains(key) && !json[key].is_boolean())
            return mustBe(key, "true or false");
    if (json.contains("exports")) {
        const auto exports = asInt64(json["exports"]);
        if (!exports || *exports < 0)
            return mustBe("exports", "a non-negative integer");
    }
    if (json.contains("requests")) {
        const Json &requests = json["requests"];
        if (!requests.is_array())
            return mustBe("requests", "a list of strings");
        for (const auto &entry : requests)
            if (!entry.is_string())
                return mustBe("requests", "a list of strings");
    }
    return {};
}

Status checkLength(const DescriptorRecord &record)
{
    std::int64_t product = record.itemsize;
    bool overflow = false;
    for (const auto extent : record.shape)
        overflow = overflow || __builtin_mul_overflow(product, extent, &product);
    if (overflow)
        return invalid("product(shape) * itemsize overflows");
    if (product != record.len)
        return invalid("'len' is " + std::to_string(record.len) +
                       " but product(shape) * itemsize is " + std::to_string(product));
    return {};
}

// Accepts every event and remembers where the parser gave up.
struct ErrorPosition : nlohmann::json_sax<Json>
{
    std::size_t byte = 0;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t &) override { return true; }
    bool string(string_t &) override { return true; }
    bool binary(binary_t &) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t &) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string &,
                     const nlohmann::detail::exception &) override
    {
        byte = position > 0 ? position - 1 : 0;
        return false;
    }
};

std::size_t errorByte(std::string_view text)
{
    ErrorPosition handler;
    (void)Json::sax_parse(text, &handler);
    return handler.byte;
}

} // namespace

Result<nlohmann::json> parseDescriptorText(std::string_view text)
{
    // nlohmann reports parse errors by exception; it stops here.
    try {
        return Json::parse(text);
    } catch (const Json::parse_error &error) {
        const std::size_t byte = error.byte > 0 ? error.byte - 1 : 0;
        return makeError(ErrorCategory::Syntax,
                         "descriptor: invalid JSON at byte " + std::to_string(byte), byte);
    } catch (const Json::exception &) {
        // A number beyond double's range ("1e999") throws out_of_range, which carries no
        // byte (fuzzer finding); a SAX pass finds where the parser stopped.
        const std::size_t byte = errorByte(text);
        return makeError(ErrorCategory::Syntax,
                         "descriptor: invalid JSON: number out of range at byte " +
                             std::to_string(byte),
                         byte);
    }
}

Result<DescriptorRecord> parseDescriptor(const nlohmann::json &json)
{
    if (!json.is_object())
        return invalid("must be a JSON object");
    for (const auto &[key, value] : json.items())
        if (!contains(kRequiredKeys, key) && !contains(kOptionalKeys, key))
            return invalid("unknown key '" + key + "'");
    for (const char *key : kRequiredKeys)
        if (!json.contains(key))
            return invalid(std::string("missing key '") + key + "'");

    const auto version = asInt64(json["version"]);
    if (!version || *version != kDescriptorVersion)
        return mustBe("version", std::to_string(kDescriptorVersion));

    DescriptorRecord record;
    if (!json["format"].is_string())
        return mustBe("format", "a string");
    record.format = json["format"].get<std::string>();

    const auto itemsize = asInt64(json["itemsize"]);
    if (!itemsize || *itemsize < 0)
        return mustBe("itemsize", "a non-negative integer");
    record.itemsize = *itemsize;

    const auto ndim = asInt64(json["ndim"]);
    if (!ndim || *ndim < 0 || *ndim > kMaxNdim)
        return mustBe("ndim", "an integer from 0 to " + std::to_string(kMaxNdim));

    auto shape = asIntList(json["shape"], true);
    if (!shape)
        return mustBe("shape", "a list of non-negative integers");
    record.shape = std::move(*shape);
    auto strides = asIntList(json["strides"], false);
    if (!strides)
        return mustBe("strides", "a list of integers");
    record.strides = std::move(*strides);
    if (!json["suboffsets"].is_null()) {
        auto suboffsets = asIntList(json["suboffsets"], false);
        if (!suboffsets || suboffsets->empty())
            return mustBe("suboffsets", "null or a non-empty list of integers");
        record.suboffsets = std::move(*suboffsets);
    }
    const auto count = [](std::size_t n) { return std::to_string(n); };
    const std::string ndimText = std::to_string(*ndim);
    if (record.shape.size() != std::size_t(*ndim))
        return invalid("'shape' has " + count(record.shape.size()) + " entries but 'ndim' is " +
                       ndimText);
    if (record.strides.size() != std::size_t(*ndim))
        return invalid("'strides' has " + count(record.strides.size()) + " entries but 'ndim' is " +
                       ndimText);
    if (!record.suboffsets.empty() && record.suboffsets.size() != std::size_t(*ndim))
        return invalid("'suboffsets' has " + count(record.suboffsets.size()) +
                       " entries but 'ndim' is " + ndimText);

    if (!json["offset"].is_null()) {
        const auto offset = asInt64(json["offset"]);
        if (!offset)
            return mustBe("offset", "null or an integer");
        record.offset = *offset;
    }
    const auto len = asInt64(json["len"]);
    if (!len || *len < 0)
        return mustBe("len", "a non-negative integer");
    record.len = *len;
    if (auto status = checkLength(record); !status)
        return status.error();

    if (!json["readonly"].is_boolean())
        return mustBe("readonly", "true or false");
    record.readonly = json["readonly"].get<bool>();
    if (!json["expression"].is_string())
        return mustBe("expression", "a string");
    record.expression = json["expression"].get<std::string>();

    auto source = parseSource(json["source"]);
    if (!source)
        return source.error();
    record.source = std::move(*source);
    if (auto status = checkOptionalKeys(json); !status)
        return status.error();
    return record;
}

} // namespace bufferscope
