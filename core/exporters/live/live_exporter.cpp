// SPDX-License-Identifier: GPL-3.0-or-later
// LiveExporter and the descriptor message it is made from.
#include "exporters/live/live_exporter.h"

#include "buffer/layout.h"

#include <algorithm>

namespace bufferscope {

namespace {

constexpr const char *kWhat = "live object";

// Lowest and one-past-highest byte of the direct part of the layout: the whole buffer, or
// for PIL-style ones the first pointer array (what views measure their offset from).
std::span<std::byte> extentOf(const Descriptor &d)
{
    if (d.len == 0)
        return {d.buf, 0};
    ByteOffset low = 0, high = 0;
    std::size_t axes = d.shape.size();
    ByteOffset last = d.itemsize;
    if (d.hasSuboffsets()) {
        axes = 1; // the pointer array of axis 0
        last = static_cast<ByteOffset>(sizeof(void *));
    }
    for (std::size_t i = 0; i < axes; ++i) {
        const ByteOffset reach = (d.shape[i] - 1) * d.strides[i];
        (reach < 0 ? low : high) += reach;
    }
    return {d.buf + low, static_cast<std::size_t>(high - low + last)};
}

// The rows a PIL-style pointer array leads to: [pointer + suboffset + lowest inner offset,
// + covering bytes of the inner axes). Empty unless axis 0 alone dereferences.
std::vector<std::span<const std::byte>> pilRows(const Descriptor &d, const ByteReader &reader)
{
    std::vector<std::span<const std::byte>> rows;
    if (!d.hasSuboffsets() || d.suboffsets[0] < 0 || d.len == 0)
        return rows;
    for (std::size_t i = 1; i < d.suboffsets.size(); ++i)
        if (d.suboffsets[i] >= 0)
            return rows;
    ByteOffset low = 0, high = 0;
    for (std::size_t i = 1; i < d.shape.size(); ++i) {
        const ByteOffset reach = (d.shape[i] - 1) * d.strides[i];
        (reach < 0 ? low : high) += reach;
    }
    const auto count = static_cast<std::size_t>(d.shape[0]);
    std::vector<std::uint64_t> pointers(count);
    std::vector<ReadRun> runs(count);
    for (std::size_t r = 0; r < count; ++r)
        runs[r] = {reinterpret_cast<Address>(d.buf) + static_cast<Address>(ByteOffset(r) * d.strides[0]),
                   sizeof(std::uint64_t), reinterpret_cast<std::byte *>(&pointers[r])};
    if (!reader.read(runs))
        return rows;
    for (std::uint64_t pointer : pointers)
        rows.emplace_back(reinterpret_cast<const std::byte *>(pointer) + d.suboffsets[0] + low,
                          static_cast<std::size_t>(high - low + d.itemsize));
    return rows;
}

Result<std::vector<std::int64_t>> integers(const nlohmann::json &buffer, const char *field)
{
    const auto it = buffer.find(field);
    std::vector<std::int64_t> out;
    if (it == buffer.end() || it->is_null())
        return out;
    if (!it->is_array())
        return makeError(ErrorCategory::Syntax,
                         std::string("live: field '") + field + "' must be a list of integers");
    for (const auto &v : *it) {
        if (!v.is_number_integer())
            return makeError(ErrorCategory::Syntax, std::string("live: field '") + field +
                                                        "' must be a list of integers");
        out.push_back(v.get<std::int64_t>());
    }
    return out;
}

} // namespace

Result<Descriptor> liveDescriptorFromJson(const nlohmann::json &buffer)
{
    if (!buffer.is_object())
        return makeError(ErrorCategory::Syntax, "live: the buffer must be a JSON object");
    for (const char *field : {"address", "len", "itemsize"})
        if (!buffer.contains(field) || !buffer[field].is_number_integer())
            return makeError(ErrorCategory::Syntax,
                             std::string("live: field '") + field + "' must be an integer");
    Descriptor d;
    d.buf = reinterpret_cast<std::byte *>(buffer["address"].get<std::uint64_t>());
    d.len = buffer["len"].get<std::int64_t>();
    d.itemsize = buffer["itemsize"].get<std::int64_t>();
    const auto readonly = buffer.find("readonly");
    if (readonly != buffer.end() && !readonly->is_boolean())
        return makeError(ErrorCategory::Syntax, "live: field 'readonly' must be true or false");
    d.readonly = readonly == buffer.end() || readonly->get<bool>();
    // A NULL format means unsigned bytes ('B'), as PEP 3118 says.
    const auto format = buffer.find("format");
    if (format != buffer.end() && !format->is_null() && !format->is_string())
        return makeError(ErrorCategory::Syntax, "live: field 'format' must be a string or null");
    d.format = format == buffer.end() || format->is_null() ? "B" : format->get<std::string>();
    auto shape = integers(buffer, "shape");
    auto strides = integers(buffer, "strides");
    auto suboffsets = integers(buffer, "suboffsets");
    for (auto *r : {&shape, &strides, &suboffsets})
        if (!*r)
            return r->error();
    const bool hasShape = buffer.contains("shape") && !buffer["shape"].is_null();
    d.shape = hasShape ? *shape : std::vector<std::int64_t>{d.len / std::max<ByteOffset>(d.itemsize, 1)};
    const bool hasStrides = buffer.contains("strides") && !buffer["strides"].is_null();
    d.strides = hasStrides ? *strides : contiguousStrides(d.shape, d.itemsize, Order::C);
    d.suboffsets = *suboffsets;
    if (auto valid = validateDescriptor(d); !valid)
        return valid.error();
    return d;
}

Result<std::unique_ptr<LiveExporter>> LiveExporter::create(LiveObject object, Descriptor descriptor,
                                                           std::shared_ptr<ProcessMemoryReader> reader)
{
    if (auto valid = validateDescriptor(descriptor); !valid)
        return valid.error();
    return std::make_unique<LiveExporter>(PrivateTag{}, std::move(object), std::move(descriptor),
                                          std::move(reader));
}

LiveExporter::LiveExporter(PrivateTag, LiveObject object, Descriptor descriptor,
                           std::shared_ptr<ProcessMemoryReader> reader)
    : m_object(std::move(object)), m_descriptor(std::move(descriptor)),
      m_reader(std::move(reader)), m_extent(extentOf(m_descriptor)),
      m_rows(pilRows(m_descriptor, *m_reader))
{
}

std::vector<std::span<const std::byte>> LiveExporter::allocations() const
{
    std::vector<std::span<const std::byte>> all{m_extent};
    all.insert(all.end(), m_rows.begin(), m_rows.end());
    return all;
}

LiveExporter::~LiveExporter()
{
    if (!isClosed() && m_releaseHook)
        m_releaseHook();
}

SourceInfo LiveExporter::source() const
{
    if (m_object.kind == "debugger")
        return SourceInfo{"debugger", "",
                          nlohmann::json{{"pid", m_object.pid},
                                         {"id", m_object.id},
                                         {"name", m_object.name},
                                         {"program", m_object.program},
                                         {"expression", m_object.expression}}};
    return SourceInfo{"live", "",
                      nlohmann::json{{"pid", m_object.pid},
                                     {"id", m_object.id},
                                     {"name", m_object.name},
                                     {"type", m_object.pythonType},
                                     {"repr", m_object.repr}}};
}

Status LiveExporter::checkData() const
{
    if (isGone())
        return makeError(ErrorCategory::Io,
                         "live: process " + std::to_string(m_object.pid) + " has ended");
    if (isStale())
        return m_reader->runningError();
    return {};
}

void LiveExporter::markStopped()
{
    m_reader->markRunning(false);
    m_reader->invalidate();
}

void LiveExporter::markStale()
{
    m_reader->markRunning(true);
    m_reader->invalidate();
}

std::string LiveExporter::closingName() const
{
    return kWhat;
}

void LiveExporter::freeData()
{
    describeClosed(m_descriptor);
    m_extent = {};
    m_rows.clear();
    if (m_releaseHook)
        m_releaseHook();
}

void LiveExporter::markGone()
{
    m_reader->markEnded();
    m_reader->invalidate();
}

} // namespace bufferscope
