// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/inspector_view.h"

namespace bufferscope {

InspectorView::InspectorView(CurrentBuffer *current, QWidget *parent) : QWidget(parent), m_current(current) {}

} // namespace bufferscope
