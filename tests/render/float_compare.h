// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers the render tests share: float32 arrays sent by the NumPy oracle as hex, and a float
// comparison that treats NaN as equal to NaN and infinities exactly.
#pragma once

#include <QByteArray>
#include <QJsonValue>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace bufferscope::testing {

inline std::vector<float> floatsFromHex(const QJsonValue &value)
{
    const QByteArray bytes = QByteArray::fromHex(value.toString().toLatin1());
    std::vector<float> values(static_cast<std::size_t>(bytes.size()) / sizeof(float));
    std::memcpy(values.data(), bytes.constData(), values.size() * sizeof(float));
    return values;
}

inline bool sameFloat(float a, float b, float relative)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    if (std::isinf(a) || std::isinf(b))
        return a == b;
    return a == b || std::fabs(a - b) <= relative * std::max(std::fabs(a), std::fabs(b));
}

} // namespace bufferscope::testing
