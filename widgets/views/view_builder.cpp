// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/view_builder.h"

namespace bufferscope {

ViewBuilder::ViewBuilder(CurrentBuffer *current, QWidget *parent) : QWidget(parent), m_current(current) {}

} // namespace bufferscope
