// SPDX-License-Identifier: GPL-3.0-or-later
// Dispatch of one step to its implementation, the whole-expression driver with its error
// wording, and the helpers every step shares (start offsets under suboffsets, len).
#include "views/steps.h"

#include "buffer/layout.h"

#include <algorithm>
#include <cstdint>

namespace bufferscope {

namespace steps {

std::optional<std::int64_t> checkedMultiply(std::int64_t a, std::int64_t b)
{
    std::int64_t out = 0;
    if (__builtin_mul_overflow(a, b, &out))
        return std::nullopt;
    return out;
}

Status addStartOffset(Descriptor &d, int dim, ByteOffset offset)
{
    // init_slice: the nearest earlier dimension that dereferences absorbs the offset, since
    // everything added after a dereference is relative to the pointer it read.
    for (int n = std::min(dim, d.ndim()) - 1; d.hasSuboffsets() && n >= 0; --n) {
        if (d.suboffsets[n] >= 0) {
            if (__builtin_add_overflow(d.suboffsets[n], offset, &d.suboffsets[n]))
                return makeError(ErrorCategory::Limit, "view: suboffset overflows");
            return {};
        }
    }
    // Integer arithmetic, not pointer arithmetic: the start of an empty view may lie outside
    // the allocation (as NumPy computes it), which is fine as long as nobody reads it.
    const auto address = reinterpret_cast<std::uintptr_t>(d.buf);
    d.buf = reinterpret_cast<std::byte *>(address + static_cast<std::uintptr_t>(offset));
    return {};
}

Status finish(Descriptor &d, std::string_view operation)
{
    const auto len = checkedProduct(d.shape, d.itemsize);
    if (!len)
        return makeError(ErrorCategory::Limit, std::string(operation) + ": size overflows");
    d.len = *len;
    if (std::all_of(d.suboffsets.begin(), d.suboffsets.end(), [](ByteOffset s) { return s < 0; }))
        d.suboffsets.clear();
    if (d.ndim() > kMaxNdim)
        return makeError(ErrorCategory::Limit,
                         std::string(operation) + ": ndim " + std::to_string(d.ndim()) +
                             " exceeds the limit of " + std::to_string(kMaxNdim));
    return {};
}

} // namespace steps

Result<Descriptor> applyStep(const Descriptor &descriptor, const Step &step,
                             const ByteReader *reader)
{
    switch (step.kind) {
    case StepKind::Index:
        return steps::index(descriptor, step.indices, reader);
    case StepKind::Field:
        return steps::field(descriptor, step.text);
    case StepKind::T:
    case StepKind::Transpose:
        return steps::transpose(descriptor, step);
    case StepKind::SwapAxes:
        return steps::swapAxes(descriptor, step);
    case StepKind::Reshape:
        return steps::reshape(descriptor, step.axes);
    case StepKind::View:
        return steps::view(descriptor, step.text);
    case StepKind::Cast:
        return steps::cast(descriptor, step);
    }
    return makeError(ErrorCategory::Value, "expression: unknown step");
}

Result<Descriptor> applySteps(const Descriptor &descriptor, const std::vector<Step> &steps,
                              const ByteReader *reader)
{
    Descriptor current = descriptor;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        auto next = applyStep(current, steps[i], reader);
        if (!next) {
            const Error &inner = next.error();
            return makeError(inner.category,
                             "expression: step " + std::to_string(i + 1) + " '" +
                                 printStep(steps[i]) + "' at column " +
                                 std::to_string(steps[i].position + 1) + ": " + inner.message,
                             steps[i].position);
        }
        current = std::move(next).value();
    }
    return current;
}

Result<Descriptor> applyExpression(const Descriptor &descriptor, std::string_view expression,
                                   const ByteReader *reader)
{
    auto parsed = parseExpression(expression);
    if (!parsed)
        return parsed.error();
    return applySteps(descriptor, *parsed, reader);
}

} // namespace bufferscope
