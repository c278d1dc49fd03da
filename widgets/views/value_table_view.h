// SPDX-License-Identifier: GPL-3.0-or-later
// ValueTableView: the current buffer's values as a table. A header bar picks the row and
// column axes, the indices of the other axes (spin boxes) and, for records, one field or all.
// Picking a cell picks that element for every panel; an element picked elsewhere (a heatmap
// click) is scrolled to and selected here. Cells of a writable buffer are typed into
// (double-click, F2 or any key); a refusal, or a cell that takes no text, is said in a line
// under the table.
#pragma once

#include <QWidget>

#include <vector>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QTableView;

namespace bufferscope {

class CurrentBuffer;
class ValueTableModel;

class ValueTableView : public QWidget
{
    Q_OBJECT

public:
    explicit ValueTableView(CurrentBuffer *current, QWidget *parent = nullptr);

    ValueTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

private:
    void rebuildBar();
    void fitColumns();
    int cellPadding() const;              // beside a cell's text, in pixels
    static constexpr int kMaxWidth = 320; // a fitted column's widest; the tooltip has the rest
    void cellPicked(const QModelIndex &index);
    void elementPicked();

    CurrentBuffer *m_current;
    ValueTableModel *m_model;
    QTableView *m_table;
    QWidget *m_bar;
    QHBoxLayout *m_barLayout;
    QLabel *m_editError; // why the last edit was refused, until the next one
    bool m_picking = false; // true while we tell CurrentBuffer about our own pick
};

} // namespace bufferscope
