// SPDX-License-Identifier: GPL-3.0-or-later
// A small legend naming the colours that are not on the gradient: NaN, +inf and −inf
// (render::ColourScale's), so a magenta row reads as "NaN" and not as data.
#pragma once

#include "render/colour_map.h"

#include <QWidget>

class QLabel;

namespace bufferscope {

class NonFiniteLegend : public QWidget
{
    Q_OBJECT

public:
    explicit NonFiniteLegend(QWidget *parent = nullptr);
    void setColours(const render::ColourScale &scale);
    // The names shown, in order: "NaN +inf −inf".
    QString text() const;

private:
    QLabel *m_swatches[3];
    QLabel *m_names[3];
};

} // namespace bufferscope
