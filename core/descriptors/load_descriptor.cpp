// SPDX-License-Identifier: GPL-3.0-or-later
// loadDescriptor: descriptor JSON -> reopened exporter + rebuilt view, checked against it.
#include "descriptors/load_descriptor.h"

#include "buffer/bounds.h"
#include "descriptors/descriptor_json.h"
#include "descriptors/view_descriptor.h"
#include "exporters/open_source.h"
#include "views/view.h"

namespace bufferscope {

namespace {

std::string offsetText(const std::optional<std::int64_t> &offset)
{
    return offset ? std::to_string(*offset) : "null";
}

std::string suboffsetsText(const std::vector<std::int64_t> &suboffsets)
{
    return suboffsets.empty() ? "null" : tupleText(suboffsets);
}

// The first difference between the rebuilt view and the record, in the record's key order.
std::optional<std::string> firstDifference(const BufferSource &rebuilt,
                                           const DescriptorRecord &record)
{
    const Descriptor &d = rebuilt.descriptor();
    if (d.format != record.format)
        return "format '" + d.format + "' != '" + record.format + "'";
    if (d.itemsize != record.itemsize)
        return "itemsize " + std::to_string(d.itemsize) + " != " + std::to_string(record.itemsize);
    if (d.shape != record.shape)
        return "shape " + tupleText(d.shape) + " != " + tupleText(record.shape);
    if (d.strides != record.strides)
        return "strides " + tupleText(d.strides) + " != " + tupleText(record.strides);
    if (d.suboffsets != record.suboffsets)
        return "suboffsets " + suboffsetsText(d.suboffsets) +
               " != " + suboffsetsText(record.suboffsets);
    if (const auto offset = dataOffset(rebuilt); offset != record.offset)
        return "offset " + offsetText(offset) + " != " + offsetText(record.offset);
    if (d.len != record.len)
        return "len " + std::to_string(d.len) + " != " + std::to_string(record.len);
    return std::nullopt;
}

} // namespace

LoadedView::LoadedView(std::unique_ptr<Exporter> exporter, std::unique_ptr<View> view)
    : exporter(std::move(exporter)), view(std::move(view))
{
}

LoadedView::LoadedView(LoadedView &&other) noexcept = default;

LoadedView &LoadedView::operator=(LoadedView &&other) noexcept
{
    // The old view borrows the old exporter: it must go before the exporter does.
    view.reset();
    exporter = std::move(other.exporter);
    view = std::move(other.view);
    return *this;
}

// ~View releases a view still held; members go in reverse order, the view first.
LoadedView::~LoadedView() = default;

BufferSource &LoadedView::source() const
{
    return view ? static_cast<BufferSource &>(*view) : *exporter;
}

Result<LoadedView> openView(std::unique_ptr<Exporter> exporter, std::string_view expression,
                            ExpressionOrigin origin)
{
    if (expression.empty())
        return LoadedView(std::move(exporter), nullptr);
    auto view = View::create(*exporter, expression, origin);
    if (!view)
        return view.error();
    return LoadedView(std::move(exporter), std::move(*view));
}

Result<LoadedView> loadDescriptor(const nlohmann::json &json)
{
    auto record = parseDescriptor(json);
    if (!record)
        return record.error();
    auto exporter = openSource(record->source);
    if (!exporter)
        return exporter.error();
    // The expression is the canonical text a view printed (fullExpression), which typed
    // limits may refuse: read it as saved text (ExpressionOrigin).
    auto loaded = openView(std::move(*exporter), record->expression, ExpressionOrigin::Saved);
    if (!loaded)
        return loaded.error();
    if (auto difference = firstDifference(loaded->source(), *record))
        return makeError(ErrorCategory::Io,
                         "descriptor: rebuilt view differs from the descriptor: " + *difference);
    // A descriptor file is untrusted input: prove the rebuilt view lies inside the reopened
    // exporter's memory before anyone reads through it (views keep this invariant, the
    // check makes it independent of them).
    const auto allocations = loaded->exporter->allocations();
    if (auto inBounds = verifyBounds(loaded->source().descriptor(), allocations); !inBounds)
        return makeError(inBounds.error().category, "descriptor: " + inBounds.error().message);
    return loaded;
}

} // namespace bufferscope
