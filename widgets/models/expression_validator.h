// SPDX-License-Identifier: GPL-3.0-or-later
// Checking a view expression as the user types it: syntax (parseExpression) and, when a
// buffer is selected, a dry run of every step on its descriptor, so the builder can mark
// the exact characters that fail before anything is created.
#pragma once

#include "common/error.h"

#include <QString>

namespace bufferscope {

class BufferSource;

struct ExpressionCheck
{
    bool ok = true;
    QString message;   // the core's error text; empty when ok
    int position = -1; // first character to mark (QString index); -1 when nothing to mark
    int length = 0;    // characters to mark: the failing step, or one character
    QString summary;   // when ok and a buffer was given: "(3, 4) <f", the view it would make
};

// Parses `text`; when `source` is not null also applies the steps to its descriptor.
ExpressionCheck checkExpression(const QString &text, const BufferSource *source);

// Where `error` (from parseExpression, applyExpression or View::create on `text`) lies in
// `text`: a failing step is marked whole, a syntax error at one character (the last one when
// the error is at the end of the text, so the mark stays visible).
ExpressionCheck describeError(const QString &text, const Error &error);

} // namespace bufferscope
