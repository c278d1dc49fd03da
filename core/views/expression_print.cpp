// SPDX-License-Identifier: GPL-3.0-or-later
// The canonical text of view-expression steps (expression.h): what the parser reads back
// to the same steps, and what error messages and View::fullExpression() show.
#include "views/expression.h"

namespace bufferscope {

namespace {

std::string quoted(const std::string &text)
{
    const char quote = text.find('\'') == std::string::npos ? '\'' : '"';
    return quote + text + quote;
}

std::string joined(const std::vector<std::int64_t> &values)
{
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            out += ", ";
        out += std::to_string(values[i]);
    }
    return out;
}

// Python's tuple repr: "()", "(12,)", "(2, 3)".
std::string tuple(const std::vector<std::int64_t> &values)
{
    return "(" + joined(values) + (values.size() == 1 ? ",)" : ")");
}

std::string printItem(const IndexItem &item)
{
    switch (item.kind) {
    case IndexItem::Kind::Integer:
        return std::to_string(item.value);
    case IndexItem::Kind::Ellipsis:
        return "...";
    case IndexItem::Kind::NewAxis:
        return "None";
    case IndexItem::Kind::Slice: {
        std::string out;
        if (item.start)
            out += std::to_string(*item.start);
        out += ':';
        if (item.stop)
            out += std::to_string(*item.stop);
        if (item.step)
            out += ':' + std::to_string(*item.step);
        return out;
    }
    }
    return {};
}

} // namespace

bool Step::sameOperation(const Step &other) const
{
    return kind == other.kind && indices == other.indices && axes == other.axes &&
           reverseAxes == other.reverseAxes && text == other.text && shape == other.shape;
}

std::string printStep(const Step &step)
{
    switch (step.kind) {
    case StepKind::Index: {
        std::string out = "[";
        for (std::size_t i = 0; i < step.indices.size(); ++i) {
            if (i)
                out += ", ";
            out += printItem(step.indices[i]);
        }
        // A lone slice or integer needs no trailing comma: a[1,] and a[1] are the same.
        return out + "]";
    }
    case StepKind::Field:
        return "[" + quoted(step.text) + "]";
    case StepKind::T:
        return ".T";
    case StepKind::Transpose:
        if (step.reverseAxes)
            return ".transpose()";
        return step.axes.empty() ? ".transpose(())" : ".transpose(" + joined(step.axes) + ")";
    case StepKind::SwapAxes:
        return ".swapaxes(" + joined(step.axes) + ")";
    case StepKind::Reshape:
        return step.axes.empty() ? ".reshape(())" : ".reshape(" + joined(step.axes) + ")";
    case StepKind::View:
        return ".view(" + quoted(step.text) + ")";
    case StepKind::Cast:
        if (!step.shape)
            return ".cast(" + quoted(step.text) + ")";
        return ".cast(" + quoted(step.text) + ", " + tuple(*step.shape) + ")";
    }
    return {};
}

std::string printSteps(const std::vector<Step> &steps)
{
    std::string out;
    for (const Step &step : steps)
        out += printStep(step);
    return out;
}

} // namespace bufferscope
