// SPDX-License-Identifier: GPL-3.0-or-later
// The buffer the user is looking at (a row of the BufferTreeModel) and the element they
// picked in it. Every panel watches this one object instead of each other, so the inspector,
// renderers, value table and hex view stay in step without knowing about one another.
#pragma once

#include "buffer/descriptor.h"
#include "models/buffer_tree_model.h"

#include <QObject>
#include <QPersistentModelIndex>

#include <vector>

namespace bufferscope {

class CurrentBuffer : public QObject
{
    Q_OBJECT

public:
    explicit CurrentBuffer(BufferTreeModel *model, QObject *parent = nullptr);

    BufferTreeModel *model() const { return m_model; }
    QModelIndex index() const { return m_index; }
    BufferSource *source() const; // nullptr when nothing is selected

    // The element last picked (heatmap click, table cell); empty when none.
    const std::vector<Index> &element() const { return m_element; }

public slots:
    void setIndex(const QModelIndex &index);
    void setElement(const std::vector<Index> &element);
    // Says that the selected buffer's bytes were changed in place (an edited value), so
    // every panel showing them reads them again.
    void reportBytesWritten() { emit bytesWritten(); }

signals:
    void changed();        // another buffer was selected, or its metadata changed
    void elementChanged(); // another element was picked
    void bytesWritten();   // the bytes changed in place; shape and format did not

private:
    BufferTreeModel *m_model;
    QPersistentModelIndex m_index;
    std::vector<Index> m_element;
};

} // namespace bufferscope
