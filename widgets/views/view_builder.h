// SPDX-License-Identifier: GPL-3.0-or-later
// ViewBuilder: placeholder panel; the real panel replaces this file.
#pragma once

#include <QWidget>

namespace bufferscope {

class CurrentBuffer;

class ViewBuilder : public QWidget
{
    Q_OBJECT

public:
    explicit ViewBuilder(CurrentBuffer *current, QWidget *parent = nullptr);

private:
    CurrentBuffer *m_current;
};

} // namespace bufferscope
