// SPDX-License-Identifier: GPL-3.0-or-later
// The bufferscope main window. It only assembles: the buffer tree, the panels and the
// controllers that own the actions. No protocol logic lives here.
#pragma once

#include <QMainWindow>

namespace bufferscope {

class BufferTreeModel;
class CurrentBuffer;
class OpenController;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    BufferTreeModel *model() const { return m_model; }
    CurrentBuffer *current() const { return m_current; }
    OpenController *openController() const { return m_open; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void restoreLayout();

    BufferTreeModel *m_model;
    CurrentBuffer *m_current;
    OpenController *m_open;
};

} // namespace bufferscope
