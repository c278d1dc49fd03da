// SPDX-License-Identifier: GPL-3.0-or-later
// InspectorView: the current buffer's properties (a tree of sections with diagnostics marked
// by warning icons) above its format's field table. Values can be copied from a context menu.
#pragma once

#include <QWidget>

class QAbstractItemView;
class QTableView;
class QTreeView;

namespace bufferscope {

class CurrentBuffer;
class InspectorFieldModel;
class InspectorModel;

class InspectorView : public QWidget
{
    Q_OBJECT

public:
    explicit InspectorView(CurrentBuffer *current, QWidget *parent = nullptr);

    InspectorModel *model() const { return m_model; }
    InspectorFieldModel *fieldModel() const { return m_fieldModel; }
    QTreeView *tree() const { return m_tree; }
    QTableView *fieldTable() const { return m_fields; }

private:
    void showContextMenu(QAbstractItemView *view, const QPoint &position);

    CurrentBuffer *m_current;
    InspectorModel *m_model;
    InspectorFieldModel *m_fieldModel;
    QTreeView *m_tree;
    QTableView *m_fields;
};

} // namespace bufferscope
