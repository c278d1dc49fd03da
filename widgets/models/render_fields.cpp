// SPDX-License-Identifier: GPL-3.0-or-later
// Numeric field discovery and field sub-views for the renderer.
#include "models/render_fields.h"

#include "format/parser.h"
#include "views/steps.h"

#include <algorithm>

namespace bufferscope {

static std::string quoted(const std::string &name)
{
    // The expression language has no escapes; either quote works unless the name holds both.
    const char quote = name.find('\'') == std::string::npos ? '\'' : '"';
    return "[" + std::string(1, quote) + name + std::string(1, quote) + "]";
}

static void collectFields(const format::Type &type, const std::string &label,
                          const std::string &expression, std::vector<NumericField> &out)
{
    for (const format::Field &field : type.fields) {
        if (!field.type)
            continue;
        const std::string childLabel = label.empty() ? field.name : label + "." + field.name;
        const std::string childExpression = expression + quoted(field.name);
        if (field.type->isStruct) {
            collectFields(*field.type, childLabel, childExpression, out);
        } else if (render::numericSource(*field.type)) {
            out.push_back({childLabel, childExpression});
        }
    }
}

std::vector<NumericField> numericFields(const format::Type &root)
{
    std::vector<NumericField> out;
    if (root.isStruct)
        collectFields(root, {}, {}, out);
    return out;
}

Result<RenderSource> renderSource(const Descriptor &descriptor, const std::string &fieldExpression,
                                  std::shared_ptr<const ByteReader> reader)
{
    RenderSource source;
    source.reader = std::move(reader);
    source.descriptor = descriptor;
    if (!fieldExpression.empty()) {
        auto field = applyExpression(descriptor, fieldExpression);
        if (!field)
            return field.error();
        source.descriptor = std::move(field.value());
    }
    auto layout = parseFormat(source.descriptor.format);
    if (!layout)
        return layout.error();
    auto numeric = render::numericSource(layout->root);
    if (!numeric)
        return numeric.error();
    source.numeric = *numeric;
    return source;
}

std::string matchingField(const Descriptor &descriptor, const std::string &field)
{
    auto layout = parseFormat(descriptor.format);
    if (!layout)
        return {};
    const auto fields = numericFields(layout->root);
    for (const NumericField &candidate : fields) {
        if (candidate.expression == field)
            return field;
    }
    return fields.empty() ? std::string() : fields.front().expression;
}

PlaneKey defaultPlaneKey(const RenderSource &source)
{
    PlaneKey key;
    key.descriptor = source.descriptor;
    key.numeric = source.numeric;
    key.reader = source.reader;
    key.selection = render::defaultSelection(source.descriptor);
    key.channelAxis = defaultChannelAxis(source.descriptor);
    key.imageMode = key.channelAxis >= 0;
    if (key.imageMode) {
        key.selection.rowAxis = source.descriptor.ndim() - 3;
        key.selection.columnAxis = source.descriptor.ndim() - 2;
    }
    return key;
}

static bool isUInt8(const Descriptor &descriptor)
{
    auto layout = parseFormat(descriptor.format);
    if (!layout || !layout->isSingleScalar())
        return false;
    const format::Scalar &scalar = *layout->root.scalar;
    return scalar.kind == format::ScalarKind::UnsignedInt && scalar.size == 1;
}

std::vector<int> channelAxes(const Descriptor &descriptor)
{
    std::vector<int> axes;
    if (descriptor.ndim() < 3 || !isUInt8(descriptor))
        return axes;
    for (int axis = 0; axis < descriptor.ndim(); ++axis) {
        const auto size = descriptor.shape[static_cast<std::size_t>(axis)];
        if (size == 1 || size == 3 || size == 4)
            axes.push_back(axis);
    }
    return axes;
}

int defaultChannelAxis(const Descriptor &descriptor)
{
    const auto axes = channelAxes(descriptor);
    const int last = descriptor.ndim() - 1;
    return std::find(axes.begin(), axes.end(), last) != axes.end() ? last : -1;
}

} // namespace bufferscope
