// SPDX-License-Identifier: GPL-3.0-or-later
// ExpressionEdit. QLineEdit has no API for formatting ranges of its text; an input method
// event carrying TextFormat attributes is the documented way to set them (it is how input
// methods draw their pre-edit underlines), so the mark is drawn by QLineEdit itself and
// scrolls with the text.
#include "views/expression_edit.h"

#include <QCoreApplication>
#include <QInputMethodEvent>
#include <QTextCharFormat>

namespace bufferscope {

ExpressionEdit::ExpressionEdit(QWidget *parent) : QLineEdit(parent)
{
    setPlaceholderText(tr("[1:3, ::-1].T['a']"));
    setClearButtonEnabled(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    setFont(mono);
    connect(this, &QLineEdit::textChanged, this, &ExpressionEdit::recheck);
}

void ExpressionEdit::setSource(const BufferSource *source)
{
    m_source = source;
    recheck();
}

void ExpressionEdit::showError(const Error &error)
{
    apply(describeError(text(), error));
}

void ExpressionEdit::recheck()
{
    apply(checkExpression(text(), m_source));
}

void ExpressionEdit::apply(const ExpressionCheck &check)
{
    m_check = check;
    setToolTip(check.ok ? check.summary : check.message);
    underline(check.ok ? -1 : check.position, check.length);
    emit checked(m_check);
}

void ExpressionEdit::underline(int position, int length)
{
    QList<QInputMethodEvent::Attribute> attributes;
    if (position >= 0 && length > 0) {
        QTextCharFormat format;
        format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        format.setUnderlineColor(Qt::red);
        format.setForeground(QColor(0xb0, 0x00, 0x20));
        // TextFormat starts are relative to the cursor position.
        attributes << QInputMethodEvent::Attribute(QInputMethodEvent::TextFormat,
                                                   position - cursorPosition(), length, format);
    }
    QInputMethodEvent event(QString(), attributes);
    QCoreApplication::sendEvent(this, &event);
}

} // namespace bufferscope
