// SPDX-License-Identifier: GPL-3.0-or-later
// A small dialog that composes one view-expression step for the current buffer (slice or
// index along an axis, transpose, swap axes, reshape, cast, view as, select a field) and
// prints it canonically with printStep, so the text is exactly what the parser reads back.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace bufferscope {

class StepDialog : public QDialog
{
    Q_OBJECT

public:
    enum Kind { Slice, Index, Transpose, SwapAxes, Reshape, Cast, ViewAs, Field };

    // Inputs (objectName): Slice "axis", "start", "stop", "step"; Index "axis", "index";
    // Transpose "axes" ("" reverses: .T); SwapAxes "axis1", "axis2"; Reshape "shape";
    // Cast "format", "shape" (optional); ViewAs "format"; Field "field" (combo).
    StepDialog(Kind kind, const Descriptor &descriptor, QWidget *parent = nullptr);

    Kind kind() const { return m_kind; }
    // The composed step, or what is wrong with the inputs ("slice: stop must be an
    // integer: 'x'").
    Result<QString> stepText() const;
    QString errorText() const;
    // Shows a refusal that came later (creating the view) under the inputs, which stay.
    void showError(const QString &message);

private:
    QLineEdit *addLine(const QString &name, const QString &label, const QString &placeholder);
    QSpinBox *addAxis(const QString &name, const QString &label);
    void update();

    Kind m_kind;
    Descriptor m_descriptor;
    QFormLayout *m_form;
    QLabel *m_preview;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace bufferscope
