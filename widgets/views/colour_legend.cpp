// SPDX-License-Identifier: GPL-3.0-or-later
// NonFiniteLegend: three framed colour squares (a frame, so white +inf shows on a light
// background), each followed by its name.
#include "views/colour_legend.h"

#include <QColor>
#include <QHBoxLayout>
#include <QLabel>

namespace bufferscope {

NonFiniteLegend::NonFiniteLegend(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("nonFiniteLegend"));
    setToolTip(tr("Colours of values that are not finite numbers; with \"Mark non-finite\" a "
                  "pooled pixel takes them when any of its cells is one"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    const QString names[3] = {QStringLiteral("NaN"), QStringLiteral("+inf"),
                              QStringLiteral("\u2212inf")};
    for (int i = 0; i < 3; ++i) {
        m_swatches[i] = new QLabel;
        m_swatches[i]->setFixedSize(12, 12);
        m_names[i] = new QLabel(names[i]);
        layout->addWidget(m_swatches[i]);
        layout->addWidget(m_names[i]);
        if (i < 2)
            layout->addSpacing(6);
    }
    setColours({});
}

void NonFiniteLegend::setColours(const render::ColourScale &scale)
{
    const std::uint32_t colours[3] = {scale.nanColour, scale.posInfColour, scale.negInfColour};
    for (int i = 0; i < 3; ++i)
        m_swatches[i]->setStyleSheet(QStringLiteral("background: %1; border: 1px solid #707070;")
                                         .arg(QColor::fromRgb(colours[i]).name()));
}

QString NonFiniteLegend::text() const
{
    QStringList names;
    for (const QLabel *name : m_names)
        names << name->text();
    return names.join(' ');
}

} // namespace bufferscope
