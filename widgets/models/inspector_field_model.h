// SPDX-License-Identifier: GPL-3.0-or-later
// InspectorFieldModel: the field table of the current buffer's format (one row per leaf
// field, nested records flattened to dotted names): name, offset, type, byte order, shape.
#pragma once

#include "models/format_leaves.h"

#include <QAbstractTableModel>

#include <vector>

namespace bufferscope {

class CurrentBuffer;

class InspectorFieldModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, OffsetColumn, TypeColumn, ByteOrderColumn, ShapeColumn, ColumnCount };

    explicit InspectorFieldModel(CurrentBuffer *current, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

public slots:
    void refresh();

private:
    CurrentBuffer *m_current;
    std::vector<FormatLeaf> m_fields;
};

} // namespace bufferscope
