// SPDX-License-Identifier: GPL-3.0-or-later
// The per-grant rules, in report order. Each rule yields exactly one result: fail with what
// was found, pass (with the basis where that helps the reader), or n/a with the reason.
#include "grant_rules.h"

#include "buffer/bounds.h"
#include "buffer/contiguity.h"
#include "buffer/diagnostics.h"
#include "buffer/layout.h"
#include "element_memory.h"
#include "format/parser.h"

#include <algorithm>
#include <optional>

namespace bufferscope {

namespace {

bool asks(RequestFlags flags, RequestFlags wanted)
{
    return (flags & wanted) == wanted;
}

std::string quoted(std::string_view text)
{
    return "'" + std::string(text) + "'";
}

class Rules
{
public:
    void pass(const char *rule, std::string message = {})
    {
        m_results.push_back({rule, RuleOutcome::Pass, std::move(message)});
    }
    void fail(const char *rule, std::string message)
    {
        m_results.push_back({rule, RuleOutcome::Fail, std::move(message)});
    }
    void na(const char *rule, std::string why)
    {
        m_results.push_back({rule, RuleOutcome::NotApplicable, std::move(why)});
    }
    void check(const char *rule, bool ok, std::string failure, std::string success = {})
    {
        ok ? pass(rule, std::move(success)) : fail(rule, std::move(failure));
    }
    std::vector<RuleResult> take() { return std::move(m_results); }

private:
    std::vector<RuleResult> m_results;
};

const char *sizeModeText(format::SizeMode mode)
{
    switch (mode) {
    case format::SizeMode::Native:
        return "native sizes and alignment ('@')";
    case format::SizeMode::Standard:
        return "standard sizes, no alignment ('=', '<', '>', '!')";
    case format::SizeMode::Unaligned:
        return "native sizes, no alignment ('^')";
    }
    return "";
}

// The descriptor the elements rules walk: what a consumer of this grant addresses. Without a
// shape, a consumer reads len bytes from buf; without strides, C order.
Descriptor elementDescriptor(const ViewSnapshot &v)
{
    Descriptor d;
    d.buf = reinterpret_cast<std::byte *>(v.raw.buf);
    d.readonly = v.raw.readonly != 0;
    if (v.shape.null) {
        d.itemsize = 1;
        d.shape = {std::max<std::int64_t>(v.raw.len, 0)};
        d.strides = {1};
    } else {
        d.itemsize = v.raw.itemsize;
        d.shape = v.shape.value;
        d.strides =
            v.strides.null ? contiguousStrides(d.shape, d.itemsize, Order::C) : v.strides.value;
        if (v.suboffsets.present())
            d.suboffsets = v.suboffsets.value;
    }
    d.len = checkedProduct(d.shape, d.itemsize).value_or(0);
    return d;
}

void structureRules(const ViewSnapshot &v, Rules &rules, bool &sane)
{
    const std::vector<std::string> problems = v.problems();
    std::string joined;
    for (const std::string &p : problems)
        joined += (joined.empty() ? "" : "; ") + p;
    rules.check("pointers-readable", problems.empty(), joined);
    rules.check("ndim-in-range", v.ndimInRange(),
                "ndim " + std::to_string(v.raw.ndim) + " is outside 0.." +
                    std::to_string(kMaxNdim));
    rules.check("itemsize-positive", v.raw.itemsize > 0,
                "itemsize must be positive, got " + std::to_string(v.raw.itemsize));
    sane = problems.empty() && v.ndimInRange() && v.raw.itemsize > 0;

    if (!v.shape.present()) {
        rules.na("shape-nonnegative", "no shape");
    } else {
        const auto &shape = v.shape.value;
        auto negative = std::find_if(shape.begin(), shape.end(), [](auto n) { return n < 0; });
        if (negative != shape.end()) {
            sane = false;
            rules.fail("shape-nonnegative", "shape[" + std::to_string(negative - shape.begin()) +
                                                "] is negative (" + std::to_string(*negative) +
                                                ")");
        } else {
            rules.pass("shape-nonnegative");
        }
    }

    if (!sane) {
        rules.na("len-matches-shape", "the structure is broken (see above)");
    } else if (v.shape.present()) {
        const std::optional<ByteOffset> product = checkedProduct(v.shape.value, v.raw.itemsize);
        if (!product) {
            rules.fail("len-matches-shape", "product(shape) * itemsize overflows");
            sane = false;
        } else {
            rules.check("len-matches-shape", *product == v.raw.len,
                        "len is " + std::to_string(v.raw.len) +
                            " but product(shape) * itemsize is " + std::to_string(*product));
        }
    } else {
        // No shape: the consumer sees len bytes; itemsize still is the original item's size.
        rules.check("len-matches-shape", v.raw.len >= 0 && v.raw.len % v.raw.itemsize == 0,
                    "len " + std::to_string(v.raw.len) + " is not a multiple of itemsize " +
                        std::to_string(v.raw.itemsize));
    }
}

void formatRules(const ViewSnapshot &v, Rules &rules)
{
    if (!v.format.present()) {
        const char *why = v.format.null ? "format is NULL ('B'); itemsize keeps the original "
                                          "format's value, as CPython documents"
                                        : "format not readable";
        rules.na("format-parses", why);
        rules.na("itemsize-matches-format", why);
        return;
    }
    Result<format::FormatLayout> layout = parseFormat(v.format.value);
    if (!layout) {
        rules.fail("format-parses", quoted(v.format.value) + ": " + layout.error().message);
        rules.na("itemsize-matches-format", "the format does not parse");
        return;
    }
    rules.pass("format-parses");
    const std::string basis = itemsizeBasis(v.format.value);
    rules.check("itemsize-matches-format", layout->itemsize() == v.raw.itemsize,
                "itemsize " + std::to_string(v.raw.itemsize) + " but format " +
                    quoted(v.format.value) + " implies " + std::to_string(layout->itemsize()) +
                    " (" + basis + ")",
                quoted(v.format.value) + " implies " + std::to_string(layout->itemsize()) + " (" +
                    basis + ")");
}

void requestRules(const ViewSnapshot &v, RequestFlags flags, Rules &rules)
{
    const bool dims = v.raw.ndim > 0;
    auto requestedField = [&](const char *rule, RequestFlags flag, bool isNull, const char *what) {
        if (!asks(flags, flag))
            rules.na(rule, std::string("not requested"));
        else if (std::string(what) != "format" && !dims)
            rules.na(rule, "ndim 0 needs no " + std::string(what));
        else
            rules.check(rule, !isNull, std::string(what) + " is NULL though requested");
    };
    requestedField("format-when-requested", request::Format, v.format.null, "format");
    requestedField("shape-when-requested", request::ND, v.shape.null, "shape");
    requestedField("strides-when-requested", request::Strides, v.strides.null, "strides");
    rules.check("suboffsets-only-if-indirect", v.suboffsets.null || asks(flags, request::Indirect),
                "suboffsets are set though INDIRECT was not requested");

    auto nullUnlessRequested = [&](const char *rule, RequestFlags flag, bool isNull,
                                   const char *what, const char *name) {
        if (asks(flags, flag))
            rules.na(rule, "requested");
        else
            rules.check(rule, isNull,
                        std::string(what) + " is set though " + name + " was not requested");
    };
    nullUnlessRequested("format-null-unless-requested", request::Format, v.format.null, "format",
                        "FORMAT");
    nullUnlessRequested("shape-null-unless-requested", request::ND, v.shape.null, "shape", "ND");
    nullUnlessRequested("strides-null-unless-requested", request::Strides, v.strides.null,
                        "strides", "STRIDES");
    rules.check("writable-as-requested", !(flags & request::Writable) || v.raw.readonly == 0,
                "readonly is set though WRITABLE was requested and granted");
}

void contiguityRules(const ViewSnapshot &v, RequestFlags flags, bool sane, Rules &rules)
{
    const bool contiguousAsked = asks(flags, request::CContiguous) ||
                                 asks(flags, request::FContiguous) ||
                                 asks(flags, request::AnyContiguous);
    const bool layoutGiven = v.strides.present() || v.suboffsets.present();
    if (!sane || !v.shape.present()) {
        const char *why = !sane ? "the structure is broken (see above)" : "no shape: plain bytes";
        rules.na("c-order-without-strides", why);
        rules.na("contiguous-as-requested", contiguousAsked ? why : "not requested");
        return;
    }
    const Descriptor d = elementDescriptor(v);
    // Without STRIDES the consumer assumes C order whatever strides the exporter wrote.
    if (asks(flags, request::Strides))
        rules.na("c-order-without-strides", "STRIDES requested");
    else if (!layoutGiven)
        rules.pass("c-order-without-strides", "no strides: C order");
    else
        rules.check("c-order-without-strides", pyBufferIsContiguous(d, Order::C),
                    "STRIDES was not requested, so the consumer assumes C order, but the "
                    "strides or suboffsets given are not C-contiguous");

    if (!contiguousAsked) {
        rules.na("contiguous-as-requested", "not requested");
    } else if (asks(flags, request::CContiguous)) {
        rules.check("contiguous-as-requested", pyBufferIsContiguous(d, Order::C),
                    "C_CONTIGUOUS was granted but PyBuffer_IsContiguous(view, 'C') is false");
    } else if (asks(flags, request::FContiguous)) {
        rules.check("contiguous-as-requested", pyBufferIsContiguous(d, Order::F),
                    "F_CONTIGUOUS was granted but PyBuffer_IsContiguous(view, 'F') is false");
    } else {
        rules.check("contiguous-as-requested", pyBufferIsContiguous(d, Order::A),
                    "ANY_CONTIGUOUS was granted but PyBuffer_IsContiguous(view, 'A') is false");
    }
}

void memoryRules(const ViewSnapshot &v, bool sane, const GrantCheckOptions &options,
                 const ProcessMemory &memory, Rules &rules)
{
    if (!sane) {
        rules.na("elements-readable", "the structure is broken (see above)");
        rules.na("elements-inside-owner", "the structure is broken (see above)");
        return;
    }
    const Descriptor d = elementDescriptor(v);
    const ElementProbe probe =
        options.probeMemory ? probeElements(d, memory, options.maxPointers) : ElementProbe{};
    if (!options.probeMemory)
        rules.na("elements-readable", "not probed");
    else if (!probe.status)
        rules.fail("elements-readable", probe.status.error().message);
    else if (!probe.complete)
        rules.na("elements-readable", "more than " + std::to_string(options.maxPointers) +
                                          " suboffset pointers: not all followed");
    else
        rules.pass("elements-readable");

    if (d.hasSuboffsets()) {
        rules.na("elements-inside-owner",
                 "suboffsets: rows are separate allocations the exporter does not describe, "
                 "only their readability is checked");
    } else if (options.owners.empty()) {
        rules.na("elements-inside-owner", "no statement of what the exporter owns");
    } else {
        std::vector<std::span<const std::byte>> allocations;
        for (const AddressRange &owner : options.owners)
            allocations.emplace_back(reinterpret_cast<const std::byte *>(owner.address),
                                     owner.size);
        // verifyBounds does arithmetic only on a direct layout: nothing is dereferenced.
        Status s = verifyBounds(d, allocations);
        if (s)
            rules.pass("elements-inside-owner");
        else
            rules.fail("elements-inside-owner", s.error().message);
    }
}

} // namespace

const char *outcomeName(RuleOutcome outcome)
{
    switch (outcome) {
    case RuleOutcome::Pass:
        return "pass";
    case RuleOutcome::Fail:
        return "fail";
    case RuleOutcome::NotApplicable:
        return "n/a";
    }
    return "";
}

std::string itemsizeBasis(std::string_view text)
{
    Result<format::FormatLayout> layout = parseFormat(text);
    if (!layout)
        return {};
    const format::Type &root = layout->root;
    if (root.scalar)
        return std::string("struct: ") + sizeModeText(root.scalar->sizeMode);
    if (root.implicitSequence)
        return std::string("struct.calcsize: ") + sizeModeText(root.endSizeMode) +
               ", no trailing padding";
    return root.endSizeMode == format::SizeMode::Native
               ? "NumPy's T{} layout: C alignment with trailing padding"
               : std::string("NumPy's T{} layout: ") + sizeModeText(root.endSizeMode) +
                     ", no padding";
}

std::vector<std::pair<std::string, std::string>> diagnoseGrant(const ViewSnapshot &view)
{
    Rules ignored;
    bool sane = true;
    structureRules(view, ignored, sane);
    std::vector<std::pair<std::string, std::string>> notes;
    if (!sane || !view.shape.present())
        return notes;
    const Descriptor d = elementDescriptor(view);
    // The item's alignment comes from the format when there is one that parses.
    std::int64_t alignment = 1;
    if (view.format.present()) {
        if (Result<format::FormatLayout> layout = parseFormat(view.format.value))
            alignment = layout->alignment();
    }
    for (const Diagnostic &diagnostic : diagnoseLayout(d, alignment))
        notes.emplace_back(diagnostic.severity == Diagnostic::Warning ? "warning" : "info",
                           diagnostic.message);
    return notes;
}

std::vector<RuleResult> checkGrant(const ViewSnapshot &view, RequestFlags flags,
                                   const GrantCheckOptions &options, const ProcessMemory &memory)
{
    Rules rules;
    bool sane = true;
    structureRules(view, rules, sane);
    formatRules(view, rules);
    requestRules(view, flags, rules);
    contiguityRules(view, flags, sane, rules);
    memoryRules(view, sane, options, memory, rules);
    return rules.take();
}

} // namespace bufferscope
