// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/value_table_view.h"

namespace bufferscope {

ValueTableView::ValueTableView(CurrentBuffer *current, QWidget *parent) : QWidget(parent), m_current(current) {}

} // namespace bufferscope
