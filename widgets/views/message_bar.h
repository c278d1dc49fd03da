// SPDX-License-Identifier: GPL-3.0-or-later
// A message shown in the window (not only in the status bar) until it is dismissed or
// replaced: a refusal with links to the rows that cause it ("npy file has 2 exported
// buffers: [::2, 10:500], .T", each holder a link that selects it), or a list of problems
// (every file that could not be opened, one a line).
#pragma once

#include <QFrame>
#include <QList>
#include <QPersistentModelIndex>

class QLabel;
class QToolButton;

namespace bufferscope {

class MessageBar : public QFrame
{
    Q_OBJECT

public:
    explicit MessageBar(QWidget *parent = nullptr);

    // `text`, then ": " and each link's name joined by ", " when there are links.
    void showRefusal(const QString &text, const QList<QPersistentModelIndex> &links);
    // A heading and one line per problem.
    void showProblems(const QString &heading, const QStringList &lines);
    void dismiss();

    // What the bar says, as plain text (the links' names included).
    QString text() const;
    // The rows the links select, in the order shown.
    QList<QPersistentModelIndex> links() const { return m_links; }
    // Does what clicking the n-th link does.
    void activateLink(int n);

signals:
    void linkActivated(const QModelIndex &index);

private:
    void showText(const QString &html, const QString &plain);

    QLabel *m_label;
    QToolButton *m_close;
    QString m_plain;
    QList<QPersistentModelIndex> m_links;
};

} // namespace bufferscope
