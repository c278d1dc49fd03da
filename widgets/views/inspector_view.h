// SPDX-License-Identifier: GPL-3.0-or-later
// InspectorView: placeholder panel; the real panel replaces this file.
#pragma once

#include <QWidget>

namespace bufferscope {

class CurrentBuffer;

class InspectorView : public QWidget
{
    Q_OBJECT

public:
    explicit InspectorView(CurrentBuffer *current, QWidget *parent = nullptr);

private:
    CurrentBuffer *m_current;
};

} // namespace bufferscope
