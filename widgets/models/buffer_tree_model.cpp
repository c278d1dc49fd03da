// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/buffer_tree_model.h"

#include "views/view.h"

#include <QFont>

#include <algorithm>
#include <functional>

namespace bufferscope {

struct BufferTreeModel::Node
{
    Node *parent = nullptr;
    QString name; // exporter: file name; view: its own expression
    std::unique_ptr<Exporter> exporter;
    std::unique_ptr<View> view;
    std::vector<std::unique_ptr<Node>> children;
    int observerToken = 0;

    BufferSource &source() const
    {
        return exporter ? static_cast<BufferSource &>(*exporter) : static_cast<BufferSource &>(*view);
    }
};

BufferTreeModel::BufferTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

BufferTreeModel::~BufferTreeModel()
{
    // Nobody may be told about rows that are going away: stop observing every count first,
    // then release views depth-first before their parents, so every export is given back.
    blockSignals(true);
    std::function<void(Node &)> unwatch = [&](Node &node) {
        node.source().exportCount().unsubscribe(node.observerToken);
        for (auto &child : node.children)
            unwatch(*child);
    };
    std::function<void(Node &)> tearDown = [&](Node &node) {
        for (auto &child : node.children)
            tearDown(*child);
        node.children.clear();
        if (node.view)
            (void)node.view->release();
        node.view.reset();
    };
    for (auto &root : m_roots)
        unwatch(*root);
    for (auto &root : m_roots)
        tearDown(*root);
}

QModelIndex BufferTreeModel::addExporter(std::unique_ptr<Exporter> exporter, const QString &name)
{
    auto node = std::make_unique<Node>();
    node->name = name;
    node->exporter = std::move(exporter);
    const int row = static_cast<int>(m_roots.size());
    beginInsertRows({}, row, row);
    m_roots.push_back(std::move(node));
    watch(m_roots.back().get());
    endInsertRows();
    return index(row, 0);
}

Result<QModelIndex> BufferTreeModel::createView(const QModelIndex &parentIndex,
                                                const QString &expression, ExpressionOrigin origin)
{
    Node *parentNode = nodeOf(parentIndex);
    if (!parentNode)
        return makeError(ErrorCategory::Value, "tree: no buffer is selected");
    auto view = View::create(parentNode->source(), expression.toStdString(), origin);
    if (!view)
        return view.error();
    auto node = std::make_unique<Node>();
    node->parent = parentNode;
    node->name = expression;
    node->view = std::move(view).value();
    const int row = static_cast<int>(parentNode->children.size());
    beginInsertRows(indexOfNode(parentNode), row, row);
    parentNode->children.push_back(std::move(node));
    watch(parentNode->children.back().get());
    endInsertRows();
    return index(row, 0, indexOfNode(parentNode));
}

Status BufferTreeModel::remove(const QModelIndex &index)
{
    Node *node = nodeOf(index);
    if (!node)
        return makeError(ErrorCategory::Value, "tree: no buffer is selected");
    // Ask the core first: a refusal must change nothing, in the core or in the tree.
    Status status = node->view ? node->view->release() : node->exporter->close();
    if (!status)
        return status;
    auto &siblings = node->parent ? node->parent->children : m_roots;
    const auto it = std::find_if(siblings.begin(), siblings.end(),
                                 [node](const auto &candidate) { return candidate.get() == node; });
    const int row = static_cast<int>(it - siblings.begin());
    beginRemoveRows(index.parent(), row, row);
    node->source().exportCount().unsubscribe(node->observerToken);
    siblings.erase(it);
    endRemoveRows();
    return {};
}

BufferSource *BufferTreeModel::source(const QModelIndex &index) const
{
    Node *node = nodeOf(index);
    return node ? &node->source() : nullptr;
}

Exporter *BufferTreeModel::exporter(const QModelIndex &index) const
{
    Node *node = nodeOf(index);
    return node ? node->exporter.get() : nullptr;
}

View *BufferTreeModel::view(const QModelIndex &index) const
{
    Node *node = nodeOf(index);
    return node ? node->view.get() : nullptr;
}

QModelIndex BufferTreeModel::indexOf(const BufferSource *source) const
{
    std::function<const Node *(const std::vector<std::unique_ptr<Node>> &)> find =
        [&](const std::vector<std::unique_ptr<Node>> &nodes) -> const Node * {
        for (const auto &node : nodes) {
            if (&node->source() == source)
                return node.get();
            if (const Node *found = find(node->children))
                return found;
        }
        return nullptr;
    };
    const Node *node = find(m_roots);
    return node ? indexOfNode(node) : QModelIndex();
}

void BufferTreeModel::watch(Node *node)
{
    node->observerToken = node->source().exportCount().subscribe([this, node](int) {
        const QModelIndex cell = indexOfNode(node, ExportsColumn);
        emit dataChanged(cell, cell, {Qt::DisplayRole, ExportsRole});
    });
}

void BufferTreeModel::metadataChanged(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    emit dataChanged(index.siblingAtColumn(0), index.siblingAtColumn(ColumnCount - 1));
}

void BufferTreeModel::bytesChanged(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    metadataChanged(index);
    for (int row = 0; row < rowCount(index.siblingAtColumn(0)); ++row)
        bytesChanged(this->index(row, 0, index.siblingAtColumn(0)));
}

BufferTreeModel::Node *BufferTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : nullptr;
}

QModelIndex BufferTreeModel::indexOfNode(const Node *node, int column) const
{
    if (!node)
        return {};
    const auto &siblings = node->parent ? node->parent->children : m_roots;
    for (std::size_t row = 0; row < siblings.size(); ++row) {
        if (siblings[row].get() == node)
            return createIndex(static_cast<int>(row), column, const_cast<Node *>(node));
    }
    return {};
}

QModelIndex BufferTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    const auto &nodes = parent.isValid() ? nodeOf(parent)->children : m_roots;
    if (row >= static_cast<int>(nodes.size()))
        return {};
    return createIndex(row, column, nodes[static_cast<std::size_t>(row)].get());
}

QModelIndex BufferTreeModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeOf(child);
    return node ? indexOfNode(node->parent) : QModelIndex();
}

int BufferTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const auto &nodes = parent.isValid() ? nodeOf(parent)->children : m_roots;
    return static_cast<int>(nodes.size());
}

int BufferTreeModel::columnCount(const QModelIndex &) const { return ColumnCount; }

static QString shapeText(const Descriptor &descriptor)
{
    QStringList parts;
    for (const auto extent : descriptor.shape)
        parts << QString::number(extent);
    return parts.size() == 1 ? QStringLiteral("(%1,)").arg(parts.first())
                             : QStringLiteral("(%1)").arg(parts.join(QStringLiteral(", ")));
}

// What the tooltip says of an exporter: its file, or for a live object or a debugger's
// buffer what and where it is.
static QString sourceText(const SourceInfo &info)
{
    if (info.kind == "live") {
        const auto &o = info.options;
        return QStringLiteral("%1 in process %2: %3")
            .arg(QString::fromStdString(o.value("type", std::string())))
            .arg(o.value("pid", std::int64_t(0)))
            .arg(QString::fromStdString(o.value("repr", std::string())));
    }
    if (info.kind == "debugger") {
        const auto &o = info.options;
        return QStringLiteral("%1 in %2 (process %3, gdb)")
            .arg(QString::fromStdString(o.value("expression", std::string())))
            .arg(QString::fromStdString(o.value("program", std::string())))
            .arg(o.value("pid", std::int64_t(0)));
    }
    return QString::fromStdString(info.path);
}

QVariant BufferTreeModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeOf(index);
    if (!node)
        return {};
    const BufferSource &source = node->source();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return node->name;
        case ShapeColumn: return shapeText(source.descriptor());
        case FormatColumn: return QString::fromStdString(source.descriptor().format);
        case ExportsColumn: return source.exports();
        }
        break;
    case Qt::ToolTipRole: {
        // Shape and format may be elided in their columns: the tooltip has them whole.
        if (index.column() == ShapeColumn)
            return shapeText(source.descriptor());
        if (index.column() == FormatColumn)
            return QString::fromStdString(source.descriptor().format);
        // An exporter whose bytes can no longer be read (a live object's process ended, a
        // mapped file changed) says why on every row over it.
        const Status data = source.rootExporter().checkData();
        if (!data)
            return QString::fromStdString(data.error().message);
        if (node->view)
            return QString::fromStdString(node->view->fullExpression());
        return sourceText(node->exporter->source());
    }
    case Qt::FontRole: {
        if (source.rootExporter().checkData())
            return {};
        QFont font;
        font.setItalic(true);
        return font;
    }
    case ExportsRole: return source.exports();
    case FullExpressionRole:
        return node->view ? QString::fromStdString(node->view->fullExpression()) : QString();
    case IsViewRole: return node->view != nullptr;
    }
    return {};
}

QVariant BufferTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Buffer");
    case ShapeColumn: return tr("Shape");
    case FormatColumn: return tr("Format");
    case ExportsColumn: return tr("Exports");
    }
    return {};
}

} // namespace bufferscope
