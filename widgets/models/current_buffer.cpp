// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/current_buffer.h"

namespace bufferscope {

CurrentBuffer::CurrentBuffer(BufferTreeModel *model, QObject *parent)
    : QObject(parent), m_model(model)
{
    // A removed row invalidates the persistent index; tell the panels to clear themselves.
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (!m_index.isValid()) {
            m_element.clear();
            emit changed();
        }
    });
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (m_index.isValid() && topLeft.parent() == m_index.parent() &&
                    topLeft.row() <= m_index.row() && m_index.row() <= bottomRight.row() &&
                    topLeft.column() <= BufferTreeModel::ShapeColumn)
                    emit changed();
            });
}

BufferSource *CurrentBuffer::source() const { return m_model->source(m_index); }

void CurrentBuffer::setIndex(const QModelIndex &index)
{
    const QModelIndex row = index.isValid() ? index.siblingAtColumn(0) : QModelIndex();
    if (row == m_index)
        return;
    m_index = row;
    m_element.clear();
    emit changed();
}

void CurrentBuffer::setElement(const std::vector<Index> &element)
{
    m_element = element;
    emit elementChanged();
}

} // namespace bufferscope
