// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/open_controller.h"

#include "exporters/open_source.h"
#include "models/buffer_tree_model.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace bufferscope {

static const char *recentKey = "files/recent";
static const char *folderKey = "files/lastFolder";
static constexpr int recentLimit = 10;

OpenController::OpenController(BufferTreeModel *model, QObject *parent)
    : QObject(parent), m_model(model)
{
}

void OpenController::addActions(QMenu *menu)
{
    QAction *open = menu->addAction(tr("&Open…"), this, &OpenController::chooseFiles);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = menu->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
}

int OpenController::openFiles(const QStringList &paths)
{
    int opened = 0;
    QStringList failures;
    for (const QString &path : paths) {
        auto exporter = openFile(path.toStdString(), std::nullopt);
        if (!exporter) {
            const QString reason = QString::fromStdString(exporter.error().message);
            failures << QFileInfo(path).fileName() + ": " + reason;
            emit message(reason);
            continue;
        }
        m_model->addExporter(std::move(exporter).value(), QFileInfo(path).fileName());
        remember(QFileInfo(path).absoluteFilePath());
        ++opened;
    }
    if (opened > 0)
        emit message(tr("Opened %n file(s)", nullptr, opened));
    if (!failures.isEmpty())
        emit problems(failures.size() == 1 ? tr("1 file could not be opened")
                                           : tr("%1 files could not be opened").arg(failures.size()),
                      failures);
    return opened;
}

QStringList OpenController::recentFiles() const
{
    return QSettings().value(QLatin1String(recentKey)).toStringList();
}

void OpenController::chooseFiles()
{
    QSettings settings;
    const QStringList paths = QFileDialog::getOpenFileNames(
        nullptr, tr("Open buffers"), settings.value(QLatin1String(folderKey)).toString(),
        tr("Buffers (*.npy *.png *.jpg *.jpeg *.bmp *.ppm *.pgm);;All files (*)"));
    if (paths.isEmpty())
        return;
    settings.setValue(QLatin1String(folderKey), QFileInfo(paths.first()).absolutePath());
    openFiles(paths);
}

void OpenController::remember(const QString &path)
{
    QStringList recent = recentFiles();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > recentLimit)
        recent.removeLast();
    QSettings().setValue(QLatin1String(recentKey), recent);
    rebuildRecentMenu();
}

void OpenController::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = recentFiles();
    for (const QString &path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openFiles({path}); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

} // namespace bufferscope
