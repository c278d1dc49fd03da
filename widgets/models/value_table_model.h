// SPDX-License-Identifier: GPL-3.0-or-later
// ValueTableModel: a 2-D plane of the current buffer as a table of decoded values. Rows run
// along one axis, columns along another (times one column per leaf field for records); every
// other axis is held at a fixed index. Cells are decoded only when asked for, so a
// 4096 x 4096 plane costs nothing until it is scrolled into view.
#pragma once

#include "buffer/descriptor.h"
#include "buffer/fetch_cache.h"
#include "common/result.h"
#include "models/format_leaves.h"

#include <QAbstractTableModel>

#include <memory>
#include <optional>
#include <vector>

namespace bufferscope {

class ChunkGate;
class CurrentBuffer;

class ValueTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit ValueTableModel(CurrentBuffer *current, QObject *parent = nullptr);

    int ndim() const { return m_descriptor.ndim(); }
    const std::vector<std::int64_t> &shape() const { return m_descriptor.shape; }
    int rowAxis() const { return m_rowAxis; }       // -1 for ndim 0
    int columnAxis() const { return m_columnAxis; } // -1 when columns are fields only
    // Chooses the plane; the two axes must differ (columnAxis may be -1). Refused silently
    // when out of range. Resets the model.
    void setAxes(int rowAxis, int columnAxis);
    // The index of the axes outside the plane (entries of the plane's axes are 0).
    const std::vector<Index> &fixedIndex() const { return m_fixed; }
    void setFixedIndex(int axis, Index value); // clamped to the axis; ignored for plane axes

    // The leaf fields of one item (one entry, named "", for a plain scalar).
    const std::vector<FormatLeaf> &leaves() const { return m_leaves; }
    int fieldFilter() const { return m_fieldFilter; }
    void setFieldFilter(int leaf); // -1: every leaf gets a column

    // The full element index a cell shows, and the cell showing an element (invalid when the
    // element lies outside the current plane or is not a valid index).
    std::vector<Index> elementAt(const QModelIndex &index) const;
    QModelIndex cellOf(const std::vector<Index> &element, int leaf = 0) const;
    // Moves the plane's fixed indices so that `element` is visible; returns its cell.
    QModelIndex showElement(const std::vector<Index> &element, int leaf = 0);
    int leafAt(const QModelIndex &index) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    // Cells of a writable buffer are editable where the value can be typed (integers,
    // e/f/d floats, Zf/Zd complex, bools; one scalar a cell, record fields included):
    // setData packs the text as Python would (format/encode.h), writes it in place and
    // tells the current buffer; a refusal changes nothing and is editRefused().
    // editRefusal says why a cell takes no text ("value: the buffer is read-only"), or is
    // empty for an editable cell.
    QString editRefusal(const QModelIndex &index) const;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

signals:
    void editRefused(const QString &message);

public slots:
    void refresh(); // re-reads the current buffer's descriptor and format

private:
    std::vector<int> shownLeaves() const;
    QString cellText(const std::vector<Index> &element, const FormatLeaf &leaf) const;
    // The element's bytes: in the buffer, or in a fetched tile for read-on-demand exporters.
    Result<const std::byte *> itemBytes(const std::vector<Index> &element) const;
    static constexpr Index kTile = 64;

    CurrentBuffer *m_current;
    Descriptor m_descriptor;
    std::vector<FormatLeaf> m_leaves;
    int m_rowAxis = -1;
    int m_columnAxis = -1;
    int m_fieldFilter = -1;
    std::vector<Index> m_fixed;
    mutable std::shared_ptr<const LocalBuffer> m_tile; // the tile itemBytes last pointed into
    // A chunked store's tiles load off the GUI thread (chunk_gate.h): "<loading>" until then.
    ChunkGate *m_gate;
};

} // namespace bufferscope
