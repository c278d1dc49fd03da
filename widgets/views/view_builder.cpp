// SPDX-License-Identifier: GPL-3.0-or-later
// ViewBuilder: forwards the user's expression or composed step to BufferHistory and shows
// what the core says.
#include "views/view_builder.h"

#include "exporters/buffer_source.h"
#include "models/current_buffer.h"
#include "models/undo_commands.h"
#include "views/expression_edit.h"

#include <QAction>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace bufferscope {

ViewBuilder::ViewBuilder(CurrentBuffer *current, QWidget *parent)
    : QWidget(parent), m_current(current), m_history(BufferHistory::of(current->model())),
      m_edit(new ExpressionEdit), m_create(new QPushButton(tr("Create view"))), m_status(new QLabel)
{
    m_edit->setObjectName(QStringLiteral("expressionEdit"));
    m_create->setObjectName(QStringLiteral("createViewButton"));
    m_status->setObjectName(QStringLiteral("builderStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *editRow = new QHBoxLayout;
    m_edit->setMinimumWidth(160);
    editRow->addWidget(m_edit, 1);
    editRow->addWidget(m_create);
    // Icons only: "Undo Create view [10:20, ::3]" as button text took the field's width and
    // widened the whole dock; the text is the tooltip now.
    const struct
    {
        QAction *action;
        const char *theme;
        QStyle::StandardPixmap fallback;
        const char *name;
    } history[] = {{m_history->undoAction(), "edit-undo", QStyle::SP_ArrowBack, "undoButton"},
                   {m_history->redoAction(), "edit-redo", QStyle::SP_ArrowForward, "redoButton"}};
    for (const auto &entry : history) {
        entry.action->setIcon(
            QIcon::fromTheme(QLatin1String(entry.theme), style()->standardIcon(entry.fallback)));
        auto *button = new QToolButton;
        button->setObjectName(QLatin1String(entry.name));
        button->setDefaultAction(entry.action);
        button->setToolButtonStyle(Qt::ToolButtonIconOnly);
        button->setAutoRaise(true);
        editRow->addWidget(button);
    }
    layout->addLayout(editRow);
    layout->addWidget(m_status);

    struct StepButton
    {
        StepDialog::Kind kind;
        QString text;
    };
    const StepButton steps[] = {
        {StepDialog::Slice, tr("Slice…")},         {StepDialog::Index, tr("Index…")},
        {StepDialog::Transpose, tr("Transpose…")}, {StepDialog::SwapAxes, tr("Swap axes…")},
        {StepDialog::Reshape, tr("Reshape…")},     {StepDialog::Cast, tr("Cast…")},
        {StepDialog::ViewAs, tr("View as…")},      {StepDialog::Field, tr("Field…")},
    };
    auto *grid = new QGridLayout;
    grid->setSpacing(2);
    int column = 0, row = 0;
    for (const StepButton &step : steps) {
        auto *button = new QPushButton(step.text);
        button->setObjectName(QStringLiteral("step%1").arg(int(step.kind)));
        connect(button, &QPushButton::clicked, this,
                [this, kind = step.kind] { composeStep(kind); });
        grid->addWidget(button, row, column);
        m_stepButtons << button;
        if (++column == 4) {
            column = 0;
            ++row;
        }
    }
    layout->addLayout(grid);

    connect(m_edit, &ExpressionEdit::checked, this, &ViewBuilder::showCheck);
    connect(m_edit, &QLineEdit::returnPressed, this, [this] { (void)createFromEdit(); });
    connect(m_create, &QPushButton::clicked, this, [this] { (void)createFromEdit(); });
    connect(m_current, &CurrentBuffer::changed, this, &ViewBuilder::currentChanged);
    connect(m_history, &BufferHistory::message, this, &ViewBuilder::message);
    currentChanged();
}

QUndoStack *ViewBuilder::undoStack() const
{
    return m_history->undoStack();
}
QAction *ViewBuilder::undoAction() const
{
    return m_history->undoAction();
}
QAction *ViewBuilder::redoAction() const
{
    return m_history->redoAction();
}

QString ViewBuilder::statusText() const
{
    return m_status->text();
}

void ViewBuilder::currentChanged()
{
    BufferSource *source = m_current->source();
    m_edit->setSource(source);
    for (QPushButton *button : std::as_const(m_stepButtons))
        button->setEnabled(source != nullptr);
}

void ViewBuilder::showCheck(const ExpressionCheck &check)
{
    const bool haveSource = m_current->source() != nullptr;
    m_create->setEnabled(check.ok && haveSource);
    if (!check.ok) {
        m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_status->setText(check.message);
    } else {
        m_status->setStyleSheet(QStringLiteral("color: #505050;"));
        m_status->setText(
            haveSource ? (m_edit->text().isEmpty() ? QString() : tr("→ %1").arg(check.summary))
                       : tr("Select a buffer to build a view of it."));
    }
}

Result<QModelIndex> ViewBuilder::createFromEdit()
{
    auto created = createView(m_edit->text());
    if (!created)
        m_edit->showError(created.error());
    else
        m_edit->clear(); // the new view is selected now; the text would be checked against it
    return created;
}

Result<QModelIndex> ViewBuilder::createView(const QString &expression)
{
    auto created = m_history->createView(m_current->index(), expression);
    if (!created)
        emit message(QString::fromStdString(created.error().message));
    else
        emit message(tr("Created view %1").arg(expression));
    return created;
}

void ViewBuilder::composeStep(StepDialog::Kind kind)
{
    BufferSource *source = m_current->source();
    if (!source)
        return;
    StepDialog dialog(kind, source->descriptor(), this);
    // A refusal keeps the dialog open with what was typed and the reason under it.
    while (dialog.exec() == QDialog::Accepted) {
        auto text = dialog.stepText();
        if (!text)
            continue;
        auto created = createView(*text);
        if (created)
            return;
        dialog.showError(QString::fromStdString(created.error().message));
    }
}

} // namespace bufferscope
