// SPDX-License-Identifier: GPL-3.0-or-later
// QSettings persistence of the render panel's choices.
#include "models/render_settings.h"

#include "render/gradient.h"

#include <QSettings>

namespace bufferscope {

QString poolModeName(render::PoolMode mode)
{
    switch (mode) {
    case render::PoolMode::Mean:
        return QStringLiteral("mean");
    case render::PoolMode::Max:
        return QStringLiteral("max");
    case render::PoolMode::Min:
        return QStringLiteral("min");
    }
    return QStringLiteral("mean");
}

RenderSettings RenderSettings::load()
{
    QSettings settings;
    RenderSettings loaded;
    const QString gradient = settings.value(QStringLiteral("render/gradient")).toString();
    if (render::findGradient(gradient.toStdString()))
        loaded.gradient = gradient;
    const QString pool = settings.value(QStringLiteral("render/pooling")).toString();
    for (auto mode : {render::PoolMode::Mean, render::PoolMode::Max, render::PoolMode::Min}) {
        if (pool == poolModeName(mode))
            loaded.poolMode = mode;
    }
    loaded.markNonFinite =
        settings.value(QStringLiteral("render/markNonFinite"), true).toBool();
    return loaded;
}

void RenderSettings::save() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("render/gradient"), gradient);
    settings.setValue(QStringLiteral("render/pooling"), poolModeName(poolMode));
    settings.setValue(QStringLiteral("render/markNonFinite"), markNonFinite);
}

} // namespace bufferscope
