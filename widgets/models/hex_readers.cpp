// SPDX-License-Identifier: GPL-3.0-or-later
// The hex view's "who reads this byte" line, from elementsReading over every buffer of the
// tree that shares the exporter.
#include "models/hex_readers.h"

#include <algorithm>
#include <functional>
#include <vector>

namespace bufferscope {

QString bufferDisplayName(const BufferTreeModel &model, const QModelIndex &index)
{
    QModelIndex top = index.siblingAtColumn(0);
    while (top.parent().isValid())
        top = top.parent();
    return model.data(top, Qt::DisplayRole).toString() +
           model.data(index.siblingAtColumn(0), BufferTreeModel::FullExpressionRole).toString();
}

QString indexText(std::span<const Index> index)
{
    QStringList parts;
    for (const Index i : index)
        parts << QString::number(i);
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

namespace {

// Every row of the tree in depth-first order.
void collectRows(const BufferTreeModel &model, const QModelIndex &parent,
                 std::vector<QModelIndex> &rows)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        rows.push_back(index);
        collectRows(model, index, rows);
    }
}

QString hex(ByteOffset offset)
{
    return QStringLiteral("0x%1").arg(offset, 0, 16);
}

} // namespace

QString readersText(const BufferTreeModel &model, const ReadersQuery &query)
{
    const ByteRange bytes = query.bytes;
    if (!query.exporter || bytes.size() <= 0)
        return {};
    const bool single = bytes.size() == 1;
    const QString head =
        query.allocationName +
        (single ? QStringLiteral("byte %1").arg(hex(bytes.begin))
                : QStringLiteral("bytes %1-%2").arg(hex(bytes.begin), hex(bytes.end - 1)));

    std::vector<QModelIndex> rows;
    collectRows(model, {}, rows);
    std::stable_partition(rows.begin(), rows.end(), [&](const QModelIndex &index) {
        return model.source(index) == query.first;
    });

    const ByteOffset last = std::min(bytes.end, bytes.begin + query.maxBytes);
    QStringList listed;
    for (const QModelIndex &index : rows) {
        const BufferSource *source = model.source(index);
        if (!source || &source->rootExporter() != query.exporter)
            continue;
        std::vector<std::vector<Index>> elements;
        bool more = false;
        for (ByteOffset b = bytes.begin; b < last && !more; ++b) {
            for (auto &element :
                 elementsReading(source->descriptor(), query.allocation, b, query.perBuffer + 1)) {
                if (std::find(elements.begin(), elements.end(), element) != elements.end())
                    continue;
                if (elements.size() == query.perBuffer) {
                    more = true;
                    break;
                }
                elements.push_back(std::move(element));
            }
        }
        if (elements.empty())
            continue;
        QStringList texts;
        for (const auto &element : elements)
            texts << indexText(element);
        listed << bufferDisplayName(model, index) + QLatin1Char(' ') +
                      texts.join(QStringLiteral(", ")) + (more ? QStringLiteral(", …") : QString());
    }
    if (listed.isEmpty())
        return head + (single ? QStringLiteral(": no buffer reads it")
                              : QStringLiteral(": no buffer reads them"));
    return head + QStringLiteral(": ") + listed.join(QStringLiteral("; "));
}

} // namespace bufferscope
