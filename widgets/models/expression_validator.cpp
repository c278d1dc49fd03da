// SPDX-License-Identifier: GPL-3.0-or-later
// checkExpression / describeError: core errors carry byte offsets into the UTF-8 text; the
// edit needs QString indexes, so positions are converted here.
#include "models/expression_validator.h"

#include "descriptors/view_descriptor.h"
#include "exporters/buffer_source.h"
#include "views/expression.h"
#include "views/steps.h"

namespace bufferscope {

namespace {

int charIndexOfByte(const QByteArray &utf8, std::size_t byte)
{
    const auto clamped = static_cast<qsizetype>(std::min<std::size_t>(byte, utf8.size()));
    return static_cast<int>(QString::fromUtf8(utf8.left(clamped)).size());
}

} // namespace

ExpressionCheck describeError(const QString &text, const Error &error)
{
    ExpressionCheck check;
    check.ok = false;
    check.message = QString::fromStdString(error.message);
    if (!error.position)
        return check;
    const QByteArray utf8 = text.toUtf8();
    std::size_t byteLength = 1;
    // A step refusal points at the step's first character: mark the whole step.
    if (auto steps = parseExpression(utf8.toStdString())) {
        for (const Step &step : *steps) {
            if (step.position == *error.position) {
                byteLength = std::max<std::size_t>(step.length, 1);
                break;
            }
        }
    }
    int start = charIndexOfByte(utf8, *error.position);
    int end = charIndexOfByte(utf8, *error.position + byteLength);
    if (start >= text.size()) { // "expected ']'" after the last character
        start = std::max(0, static_cast<int>(text.size()) - 1);
        end = static_cast<int>(text.size());
    }
    check.position = start;
    check.length = std::max(0, end - start);
    return check;
}

ExpressionCheck checkExpression(const QString &text, const BufferSource *source)
{
    const std::string utf8 = text.toStdString();
    auto steps = parseExpression(utf8);
    if (!steps)
        return describeError(text, steps.error());
    ExpressionCheck check;
    if (!source)
        return check;
    auto result = applySteps(source->descriptor(), *steps);
    if (!result)
        return describeError(text, result.error());
    check.summary = QString::fromStdString(tupleText(result->shape) + " " + result->format);
    return check;
}

} // namespace bufferscope
