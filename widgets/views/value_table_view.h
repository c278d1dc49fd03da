// SPDX-License-Identifier: GPL-3.0-or-later
// ValueTableView: placeholder panel; the real panel replaces this file.
#pragma once

#include <QWidget>

namespace bufferscope {

class CurrentBuffer;

class ValueTableView : public QWidget
{
    Q_OBJECT

public:
    explicit ValueTableView(CurrentBuffer *current, QWidget *parent = nullptr);

private:
    CurrentBuffer *m_current;
};

} // namespace bufferscope
