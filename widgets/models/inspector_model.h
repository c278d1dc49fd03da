// SPDX-License-Identifier: GPL-3.0-or-later
// InspectorModel: everything the Py_buffer of the current buffer says, as a two-column tree
// (property, value) in sections: Buffer, Layout, Format, Requests, Diagnostics. It follows
// CurrentBuffer and updates the export count the moment it changes.
#pragma once

#include "buffer/diagnostics.h"

#include <QAbstractItemModel>
#include <QString>
#include <QTimer>

#include <vector>

namespace bufferscope {

class CurrentBuffer;

class InspectorModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { PropertyColumn, ValueColumn, ColumnCount };
    // Diagnostic::Severity (as int) on diagnostic rows, invalid elsewhere; views pick an icon.
    enum Role { SeverityRole = Qt::UserRole + 1 };

    explicit InspectorModel(CurrentBuffer *current, QObject *parent = nullptr);

    // The value shown for `property` in `section` (e.g. "Layout", "strides"); a null QString
    // when there is no such row. Diagnostics rows are numbered "1", "2"...
    QString value(const QString &section, const QString &property) const;
    QStringList sectionTitles() const;
    // The diagnostics of the current buffer, as shown.
    const std::vector<Diagnostic> &diagnostics() const { return m_diagnostics; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

public slots:
    void refresh(); // rebuilds every row from the current buffer

private:
    struct Row
    {
        QString property;
        QString value;
        int severity = -1; // Diagnostic::Severity, or -1
    };
    struct Section
    {
        QString title;
        std::vector<Row> rows;
    };

    void refreshExports();
    // A chunked array's Storage rows again (chunks loaded, cache), once a second while shown:
    // they change as renders load chunks, without any signal of the current buffer.
    void refreshStorage();

    CurrentBuffer *m_current;
    std::vector<Section> m_sections;
    std::vector<Diagnostic> m_diagnostics;
    QTimer m_storageTimer;
};

} // namespace bufferscope
