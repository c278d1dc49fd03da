// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "controllers/buffer_controller.h"
#include "controllers/create_controller.h"
#include "controllers/export_controller.h"
#include "controllers/live_controller.h"
#include "controllers/open_controller.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "views/chunk_overlay_controls.h"
#include "views/hex_view.h"
#include "views/inspector_view.h"
#include "views/message_bar.h"
#include "views/render_panel.h"
#include "views/value_table_view.h"
#include "views/view_builder.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QDockWidget>
#include <QHeaderView>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace bufferscope {

static QDockWidget *addDock(QMainWindow *window, const QString &title, const QString &objectName,
                            QWidget *content, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, window);
    dock->setObjectName(objectName); // saveState() needs stable names
    dock->setWidget(content);
    window->addDockWidget(area, dock);
    return dock;
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_model(new BufferTreeModel(this)), m_current(new CurrentBuffer(m_model, this)),
      m_open(new OpenController(m_model, this)), m_create(new CreateController(m_model, this)),
      m_buffers(new BufferController(m_current, this)), m_export(new ExportController(m_current, this)),
      m_live(new LiveController(m_model, this))
{
    setWindowTitle(QStringLiteral("BufferScope"));
    setAcceptDrops(true);

    // Left: the tree of exporters and views, with the view builder under it.
    auto *tree = new QTreeView;
    tree->setObjectName(QStringLiteral("bufferTree"));
    tree->setModel(m_model);
    tree->setUniformRowHeights(true);
    tree->header()->setStretchLastSection(false);
    tree->header()->setSectionResizeMode(BufferTreeModel::NameColumn, QHeaderView::Stretch);
    // Shape and format get a fixed share (long ones are elided, the whole text is the
    // tooltip): sized to their contents, a record format pushed Exports out of sight.
    tree->header()->setMinimumSectionSize(40);
    tree->header()->setSectionResizeMode(BufferTreeModel::ShapeColumn, QHeaderView::Interactive);
    tree->header()->setSectionResizeMode(BufferTreeModel::FormatColumn, QHeaderView::Interactive);
    tree->header()->resizeSection(BufferTreeModel::ShapeColumn, 96);
    tree->header()->resizeSection(BufferTreeModel::FormatColumn, 64);
    tree->header()->setSectionResizeMode(BufferTreeModel::ExportsColumn,
                                         QHeaderView::ResizeToContents);
    tree->setTextElideMode(Qt::ElideMiddle);
    connect(tree->selectionModel(), &QItemSelectionModel::currentChanged, m_current,
            [this](const QModelIndex &index) { m_current->setIndex(index); });
    connect(m_model, &QAbstractItemModel::rowsInserted, tree,
            [this, tree](const QModelIndex &parentIndex, int, int last) {
                tree->expand(parentIndex);
                tree->setCurrentIndex(m_model->index(last, 0, parentIndex));
            });
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(tree, 1);
    m_builder = new ViewBuilder(m_current);
    leftLayout->addWidget(m_builder);
    m_docks << addDock(this, tr("Buffers"), QStringLiteral("buffersDock"), left, Qt::LeftDockWidgetArea);

    // Centre: the renderers and the value table.
    auto *tabs = new QTabWidget;
    tabs->setObjectName(QStringLiteral("centralTabs"));
    m_render = new RenderPanel(m_current);
    tabs->addTab(m_render, tr("Render"));
    tabs->addTab(new ValueTableView(m_current), tr("Values"));
    // Refusals and problems are shown above the panels until dismissed, not only for ten
    // seconds in the status bar.
    auto *messages = new MessageBar;
    auto *centre = new QWidget;
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->addWidget(messages);
    centreLayout->addWidget(tabs, 1);
    // The centre gives way, not the side panels: without this, a panel whose controls grow
    // (a 3-D buffer adds axis pickers) squeezed the inspector on every selection change.
    centre->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    setCentralWidget(centre);
    // A refusal stays while it is true: the bar watches the tree (a holder released, the
    // buffer changed) and the user (another action, another row selected).
    messages->watch(m_model);
    connect(m_buffers, &BufferController::refused, messages,
            [this, messages](const QString &text, const QList<QPersistentModelIndex> &holders) {
                messages->showRefusal(text, holders, m_current->index());
            });
    connect(m_open, &OpenController::problems, messages, &MessageBar::showProblems);
    connect(m_export, &ExportController::refused, messages,
            [messages](const QString &text, const QList<QPersistentModelIndex> &holders) {
                messages->showRefusal(text, holders);
            });
    // Each action reports its outcome with message() before any refusal of its own.
    connect(m_open, &OpenController::message, messages, &MessageBar::noteAction);
    connect(m_create, &CreateController::message, messages, &MessageBar::noteAction);
    connect(m_buffers, &BufferController::message, messages, &MessageBar::noteAction);
    connect(m_export, &ExportController::message, messages, &MessageBar::noteAction);
    connect(m_builder, &ViewBuilder::message, messages, &MessageBar::noteAction);
    connect(tree->selectionModel(), &QItemSelectionModel::currentChanged, messages,
            &MessageBar::noteSelection);
    connect(m_render, &RenderPanel::imageExported, messages, &MessageBar::showNotice);
    connect(messages, &MessageBar::linkActivated, tree,
            [tree](const QModelIndex &index) { tree->setCurrentIndex(index); });

    m_docks << addDock(this, tr("Inspector"), QStringLiteral("inspectorDock"),
                       new InspectorView(m_current), Qt::RightDockWidgetArea);
    m_docks << addDock(this, tr("Bytes"), QStringLiteral("bytesDock"), new HexView(m_current),
                       Qt::BottomDockWidgetArea);

    // Every controller and panel reports refusals and results in the status bar.
    const auto show = [this](const QString &text) { statusBar()->showMessage(text, 10000); };
    connect(m_open, &OpenController::message, this, show);
    connect(m_create, &CreateController::message, this, show);
    connect(m_buffers, &BufferController::message, this, show);
    connect(m_export, &ExportController::message, this, show);
    connect(m_live, &LiveController::message, this, show);
    connect(m_builder, &ViewBuilder::message, this, show);
    connect(m_render, &RenderPanel::message, this, show);
    buildMenus();
    restoreLayout();
}

MainWindow::~MainWindow()
{
    // The panels watch the model and may hold an export while rendering: they go first, so
    // the model and every exporter outlive them (QObject children die in creation order).
    delete takeCentralWidget();
    qDeleteAll(m_docks);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_open->addActions(file);
    m_create->addActions(file);
    file->addSeparator();
    m_export->addActions(file);
    file->addAction(tr("Export &Rendering as PNG…"), m_render, &RenderPanel::exportImage);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_builder->undoAction());
    edit->addAction(m_builder->redoAction());

    QMenu *buffer = menuBar()->addMenu(tr("&Buffer"));
    m_buffers->addActions(buffer);

    QMenu *live = menuBar()->addMenu(tr("&Live"));
    m_live->addActions(live);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_render->chunkControls()->toggleAction());

    QMenu *panels = menuBar()->addMenu(tr("&Panels"));
    for (QDockWidget *dock : std::as_const(m_docks))
        panels->addAction(dock->toggleViewAction());
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1400, 900);
    // Side panels start wide enough to read (the inspector's values were cut at 180 px);
    // a saved state then wins.
    resizeDocks({m_docks[0], m_docks[1]}, {340, 320}, Qt::Horizontal);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    if (m_open->openFiles(paths) > 0)
        event->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

} // namespace bufferscope
