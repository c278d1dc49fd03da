// SPDX-License-Identifier: GPL-3.0-or-later
// MessageBar: a rich-text label whose links are row numbers into m_links.
#include "views/message_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace bufferscope {

MessageBar::MessageBar(QWidget *parent)
    : QFrame(parent), m_label(new QLabel), m_close(new QToolButton)
{
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::StyledPanel);
    // A pale red band: seen at a glance, readable in light and dark themes alike.
    setStyleSheet(QStringLiteral("#messageBar { background: #fde7e9; border: 1px solid #d9a0a6; "
                                 "border-radius: 3px; } #messageBar QLabel { color: #5c0011; }"));
    m_label->setObjectName(QStringLiteral("messageText"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_close->setObjectName(QStringLiteral("messageClose"));
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Dismiss"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 3, 3, 3);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &MessageBar::dismiss);
    connect(m_label, &QLabel::linkActivated, this,
            [this](const QString &link) { activateLink(link.toInt()); });
    hide();
}

void MessageBar::showRefusal(const QString &text, const QList<QPersistentModelIndex> &links)
{
    m_links = links;
    QString html = text.toHtmlEscaped();
    QString plain = text;
    for (int i = 0; i < links.size(); ++i) {
        const QString name = links[i].data().toString();
        const char *separator = i == 0 ? ": " : ", ";
        html += QLatin1String(separator) +
                QStringLiteral("<a href=\"%1\">%2</a>").arg(i).arg(name.toHtmlEscaped());
        plain += QLatin1String(separator) + name;
    }
    if (!links.isEmpty())
        html += tr(" <i>(click one to select it)</i>");
    showText(html, plain);
}

void MessageBar::showProblems(const QString &heading, const QStringList &lines)
{
    m_links.clear();
    QString html = "<b>" + heading.toHtmlEscaped() + "</b>";
    for (const QString &line : lines)
        html += "<br>" + line.toHtmlEscaped();
    showText(html, (QStringList{heading} + lines).join('\n'));
}

void MessageBar::showText(const QString &html, const QString &plain)
{
    m_plain = plain;
    m_label->setText(html);
    m_label->setToolTip(plain);
    show();
}

void MessageBar::dismiss()
{
    m_plain.clear();
    m_links.clear();
    hide();
}

QString MessageBar::text() const
{
    return m_plain;
}

void MessageBar::activateLink(int n)
{
    if (n >= 0 && n < m_links.size() && m_links[n].isValid())
        emit linkActivated(m_links[n]);
}

} // namespace bufferscope
