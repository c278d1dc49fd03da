// SPDX-License-Identifier: GPL-3.0-or-later
// InspectorView: a tree over InspectorModel, a table over InspectorFieldModel, copy actions.
#include "views/inspector_view.h"

#include "models/current_buffer.h"
#include "models/inspector_field_model.h"
#include "models/inspector_model.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSplitter>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace bufferscope {

namespace {

// Puts the style's information / warning icon in front of diagnostic rows.
class SeverityDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    static constexpr int kMaxLines = 10;

    // QTreeView asks for row heights without telling the delegate the column width, so a
    // wrapped value would be cut to one line: measure it against the real column width.
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        const auto *view = qobject_cast<const QTreeView *>(option.widget);
        if (!view || index.column() != InspectorModel::ValueColumn)
            return size;
        QStyleOptionViewItem measured = option;
        initStyleOption(&measured, index);
        const int margin = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1;
        int width = view->columnWidth(index.column()) - 2 * margin;
        if (measured.features & QStyleOptionViewItem::HasDecoration)
            width -= measured.decorationSize.width() + margin;
        if (width <= 0)
            return size;
        const QRect text = measured.fontMetrics.boundingRect(QRect(0, 0, width, 1 << 20),
                                                             Qt::TextWordWrap, measured.text);
        // At most kMaxLines lines: the style elides the last one shown ("…"), the tooltip and
        // "Copy value" have the whole text. A taller row (a 300-field record) would push
        // every other row out of sight.
        const int lines = measured.fontMetrics.lineSpacing();
        size.setHeight(std::max(size.height(), std::min(text.height(), kMaxLines * lines) + 4));
        return size;
    }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        // Formats have no spaces to wrap at: offer a break after each ':' and '}' (shown
        // only; the model's text, which "Copy value" takes, is untouched).
        if (index.column() == InspectorModel::ValueColumn) {
            option->text.replace(QLatin1Char(':'), QStringLiteral(":\u200b"));
            option->text.replace(QLatin1Char('}'), QStringLiteral("}\u200b"));
        }
        const QVariant severity = index.data(InspectorModel::SeverityRole);
        if (!severity.isValid())
            return;
        const QStyle *style = option->widget ? option->widget->style() : QApplication::style();
        option->icon = style->standardIcon(severity.toInt() == Diagnostic::Warning
                                               ? QStyle::SP_MessageBoxWarning
                                               : QStyle::SP_MessageBoxInformation);
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationSize = QSize(16, 16);
    }
};

} // namespace

InspectorView::InspectorView(CurrentBuffer *current, QWidget *parent)
    : QWidget(parent), m_current(current), m_model(new InspectorModel(current, this)),
      m_fieldModel(new InspectorFieldModel(current, this)), m_tree(new QTreeView(this)),
      m_fields(new QTableView(this))
{
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new SeverityDelegate(m_tree));
    // Long values (record formats, diagnostics) wrap instead of being cut off.
    m_tree->setUniformRowHeights(false);
    m_tree->setWordWrap(true);
    m_tree->setTextElideMode(Qt::ElideRight); // only past SeverityDelegate::kMaxLines
    m_tree->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->header()->setSectionResizeMode(InspectorModel::PropertyColumn,
                                           QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    // A reset collapses every section; the inspector is only useful fully open.
    connect(m_model, &QAbstractItemModel::modelReset, m_tree, &QTreeView::expandAll);
    m_tree->expandAll();
    // Wrapped rows change height with the column width: lay the rows out again.
    connect(m_tree->header(), &QHeaderView::sectionResized, m_tree, [this] {
        QMetaObject::invokeMethod(m_tree, &QTreeView::doItemsLayout, Qt::QueuedConnection);
    });

    m_fields->setModel(m_fieldModel);
    m_fields->verticalHeader()->hide();
    m_fields->setAlternatingRowColors(true);
    m_fields->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_fields->setWordWrap(false);
    m_fields->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_fields->horizontalHeader()->setStretchLastSection(true);
    m_fields->verticalHeader()->setDefaultSectionSize(m_fields->fontMetrics().height() + 6);
    m_fields->setContextMenuPolicy(Qt::CustomContextMenu);

    for (QAbstractItemView *view :
         {static_cast<QAbstractItemView *>(m_tree), static_cast<QAbstractItemView *>(m_fields)}) {
        connect(view, &QWidget::customContextMenuRequested, this,
                [this, view](const QPoint &position) { showContextMenu(view, position); });
    }

    auto *fieldsBox = new QWidget(this);
    auto *fieldsLayout = new QVBoxLayout(fieldsBox);
    fieldsLayout->setContentsMargins(0, 0, 0, 0);
    fieldsLayout->addWidget(new QLabel(tr("Fields"), fieldsBox));
    fieldsLayout->addWidget(m_fields);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(fieldsBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

void InspectorView::showContextMenu(QAbstractItemView *view, const QPoint &position)
{
    const QModelIndex index = view->indexAt(position);
    if (!index.isValid())
        return;
    QMenu menu(this);
    const QModelIndex valueCell =
        view == m_tree ? index.siblingAtColumn(InspectorModel::ValueColumn) : index;
    const QString value = valueCell.data().toString();
    menu.addAction(tr("Copy value"), this, [value] { QApplication::clipboard()->setText(value); });
    const int columns = view->model()->columnCount(index.parent());
    menu.addAction(tr("Copy row"), this, [index, columns] {
        QStringList cells;
        for (int column = 0; column < columns; ++column)
            cells << index.siblingAtColumn(column).data().toString();
        QApplication::clipboard()->setText(cells.join(QLatin1Char('\t')));
    });
    menu.exec(view->viewport()->mapToGlobal(position));
}

} // namespace bufferscope
