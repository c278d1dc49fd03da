// SPDX-License-Identifier: GPL-3.0-or-later
// ValueTableView: axis/index/field pickers over a QTableView of ValueTableModel.
#include "views/value_table_view.h"

#include "models/current_buffer.h"
#include "models/value_table_model.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <climits>
#include <functional>

namespace bufferscope {

namespace {

// A table that says why a cell takes no text when a person tries to type into it (a
// double-click, F2 or a key on a read-only buffer), instead of doing nothing.
class EditingTable : public QTableView
{
public:
    using QTableView::QTableView;
    std::function<void(const QModelIndex &)> refusedEdit;

protected:
    bool edit(const QModelIndex &index, EditTrigger trigger, QEvent *event) override
    {
        const bool editing = QTableView::edit(index, trigger, event);
        constexpr EditTriggers asked = DoubleClicked | EditKeyPressed | AnyKeyPressed;
        if (!editing && (trigger & asked & editTriggers()) && index.isValid() &&
            !(index.flags() & Qt::ItemIsEditable) && refusedEdit)
            refusedEdit(index);
        return editing;
    }
};

} // namespace

ValueTableView::ValueTableView(CurrentBuffer *current, QWidget *parent)
    : QWidget(parent), m_current(current), m_model(new ValueTableModel(current, this)),
      m_table(new EditingTable(this)), m_bar(new QWidget(this)),
      m_barLayout(new QHBoxLayout(m_bar)), m_editError(new QLabel(this))
{
    m_editError->setObjectName(QStringLiteral("valueEditError"));
    m_editError->setStyleSheet(QStringLiteral("color: #b00020; padding: 2px 4px;"));
    m_editError->hide();
    // Writable buffers: double-click, F2 or typing edits a cell; the text is stored as
    // Python would store the number (format/encode.h). A refusal, or a cell that takes no
    // text, is said under the table until the next change.
    const auto refused = [this](const QString &message) {
        m_editError->setText(message);
        m_editError->show();
    };
    connect(m_model, &ValueTableModel::editRefused, this, refused);
    static_cast<EditingTable *>(m_table)->refusedEdit = [this, refused](const QModelIndex &index) {
        refused(m_model->editRefusal(index));
    };
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    connect(m_model, &QAbstractItemModel::dataChanged, m_editError, &QWidget::hide);
    // A typed value may be wider than the sample the columns were fitted to ("(0.5+0.25j)"
    // where zeros were): its column grows so the value is not cut. One cell only: a new
    // plane (every cell changed) keeps the fitted widths.
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to) {
                if (from != to)
                    return;
                const QFontMetrics metrics = m_table->fontMetrics();
                const int width = std::min(
                    metrics.horizontalAdvance(from.data().toString()) + cellPadding(), kMaxWidth);
                if (width > m_table->columnWidth(from.column()))
                    m_table->setColumnWidth(from.column(), width);
            });
    connect(m_model, &QAbstractItemModel::modelReset, m_editError, &QWidget::hide);
    m_barLayout->setContentsMargins(4, 2, 4, 2);
    m_table->setModel(m_model);
    m_table->setWordWrap(false);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    // Fixed section sizes: a resize-to-contents header would decode every cell.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setDefaultSectionSize(110);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_bar);
    layout->addWidget(m_table);
    layout->addWidget(m_editError);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &index) { cellPicked(index); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &ValueTableView::rebuildBar);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ValueTableView::fitColumns);
    connect(current, &CurrentBuffer::elementChanged, this, &ValueTableView::elementPicked);
    rebuildBar();
}

void ValueTableView::rebuildBar()
{
    // Widgets of the old bar may be the sender of the signal that got us here: delete later.
    while (QLayoutItem *item = m_barLayout->takeAt(0)) {
        if (QWidget *widget = item->widget())
            widget->deleteLater();
        delete item;
    }
    const int ndim = m_model->ndim();
    const auto &shape = m_model->shape();
    if (ndim >= 2) {
        auto *rows = new QComboBox(m_bar);
        auto *columns = new QComboBox(m_bar);
        rows->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        columns->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        for (int axis = 0; axis < ndim; ++axis) {
            const QString label =
                tr("axis %1 (%2)").arg(axis).arg(shape[static_cast<std::size_t>(axis)]);
            rows->addItem(label, axis);
            columns->addItem(label, axis);
        }
        rows->setCurrentIndex(m_model->rowAxis());
        columns->setCurrentIndex(m_model->columnAxis());
        m_barLayout->addWidget(new QLabel(tr("Rows"), m_bar));
        m_barLayout->addWidget(rows);
        m_barLayout->addWidget(new QLabel(tr("Columns"), m_bar));
        m_barLayout->addWidget(columns);
        auto apply = [this, rows, columns] {
            int row = rows->currentData().toInt();
            int column = columns->currentData().toInt();
            if (row == column) // swap instead of refusing: the user wants this axis there
                column = m_model->rowAxis() == row ? m_model->columnAxis() : m_model->rowAxis();
            if (row == column)
                return;
            m_model->setAxes(row, column);
        };
        connect(rows, &QComboBox::activated, this, apply);
        connect(columns, &QComboBox::activated, this, apply);
        for (int axis = 0; axis < ndim; ++axis) {
            if (axis == m_model->rowAxis() || axis == m_model->columnAxis())
                continue;
            auto *spin = new QSpinBox(m_bar);
            spin->setObjectName(QStringLiteral("axis%1").arg(axis));
            spin->setRange(
                0, static_cast<int>(std::max<std::int64_t>(
                       std::min<std::int64_t>(shape[static_cast<std::size_t>(axis)] - 1, INT_MAX),
                       0)));
            spin->setValue(static_cast<int>(m_model->fixedIndex()[static_cast<std::size_t>(axis)]));
            m_barLayout->addWidget(new QLabel(tr("axis %1").arg(axis), m_bar));
            m_barLayout->addWidget(spin);
            connect(spin, &QSpinBox::valueChanged, this,
                    [this, axis](int value) { m_model->setFixedIndex(axis, value); });
            connect(m_model, &QAbstractItemModel::dataChanged, spin, [this, spin, axis] {
                const auto value = m_model->fixedIndex()[static_cast<std::size_t>(axis)];
                if (spin->value() != value)
                    spin->setValue(static_cast<int>(value));
            });
        }
    }
    if (m_model->leaves().size() > 1) {
        auto *fields = new QComboBox(m_bar);
        fields->addItem(tr("all fields"), -1);
        for (std::size_t leaf = 0; leaf < m_model->leaves().size(); ++leaf)
            fields->addItem(QString::fromStdString(m_model->leaves()[leaf].name),
                            static_cast<int>(leaf));
        fields->setCurrentIndex(m_model->fieldFilter() + 1);
        m_barLayout->addWidget(new QLabel(tr("Field"), m_bar));
        m_barLayout->addWidget(fields);
        connect(fields, &QComboBox::activated, this,
                [this, fields] { m_model->setFieldFilter(fields->currentData().toInt()); });
    }
    m_barLayout->addStretch(1);
    m_bar->setVisible(m_barLayout->count() > 1);
}

int ValueTableView::cellPadding() const
{
    return 2 * m_table->fontMetrics().averageCharWidth() + 4;
}

void ValueTableView::fitColumns()
{
    // Sized from a sample (the first rows of the first columns), never from every cell: a
    // 4096 x 4096 plane must not be decoded to lay out its header.
    constexpr int kSampleRows = 32;
    constexpr int kSampleColumns = 64;
    const QFontMetrics metrics = m_table->fontMetrics();
    const int padding = cellPadding();
    const int rows = std::min(m_model->rowCount(), kSampleRows);
    std::vector<int> widths;
    int widest = metrics.horizontalAdvance(QStringLiteral("0000")) + padding;
    for (int column = 0; column < std::min(m_model->columnCount(), kSampleColumns); ++column) {
        int width = metrics.horizontalAdvance(
            m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
        for (int row = 0; row < rows; ++row)
            width = std::max(
                width, metrics.horizontalAdvance(m_model->index(row, column).data().toString()));
        widths.push_back(std::min(width + padding, kMaxWidth));
        widest = std::max(widest, widths.back());
    }
    // Columns past the sample (wide planes of one type) take the widest sampled width. The
    // default goes first: changing it resizes every section.
    m_table->horizontalHeader()->setDefaultSectionSize(widest);
    for (std::size_t column = 0; column < widths.size(); ++column)
        m_table->setColumnWidth(static_cast<int>(column), widths[column]);
}

void ValueTableView::cellPicked(const QModelIndex &index)
{
    if (!index.isValid() || m_picking)
        return;
    const auto element = m_model->elementAt(index);
    if (element == m_current->element())
        return;
    m_picking = true;
    m_current->setElement(element);
    m_picking = false;
}

void ValueTableView::elementPicked()
{
    if (m_picking)
        return;
    const int leaf = std::max(m_model->leafAt(m_table->currentIndex()), 0);
    const QModelIndex cell = m_model->showElement(m_current->element(), leaf);
    if (!cell.isValid())
        return;
    m_picking = true;
    m_table->setCurrentIndex(cell);
    m_table->scrollTo(cell, QAbstractItemView::PositionAtCenter);
    m_picking = false;
}

} // namespace bufferscope
