// SPDX-License-Identifier: GPL-3.0-or-later
// The render choices that outlive a session (gradient, pooling mode), kept in QSettings
// under "render/". Unknown or missing values fall back to the defaults.
#pragma once

#include "render/pooling.h"

#include <QString>

namespace bufferscope {

struct RenderSettings
{
    QString gradient = QStringLiteral("viridis");
    render::PoolMode poolMode = render::PoolMode::Mean;
    bool markNonFinite = true; // pooled pixels holding NaN/±inf show as such

    static RenderSettings load();
    void save() const;
};

QString poolModeName(render::PoolMode mode); // "mean", "max", "min"

} // namespace bufferscope
