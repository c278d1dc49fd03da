// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/hex_view.h"

namespace bufferscope {

HexView::HexView(CurrentBuffer *current, QWidget *parent) : QWidget(parent), m_current(current) {}

} // namespace bufferscope
