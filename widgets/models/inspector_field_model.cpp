// SPDX-License-Identifier: GPL-3.0-or-later
// InspectorFieldModel: leaf fields of the current format as table rows.
#include "models/inspector_field_model.h"

#include "descriptors/view_descriptor.h"
#include "format/parser.h"
#include "models/current_buffer.h"

namespace bufferscope {

InspectorFieldModel::InspectorFieldModel(CurrentBuffer *current, QObject *parent)
    : QAbstractTableModel(parent), m_current(current)
{
    connect(current, &CurrentBuffer::changed, this, &InspectorFieldModel::refresh);
    refresh();
}

void InspectorFieldModel::refresh()
{
    beginResetModel();
    m_fields.clear();
    if (const BufferSource *source = m_current->source()) {
        if (const auto layout = parseFormat(source->descriptor().format))
            m_fields = formatFields(layout->root);
    }
    endResetModel();
}

int InspectorFieldModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_fields.size());
}

int InspectorFieldModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InspectorFieldModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const FormatLeaf &field = m_fields[static_cast<std::size_t>(index.row())];
    switch (index.column()) {
    case NameColumn:
        return field.name.empty() ? QStringLiteral("(item)") : QString::fromStdString(field.name);
    case OffsetColumn:
        return QString::number(field.offset);
    case TypeColumn:
        return QString::fromStdString(scalarTypeText(field.scalar));
    case ByteOrderColumn:
        return QString::fromStdString(byteOrderText(field.scalar));
    case ShapeColumn:
        return field.shape.empty() ? QString() : QString::fromStdString(tupleText(field.shape));
    }
    return {};
}

QVariant InspectorFieldModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case NameColumn:
        return tr("Field");
    case OffsetColumn:
        return tr("Offset");
    case TypeColumn:
        return tr("Type");
    case ByteOrderColumn:
        return tr("Byte order");
    case ShapeColumn:
        return tr("Shape");
    }
    return {};
}

} // namespace bufferscope
