// SPDX-License-Identifier: GPL-3.0-or-later
// A line edit for view expressions that checks the text as it is typed and marks the failing
// characters with a red wavy underline, the core's message as its tooltip.
#pragma once

#include "models/expression_validator.h"

#include <QLineEdit>

namespace bufferscope {

class BufferSource;

class ExpressionEdit : public QLineEdit
{
    Q_OBJECT

public:
    explicit ExpressionEdit(QWidget *parent = nullptr);

    // The buffer steps are tried on (nullptr: syntax only). Re-checks the text.
    void setSource(const BufferSource *source);
    // Shows an error found elsewhere (View::create refusing) on the current text.
    void showError(const Error &error);

    const ExpressionCheck &check() const { return m_check; }
    bool hasError() const { return !m_check.ok; }
    int errorPosition() const { return m_check.position; }
    int errorLength() const { return m_check.length; }
    QString errorMessage() const { return m_check.message; }

signals:
    void checked(const bufferscope::ExpressionCheck &check);

private:
    void recheck();
    void apply(const ExpressionCheck &check);
    void underline(int position, int length);

    const BufferSource *m_source = nullptr;
    ExpressionCheck m_check;
};

} // namespace bufferscope
