// SPDX-License-Identifier: GPL-3.0-or-later
// The tree of open exporters and their nested views, as a Qt item model. It owns every
// exporter and view; each row shows the step expression, shape, format and the live export
// count, which changes the moment a view is created or released (ExportCount observers).
//
// Ownership rules: a node owns its exporter or view and its child nodes. A node is removed
// only after the core agreed (View::release / Exporter::close succeeded), so the tree never
// shows an object the core has let go, and never loses one the core still counts.
#pragma once

#include "common/result.h"
#include "exporters/exporter.h"
#include "views/expression.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace bufferscope {

class View;

class BufferTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ShapeColumn, FormatColumn, ExportsColumn, ColumnCount };
    enum Role { ExportsRole = Qt::UserRole + 1, FullExpressionRole, IsViewRole };

    explicit BufferTreeModel(QObject *parent = nullptr);
    ~BufferTreeModel() override;

    // Takes ownership; returns the new top-level row.
    QModelIndex addExporter(std::unique_ptr<Exporter> exporter, const QString &name);
    // A child view of `parent` (exporter or view) built from a view expression; `origin`
    // Saved for a descriptor's canonical text (its limits: ExpressionOrigin).
    Result<QModelIndex> createView(const QModelIndex &parent, const QString &expression,
                                   ExpressionOrigin origin = ExpressionOrigin::Typed);
    // Releases a view or closes an exporter; refused (and nothing changes) while it has exports.
    Status remove(const QModelIndex &index);

    BufferSource *source(const QModelIndex &index) const;
    Exporter *exporter(const QModelIndex &index) const; // nullptr for views
    View *view(const QModelIndex &index) const;          // nullptr for exporters
    QModelIndex indexOf(const BufferSource *source) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Tells views showing metadata (shape, format) that an exporter changed it (resize, reshape).
    void metadataChanged(const QModelIndex &index);
    // Tells every view of the tree under `index` (itself included) that the bytes behind it may
    // have changed (a live object refreshed, its process ended), so panels read them again.
    void bytesChanged(const QModelIndex &index);

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node, int column = 0) const;
    void watch(Node *node);

    std::vector<std::unique_ptr<Node>> m_roots;
};

} // namespace bufferscope
