// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/render_panel.h"

namespace bufferscope {

RenderPanel::RenderPanel(CurrentBuffer *current, QWidget *parent) : QWidget(parent), m_current(current) {}

} // namespace bufferscope
