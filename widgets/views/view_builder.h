// SPDX-License-Identifier: GPL-3.0-or-later
// The view builder under the buffer tree: an expression edit checked as it is typed, a
// "Create view" button, and one button per kind of step that composes the step in a small
// dialog. Every view it creates is a child of the current buffer, made through the shared
// BufferHistory, so Undo/Redo (undoAction(), redoAction()) can take it back.
#pragma once

#include "common/result.h"
#include "views/step_dialog.h"

#include <QWidget>

class QAction;
class QLabel;
class QPushButton;
class QUndoStack;

namespace bufferscope {

class BufferHistory;
class CurrentBuffer;
class ExpressionEdit;
struct ExpressionCheck;

class ViewBuilder : public QWidget
{
    Q_OBJECT

public:
    explicit ViewBuilder(CurrentBuffer *current, QWidget *parent = nullptr);

    QUndoStack *undoStack() const;
    // Undo/Redo for the Edit menu; refusals ("view has 1 exported buffer") become message().
    QAction *undoAction() const;
    QAction *redoAction() const;

    ExpressionEdit *expressionEdit() const { return m_edit; }
    // What the label under the edit says: the error, or the view the text would make.
    QString statusText() const;

    // Creates a child view of the current buffer from the edit's text; a refusal is shown
    // under the edit with the failing step marked, and the edit keeps its text.
    Result<QModelIndex> createFromEdit();
    // Creates a child view of the current buffer from `expression` (a dialog's step).
    Result<QModelIndex> createView(const QString &expression);
    // Opens the dialog of one kind of step for the current buffer; on OK creates the view,
    // or, refused, shows why in the dialog, which stays open with its inputs.
    void composeStep(StepDialog::Kind kind);

signals:
    void message(const QString &text);

private:
    void currentChanged();
    void showCheck(const ExpressionCheck &check);

    CurrentBuffer *m_current;
    BufferHistory *m_history;
    ExpressionEdit *m_edit;
    QPushButton *m_create;
    QLabel *m_status;
    QList<QPushButton *> m_stepButtons;
};

} // namespace bufferscope
