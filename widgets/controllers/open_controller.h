// SPDX-License-Identifier: GPL-3.0-or-later
// Opening exporters from the user's actions: File > Open, files dropped on the window or
// named on the command line, and the recent-files list. Failures add nothing to the tree;
// each is a status message, and all of one call together are problems() for the window.
#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace bufferscope {

class BufferTreeModel;

class OpenController : public QObject
{
    Q_OBJECT

public:
    explicit OpenController(BufferTreeModel *model, QObject *parent = nullptr);

    void addActions(QMenu *menu);
    // Opens each file (.npy, images; anything else needs Open raw). Returns how many opened.
    int openFiles(const QStringList &paths);
    QStringList recentFiles() const;

signals:
    void message(const QString &text);
    // Every file of one openFiles call that could not be opened, "name: reason" a line.
    void problems(const QString &heading, const QStringList &lines);

private:
    void chooseFiles();
    void remember(const QString &path);
    void rebuildRecentMenu();

    BufferTreeModel *m_model;
    QMenu *m_recentMenu = nullptr;
};

} // namespace bufferscope
