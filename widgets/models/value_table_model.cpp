// SPDX-License-Identifier: GPL-3.0-or-later
// ValueTableModel: cells decoded on demand with decodeScalar at elementPointer + field offset.
#include "models/value_table_model.h"

#include "buffer/addressing.h"
#include "buffer/fetch.h"
#include "exporters/exporter.h"
#include "format/decode.h"
#include "format/encode.h"
#include "format/parser.h"
#include "models/chunk_gate.h"
#include "models/current_buffer.h"

#include <algorithm>
#include <climits>

namespace bufferscope {

namespace {

// A list-valued cell (a large sub-array kept in one column) shows this many values.
constexpr std::int64_t kListPreview = 8;

int clampToInt(std::int64_t value)
{
    return static_cast<int>(std::min<std::int64_t>(value, INT_MAX));
}

// The item as raw bytes, for formats that do not parse or disagree with the itemsize.
FormatLeaf rawBytesLeaf(std::int64_t itemsize)
{
    FormatLeaf leaf;
    leaf.scalar.code = 's';
    leaf.scalar.kind = format::ScalarKind::Bytes;
    leaf.scalar.size = itemsize;
    return leaf;
}

} // namespace

ValueTableModel::ValueTableModel(CurrentBuffer *current, QObject *parent)
    : QAbstractTableModel(parent), m_current(current), m_gate(new ChunkGate(this))
{
    connect(current, &CurrentBuffer::changed, this, &ValueTableModel::refresh);
    connect(m_gate, &ChunkGate::loaded, this, [this] {
        if (rowCount() > 0 && columnCount() > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole});
    });
    refresh();
}

void ValueTableModel::refresh()
{
    beginResetModel();
    const BufferSource *source = m_current->source();
    m_descriptor = source ? source->descriptor() : Descriptor{};
    m_leaves.clear();
    if (source) {
        const auto layout = parseFormat(m_descriptor.format);
        if (layout && layout->itemsize() == m_descriptor.itemsize)
            m_leaves = valueColumns(layout->root);
        else
            m_leaves = {rawBytesLeaf(m_descriptor.itemsize)};
    }
    const int n = source ? m_descriptor.ndim() : 0;
    m_rowAxis = n >= 2 ? n - 2 : (n == 1 ? 0 : -1);
    m_columnAxis = n >= 2 ? n - 1 : -1;
    m_fieldFilter = -1;
    m_fixed.assign(static_cast<std::size_t>(n), 0);
    endResetModel();
}

void ValueTableModel::setAxes(int rowAxis, int columnAxis)
{
    const int n = ndim();
    if (rowAxis < 0 || rowAxis >= n || columnAxis < -1 || columnAxis >= n || rowAxis == columnAxis)
        return;
    beginResetModel();
    m_rowAxis = rowAxis;
    m_columnAxis = columnAxis;
    m_fixed[static_cast<std::size_t>(rowAxis)] = 0;
    if (columnAxis >= 0)
        m_fixed[static_cast<std::size_t>(columnAxis)] = 0;
    endResetModel();
}

void ValueTableModel::setFixedIndex(int axis, Index value)
{
    if (axis < 0 || axis >= ndim() || axis == m_rowAxis || axis == m_columnAxis)
        return;
    const auto extent = m_descriptor.shape[static_cast<std::size_t>(axis)];
    value = std::clamp<Index>(value, 0, std::max<Index>(extent - 1, 0));
    if (m_fixed[static_cast<std::size_t>(axis)] == value)
        return;
    m_fixed[static_cast<std::size_t>(axis)] = value;
    // Same plane size, other values: keep the scroll position and selection.
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole});
}

void ValueTableModel::setFieldFilter(int leaf)
{
    if (leaf < -1 || leaf >= static_cast<int>(m_leaves.size()))
        return;
    beginResetModel();
    m_fieldFilter = leaf;
    endResetModel();
}

std::vector<int> ValueTableModel::shownLeaves() const
{
    if (m_fieldFilter >= 0)
        return {m_fieldFilter};
    std::vector<int> all(m_leaves.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = static_cast<int>(i);
    return all;
}

int ValueTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_current->source() || m_leaves.empty())
        return 0;
    return m_rowAxis < 0 ? 1 : clampToInt(m_descriptor.shape[static_cast<std::size_t>(m_rowAxis)]);
}

int ValueTableModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_current->source())
        return 0;
    const std::int64_t leaves = m_fieldFilter >= 0 ? 1 : static_cast<std::int64_t>(m_leaves.size());
    const std::int64_t along =
        m_columnAxis < 0 ? 1 : m_descriptor.shape[static_cast<std::size_t>(m_columnAxis)];
    return clampToInt(along * leaves);
}

int ValueTableModel::leafAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return -1;
    if (m_fieldFilter >= 0)
        return m_fieldFilter;
    return index.column() % static_cast<int>(m_leaves.size());
}

std::vector<Index> ValueTableModel::elementAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    std::vector<Index> element = m_fixed;
    const int perElement = m_fieldFilter >= 0 ? 1 : static_cast<int>(m_leaves.size());
    if (m_rowAxis >= 0)
        element[static_cast<std::size_t>(m_rowAxis)] = index.row();
    if (m_columnAxis >= 0)
        element[static_cast<std::size_t>(m_columnAxis)] = index.column() / perElement;
    return element;
}

QModelIndex ValueTableModel::cellOf(const std::vector<Index> &element, int leaf) const
{
    if (static_cast<int>(element.size()) != ndim() || m_leaves.empty())
        return {};
    for (int axis = 0; axis < ndim(); ++axis) {
        const Index value = element[static_cast<std::size_t>(axis)];
        if (value < 0 || value >= m_descriptor.shape[static_cast<std::size_t>(axis)])
            return {};
        if (axis != m_rowAxis && axis != m_columnAxis &&
            value != m_fixed[static_cast<std::size_t>(axis)])
            return {};
    }
    const int row =
        m_rowAxis < 0 ? 0 : static_cast<int>(element[static_cast<std::size_t>(m_rowAxis)]);
    const int perElement = m_fieldFilter >= 0 ? 1 : static_cast<int>(m_leaves.size());
    const int within = m_fieldFilter >= 0 ? 0 : std::clamp(leaf, 0, perElement - 1);
    const int along =
        m_columnAxis < 0 ? 0 : static_cast<int>(element[static_cast<std::size_t>(m_columnAxis)]);
    return index(row, along * perElement + within);
}

QModelIndex ValueTableModel::showElement(const std::vector<Index> &element, int leaf)
{
    if (static_cast<int>(element.size()) != ndim())
        return {};
    for (int axis = 0; axis < ndim(); ++axis)
        setFixedIndex(axis, element[static_cast<std::size_t>(axis)]);
    return cellOf(element, leaf);
}

Result<const std::byte *> ValueTableModel::itemBytes(const std::vector<Index> &element) const
{
    const BufferSource *source = m_current->source();
    const auto reader = source ? source->rootExporter().reader() : nullptr;
    if (!reader)
        return static_cast<const std::byte *>(elementPointer(m_descriptor, element));
    // Read on demand: a tile of the plane around the cell, so a screenful of cells is a
    // few reads (the reader's cache keeps recent tiles).
    std::vector<Index> start = element, count(element.size(), 1);
    for (int axis : {m_rowAxis, m_columnAxis}) {
        if (axis < 0)
            continue;
        const auto a = static_cast<std::size_t>(axis);
        start[a] = element[a] / kTile * kTile;
        count[a] = std::min<Index>(kTile, m_descriptor.shape[a] - start[a]);
    }
    const Descriptor box = subBox(m_descriptor, start, count);
    if (!m_gate->isReady(box, reader))
        return makeError(ErrorCategory::Value, "loading");
    auto tile = fetchLocal(box, *reader);
    if (!tile)
        return tile.error();
    m_tile = *tile;
    std::vector<Index> inside(element.size());
    for (std::size_t a = 0; a < element.size(); ++a)
        inside[a] = element[a] - start[a];
    return static_cast<const std::byte *>(elementPointer(m_tile->descriptor, inside));
}

QString ValueTableModel::cellText(const std::vector<Index> &element, const FormatLeaf &leaf) const
{
    auto bytes = itemBytes(element);
    if (!bytes)
        return QString::fromStdString("<" + bytes.error().message + ">");
    const std::byte *item = *bytes;
    auto one = [&](std::int64_t k) -> std::string {
        const std::byte *at = item + leaf.offset + k * leaf.scalar.size;
        auto value = decodeScalar(leaf.scalar, std::span<const std::byte>(
                                                   at, static_cast<std::size_t>(leaf.scalar.size)));
        if (!value)
            return "<" + value.error().message + ">";
        // NumPy shows an 'S' string without its trailing NULs (they are padding to it);
        // struct keeps them. The table reads like NumPy, as the 'u'/'w' decoder already does.
        if (auto *bytes = std::get_if<format::Bytes>(&*value); bytes && leaf.scalar.code == 's') {
            while (!bytes->data.empty() && bytes->data.back() == '\0')
                bytes->data.pop_back();
        }
        return formatScalarValue(*value);
    };
    if (leaf.count == 1)
        return QString::fromStdString(one(0));
    std::string text = "[";
    const std::int64_t shown = std::min(leaf.count, kListPreview);
    for (std::int64_t k = 0; k < shown; ++k)
        text += (k ? ", " : "") + one(k);
    return QString::fromStdString(text + (shown < leaf.count ? ", ...]" : "]"));
}

QVariant ValueTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() ||
        (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::EditRole))
        return {};
    const int leaf = leafAt(index);
    const BufferSource *source = m_current->source();
    if (leaf < 0 || !source)
        return {};
    // Read through the source's live descriptor: an exporter that moved its data (a resize)
    // and has not yet told us must not be read through our stale copy of buf.
    const Descriptor &live = source->descriptor();
    if (live.buf != m_descriptor.buf || live.shape != m_descriptor.shape ||
        live.strides != m_descriptor.strides || live.suboffsets != m_descriptor.suboffsets ||
        live.itemsize != m_descriptor.itemsize || live.format != m_descriptor.format)
        return {};
    return cellText(elementAt(index), m_leaves[static_cast<std::size_t>(leaf)]);
}

QVariant ValueTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || !m_current->source())
        return {};
    if (orientation == Qt::Vertical)
        return m_rowAxis < 0 ? QVariant(QStringLiteral("()")) : QVariant(section);
    const int perElement = m_fieldFilter >= 0 ? 1 : static_cast<int>(m_leaves.size());
    if (perElement == 0)
        return {};
    const int leaf = m_fieldFilter >= 0 ? m_fieldFilter : section % perElement;
    const QString name = QString::fromStdString(m_leaves[static_cast<std::size_t>(leaf)].name);
    const int along = section / perElement;
    if (m_columnAxis < 0)
        return name.isEmpty() ? QStringLiteral("value") : name;
    if (name.isEmpty() || perElement == 1)
        return along;
    return QStringLiteral("%1 %2").arg(along).arg(name);
}

QString ValueTableModel::editRefusal(const QModelIndex &index) const
{
    const int leaf = leafAt(index);
    const BufferSource *source = m_current->source();
    if (!index.isValid() || !source || leaf < 0 || leaf >= static_cast<int>(m_leaves.size()))
        return tr("value: no cell is selected");
    if (m_descriptor.readonly)
        return tr("value: the buffer is read-only");
    // A live object's or a chunked store's bytes are fetched copies: writing them would
    // change nothing the exporter owns.
    if (source->rootExporter().reader())
        return tr("value: values read on demand cannot be written");
    const FormatLeaf &column = m_leaves[static_cast<std::size_t>(leaf)];
    if (column.count != 1)
        return tr("value: '%1' shows %2 items in one cell; they cannot be typed as one")
            .arg(QString::fromStdString(column.name))
            .arg(column.count);
    if (!isTextEncodable(column.scalar))
        return QString::fromStdString(encodeScalar(column.scalar, "").error().message);
    return {};
}

Qt::ItemFlags ValueTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (editRefusal(index).isEmpty())
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool ValueTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole)
        return false;
    if (const QString refusal = editRefusal(index); !refusal.isEmpty()) {
        emit editRefused(refusal);
        return false;
    }
    // Written through our descriptor only while it is still the source's (as data() reads).
    const Descriptor &live = m_current->source()->descriptor();
    if (live.buf != m_descriptor.buf || live.shape != m_descriptor.shape ||
        live.strides != m_descriptor.strides || live.format != m_descriptor.format) {
        emit editRefused(tr("value: the buffer changed; try again"));
        return false;
    }
    const FormatLeaf &leaf = m_leaves[static_cast<std::size_t>(leafAt(index))];
    auto bytes = encodeScalar(leaf.scalar, value.toString().toStdString());
    if (!bytes) {
        emit editRefused(QString::fromStdString(bytes.error().message));
        return false;
    }
    std::byte *item = elementPointer(m_descriptor, elementAt(index));
    std::copy(bytes->begin(), bytes->end(), item + leaf.offset);
    emit dataChanged(index, index);
    m_current->reportBytesWritten();
    return true;
}

} // namespace bufferscope
