// SPDX-License-Identifier: GPL-3.0-or-later
// InspectorModel: the current buffer's descriptor, format, requests and diagnostics as rows.
#include "models/inspector_model.h"

#include "buffer/contiguity.h"
#include "buffer/request.h"
#include "descriptors/view_descriptor.h"
#include "exporters/chunked/chunked_exporter.h"
#include "exporters/chunked/storage_summary.h"
#include "exporters/live/live_exporter.h"
#include "format/parser.h"
#include "models/current_buffer.h"
#include "models/live_rows.h"
#include "views/view.h"

namespace bufferscope {

namespace {

// Top-level rows carry this id; a child row carries its section's number + 1.
constexpr quintptr kSectionId = 0;

const QString kBuffer = QStringLiteral("Buffer");
const QString kLayout = QStringLiteral("Layout");
const QString kFormat = QStringLiteral("Format");
const QString kRequests = QStringLiteral("Requests");
const QString kDiagnostics = QStringLiteral("Diagnostics");
const QString kStorage = QStringLiteral("Storage");
const QString kExports = QStringLiteral("exports");

QString text(const std::string &value)
{
    return QString::fromStdString(value);
}
QString boolText(bool value)
{
    return value ? QStringLiteral("True") : QStringLiteral("False");
}

// The file an exporter reads, or what kind of exporter it is when there is none.
QString sourceText(const SourceInfo &info)
{
    if (!info.path.empty())
        return text(info.path);
    if (info.kind == "live")
        return QStringLiteral("live object (bufferscope.show)");
    if (info.kind == "debugger")
        return QStringLiteral("debugger (gdb: bufferscope show)");
    return text(info.kind);
}

} // namespace

InspectorModel::InspectorModel(CurrentBuffer *current, QObject *parent)
    : QAbstractItemModel(parent), m_current(current)
{
    connect(current, &CurrentBuffer::changed, this, &InspectorModel::refresh);
    // CurrentBuffer::changed does not fire for export counts (column Exports): watch them here.
    connect(current->model(), &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const QModelIndex row = m_current->index();
                if (row.isValid() && topLeft.parent() == row.parent() &&
                    topLeft.row() <= row.row() && row.row() <= bottomRight.row() &&
                    topLeft.column() <= BufferTreeModel::ExportsColumn &&
                    BufferTreeModel::ExportsColumn <= bottomRight.column())
                    refreshExports();
            });
    m_storageTimer.setInterval(1000);
    connect(&m_storageTimer, &QTimer::timeout, this, &InspectorModel::refreshStorage);
    refresh();
}

void InspectorModel::refresh()
{
    beginResetModel();
    m_sections.clear();
    m_diagnostics.clear();
    const BufferSource *source = m_current->source();
    if (source) {
        const Descriptor &d = source->descriptor();
        const View *view = m_current->model()->view(m_current->index());

        Section buffer{kBuffer, {}};
        buffer.rows.push_back(
            {QStringLiteral("name"),
             m_current->model()->data(m_current->index().siblingAtColumn(0)).toString()});
        buffer.rows.push_back({QStringLiteral("expression"),
                               view ? text(view->fullExpression()) : QStringLiteral("(exporter)")});
        buffer.rows.push_back(
            {QStringLiteral("source"), sourceText(source->rootExporter().source())});
        buffer.rows.push_back({kExports, QString::number(source->exports())});
        buffer.rows.push_back({QStringLiteral("readonly"), boolText(d.readonly)});
        m_sections.push_back(std::move(buffer));

        if (const auto *live = dynamic_cast<const LiveExporter *>(&source->rootExporter())) {
            Section object{live->object().kind == "debugger" ? QStringLiteral("Debugger")
                                                             : QStringLiteral("Live object"),
                           {}};
            for (const LiveRow &row : liveObjectRows(*live))
                object.rows.push_back({row.property, row.value,
                                       row.problem ? static_cast<int>(Diagnostic::Warning)
                                                   : -1});
            m_sections.push_back(std::move(object));
        }

        Section layout{kLayout, {}};
        const auto offset = dataOffset(*source);
        layout.rows.push_back({QStringLiteral("itemsize"), QString::number(d.itemsize)});
        layout.rows.push_back({QStringLiteral("ndim"), QString::number(d.ndim())});
        layout.rows.push_back({QStringLiteral("shape"), text(tupleText(d.shape))});
        layout.rows.push_back({QStringLiteral("strides"), text(tupleText(d.strides))});
        layout.rows.push_back({QStringLiteral("suboffsets"), d.hasSuboffsets()
                                                                 ? text(tupleText(d.suboffsets))
                                                                 : QStringLiteral("None")});
        layout.rows.push_back({QStringLiteral("offset"),
                               offset ? QString::number(*offset)
                                      : QStringLiteral("None (inside a row reached by pointer)")});
        layout.rows.push_back({QStringLiteral("len"), QString::number(d.len)});
        layout.rows.push_back({QStringLiteral("C-contiguous"), boolText(isCContiguous(d))});
        layout.rows.push_back({QStringLiteral("F-contiguous"), boolText(isFContiguous(d))});
        m_sections.push_back(std::move(layout));

        Section format{kFormat, {}};
        const auto parsed = parseFormat(d.format);
        format.rows.push_back({QStringLiteral("format"), text(d.format)});
        if (parsed) {
            format.rows.push_back({QStringLiteral("canonical"), text(parsed->canonical())});
            format.rows.push_back(
                {QStringLiteral("alignment"),
                 QString::number(std::max<std::int64_t>(parsed->alignment(), 1))});
        } else {
            format.rows.push_back({QStringLiteral("error"), text(parsed.error().message)});
        }
        m_sections.push_back(std::move(format));

        Section requests{kRequests, {}};
        QStringList names;
        for (const auto &name : satisfiableRequests(d))
            names << text(name);
        requests.rows.push_back({QStringLiteral("satisfiable"), names.join(QStringLiteral(", "))});
        m_sections.push_back(std::move(requests));

        Section diagnostics{kDiagnostics, {}};
        m_diagnostics = parsed ? diagnoseLayout(d, std::max<std::int64_t>(parsed->alignment(), 1))
                               : diagnoseLayout(d, 1);
        int number = 1;
        for (const auto &diagnostic : m_diagnostics)
            diagnostics.rows.push_back({QString::number(number++), text(diagnostic.message),
                                        static_cast<int>(diagnostic.severity)});
        if (m_diagnostics.empty())
            diagnostics.rows.push_back({QStringLiteral("-"), tr("no layout problems found")});
        m_sections.push_back(std::move(diagnostics));

        // Chunked stores: how the array is stored (storage_summary.h).
        if (const auto *chunked = dynamic_cast<const ChunkedExporter *>(&source->rootExporter())) {
            Section storage{kStorage, {}};
            for (const auto &[label, value] : storageSummary(*chunked))
                storage.rows.push_back({text(label), text(value)});
            m_sections.push_back(std::move(storage));
        }
    }
    endResetModel();
    if (!m_sections.empty() && m_sections.back().title == kStorage)
        m_storageTimer.start();
    else
        m_storageTimer.stop();
}

void InspectorModel::refreshStorage()
{
    const BufferSource *source = m_current->source();
    const auto *chunked = source ? dynamic_cast<const ChunkedExporter *>(&source->rootExporter())
                                 : nullptr;
    if (!chunked || m_sections.empty() || m_sections.back().title != kStorage)
        return;
    const auto section = m_sections.size() - 1;
    auto &rows = m_sections[section].rows;
    const auto summary = storageSummary(*chunked);
    bool sameRows = summary.size() == rows.size();
    for (std::size_t r = 0; sameRows && r < rows.size(); ++r)
        sameRows = rows[r].property == text(summary[r].first);
    if (!sameRows) { // a row came or went (the first stored bytes known): rebuild all
        refresh();
        return;
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const QString value = text(summary[r].second);
        if (rows[r].value == value)
            continue;
        rows[r].value = value;
        const QModelIndex cell = createIndex(static_cast<int>(r), ValueColumn, quintptr(section + 1));
        emit dataChanged(cell, cell, {Qt::DisplayRole, Qt::ToolTipRole});
    }
}

void InspectorModel::refreshExports()
{
    const BufferSource *source = m_current->source();
    if (!source || m_sections.empty())
        return;
    auto &rows = m_sections.front().rows;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].property != kExports)
            continue;
        rows[r].value = QString::number(source->exports());
        const QModelIndex cell = createIndex(static_cast<int>(r), ValueColumn, quintptr{1});
        emit dataChanged(cell, cell, {Qt::DisplayRole});
    }
}

QString InspectorModel::value(const QString &section, const QString &property) const
{
    for (const auto &s : m_sections) {
        if (s.title != section)
            continue;
        for (const auto &row : s.rows) {
            if (row.property == property)
                return row.value;
        }
    }
    return {};
}

QStringList InspectorModel::sectionTitles() const
{
    QStringList titles;
    for (const auto &s : m_sections)
        titles << s.title;
    return titles;
}

QModelIndex InspectorModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < static_cast<int>(m_sections.size()) ? createIndex(row, column, kSectionId)
                                                         : QModelIndex();
    if (parent.internalId() != kSectionId || parent.column() != 0)
        return {};
    const auto &rows = m_sections[static_cast<std::size_t>(parent.row())].rows;
    if (row >= static_cast<int>(rows.size()))
        return {};
    return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex InspectorModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kSectionId)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, kSectionId);
}

int InspectorModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_sections.size());
    if (parent.internalId() != kSectionId || parent.column() != 0)
        return 0;
    return static_cast<int>(m_sections[static_cast<std::size_t>(parent.row())].rows.size());
}

int InspectorModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant InspectorModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kSectionId) {
        const auto &section = m_sections[static_cast<std::size_t>(index.row())];
        if (role == Qt::DisplayRole && index.column() == PropertyColumn)
            return section.title;
        return {};
    }
    const auto &row =
        m_sections[index.internalId() - 1].rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == PropertyColumn ? row.property : row.value;
    case Qt::ToolTipRole:
        return index.column() == ValueColumn ? row.value : QVariant();
    case SeverityRole:
        return row.severity >= 0 && index.column() == ValueColumn ? QVariant(row.severity)
                                                                  : QVariant();
    }
    return {};
}

QVariant InspectorModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == PropertyColumn ? tr("Property") : tr("Value");
}

} // namespace bufferscope
