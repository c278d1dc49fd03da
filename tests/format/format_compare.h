// SPDX-License-Identifier: GPL-3.0-or-later
// Test helpers over parsed formats: the flattened field list (as the NumPy oracle prints it)
// and a structural comparison of two type trees that names the first difference.
#pragma once

#include "format/format_types.h"

#include <QJsonArray>
#include <QString>

namespace bufferscope::testing {

// [path, offset, size, byte order] per field, descending into records that are not
// sub-arrays; the byte order is '<' or '>' for scalars with one, '|' otherwise.
QJsonArray flattenFields(const format::Type &type);

// Empty when the trees describe the same layout (ignoring the canonical text), else a
// description of the first difference.
QString compareTypes(const format::Type &a, const format::Type &b, const QString &path = {});

} // namespace bufferscope::testing
