// SPDX-License-Identifier: GPL-3.0-or-later
// The bufferscope main window. It only assembles: the buffer tree, the panels and the
// controllers that own the actions. No protocol logic lives here.
#pragma once

#include <QList>
#include <QMainWindow>

class QDockWidget;

namespace bufferscope {

class BufferController;
class BufferTreeModel;
class CreateController;
class CurrentBuffer;
class ExportController;
class LiveController;
class OpenController;
class RenderPanel;
class ViewBuilder;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    BufferTreeModel *model() const { return m_model; }
    CurrentBuffer *current() const { return m_current; }
    OpenController *openController() const { return m_open; }
    LiveController *liveController() const { return m_live; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildMenus();
    void restoreLayout();

    BufferTreeModel *m_model;
    CurrentBuffer *m_current;
    OpenController *m_open;
    CreateController *m_create;
    BufferController *m_buffers;
    ExportController *m_export;
    LiveController *m_live;
    ViewBuilder *m_builder = nullptr;
    RenderPanel *m_render = nullptr;
    QList<QDockWidget *> m_docks;
};

} // namespace bufferscope
