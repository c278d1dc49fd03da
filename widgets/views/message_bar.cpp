// SPDX-License-Identifier: GPL-3.0-or-later
// MessageBar: a rich-text label whose links are row numbers into m_links.
#include "views/message_bar.h"

#include "models/buffer_tree_model.h"

#include <QAbstractItemModel>
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

void MessageBar::showRefusal(const QString &text, const QList<QPersistentModelIndex> &links,
                             const QPersistentModelIndex &subject)
{
    m_links = links;
    m_subject = subject;
    m_hadSubject = subject.isValid();
    m_exportsAtRefusal =
        subject.isValid()
            ? subject.sibling(subject.row(), 0).data(BufferTreeModel::ExportsRole).toInt()
            : 0;
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
    showText(Kind::Refusal, html, plain);
}

void MessageBar::showProblems(const QString &heading, const QStringList &lines)
{
    m_links.clear();
    m_subject = QPersistentModelIndex();
    m_hadSubject = false;
    QString html = "<b>" + heading.toHtmlEscaped() + "</b>";
    for (const QString &line : lines)
        html += "<br>" + line.toHtmlEscaped();
    showText(Kind::Problems, html, (QStringList{heading} + lines).join('\n'));
}

void MessageBar::showNotice(const QString &text)
{
    m_links.clear();
    m_subject = QPersistentModelIndex();
    m_hadSubject = false;
    showText(Kind::Notice, text.toHtmlEscaped(), text);
}

void MessageBar::showText(Kind kind, const QString &html, const QString &plain)
{
    // Refusals and problems in a pale red band, notices in a pale blue one: seen at a glance,
    // readable in light and dark themes alike.
    const bool bad = kind != Kind::Notice;
    setStyleSheet(QStringLiteral("#messageBar { background: %1; border: 1px solid %2; "
                                 "border-radius: 3px; } #messageBar QLabel { color: %3; }")
                      .arg(bad ? "#fde7e9" : "#e6f0fb", bad ? "#d9a0a6" : "#9bb8d9",
                           bad ? "#5c0011" : "#0b2e55"));
    m_kind = kind;
    m_plain = plain;
    m_label->setText(html);
    m_label->setToolTip(plain);
    show();
}

void MessageBar::dismiss()
{
    m_plain.clear();
    m_links.clear();
    m_subject = QPersistentModelIndex();
    m_hadSubject = false;
    m_kind = Kind::None;
    hide();
}

bool MessageBar::refusalStale() const
{
    if (m_kind != Kind::Refusal)
        return false;
    if (m_hadSubject && !m_subject.isValid())
        return true;
    for (const QPersistentModelIndex &link : m_links)
        if (!link.isValid())
            return true;
    return false;
}

void MessageBar::watch(const QAbstractItemModel *model)
{
    const auto check = [this] {
        if (refusalStale())
            dismiss();
    };
    connect(model, &QAbstractItemModel::rowsRemoved, this, check);
    connect(model, &QAbstractItemModel::modelReset, this, &MessageBar::dismiss);
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent) {
        // A new view under the refused row: the list of holders is no longer complete.
        if (m_kind == Kind::Refusal && m_subject.isValid() &&
            parent == m_subject.sibling(m_subject.row(), 0))
            dismiss();
    });
    connect(
        model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
               const QList<int> &roles) {
            if (m_kind != Kind::Refusal || !m_subject.isValid() ||
                topLeft.parent() != m_subject.parent() || topLeft.row() > m_subject.row() ||
                m_subject.row() > bottomRight.row())
                return;
            if (!roles.contains(BufferTreeModel::ExportsRole)) {
                dismiss(); // shape, format or bytes changed
                return;
            }
            // Exports held by no row (a render, a Python consumer) were the whole
            // refusal: once fewer are held, its count is out of date.
            const int exports =
                m_subject.sibling(m_subject.row(), 0).data(BufferTreeModel::ExportsRole).toInt();
            if (m_links.isEmpty() && exports < m_exportsAtRefusal)
                dismiss();
        });
}

void MessageBar::noteAction()
{
    if (m_kind != Kind::None)
        dismiss();
}

void MessageBar::noteSelection(const QModelIndex &index)
{
    if (m_kind != Kind::Refusal)
        return;
    const QModelIndex row = index.siblingAtColumn(0);
    if (row == m_subject.sibling(m_subject.row(), 0))
        return;
    for (const QPersistentModelIndex &link : std::as_const(m_links))
        if (row == link.sibling(link.row(), 0))
            return;
    dismiss();
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
