// SPDX-License-Identifier: GPL-3.0-or-later
// For tests that ask NumPy for their expectations as JSON: a bundled sample's path, and a
// program run with `json`, `sys` and `numpy as np` imported whose printed JSON is parsed.
#pragma once

#include "python_oracle.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace bufferscope::testing {

inline QString sample(const char *name)
{
    return QStringLiteral(BUFFERSCOPE_SOURCE_DIR "/resources/samples/") + QLatin1String(name);
}

// Fails the whole test program when Python does: every expectation depends on it.
inline nlohmann::json numpy(const QString &program, const QStringList &args = {})
{
    const auto run =
        runPython(QStringLiteral("import json, sys\nimport numpy as np\n") + program, {}, args);
    if (!run.ok)
        qFatal("python failed: %s", qPrintable(run.error));
    return nlohmann::json::parse(run.out.toStdString());
}

} // namespace bufferscope::testing
