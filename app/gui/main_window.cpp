// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "controllers/open_controller.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "views/hex_view.h"
#include "views/inspector_view.h"
#include "views/render_panel.h"
#include "views/value_table_view.h"
#include "views/view_builder.h"

#include <QApplication>
#include <QCloseEvent>
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
      m_open(new OpenController(m_model, this))
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
    leftLayout->addWidget(new ViewBuilder(m_current));
    addDock(this, tr("Buffers"), QStringLiteral("buffersDock"), left, Qt::LeftDockWidgetArea);

    // Centre: the renderers and the value table.
    auto *tabs = new QTabWidget;
    tabs->setObjectName(QStringLiteral("centralTabs"));
    tabs->addTab(new RenderPanel(m_current), tr("Render"));
    tabs->addTab(new ValueTableView(m_current), tr("Values"));
    setCentralWidget(tabs);

    addDock(this, tr("Inspector"), QStringLiteral("inspectorDock"), new InspectorView(m_current),
            Qt::RightDockWidgetArea);
    addDock(this, tr("Bytes"), QStringLiteral("bytesDock"), new HexView(m_current),
            Qt::BottomDockWidgetArea);

    connect(m_open, &OpenController::message, statusBar(),
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    buildMenus();
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_open->addActions(file);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1400, 900);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

} // namespace bufferscope
