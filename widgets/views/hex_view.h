// SPDX-License-Identifier: GPL-3.0-or-later
// HexView: placeholder panel; the real panel replaces this file.
#pragma once

#include <QWidget>

namespace bufferscope {

class CurrentBuffer;

class HexView : public QWidget
{
    Q_OBJECT

public:
    explicit HexView(CurrentBuffer *current, QWidget *parent = nullptr);

private:
    CurrentBuffer *m_current;
};

} // namespace bufferscope
