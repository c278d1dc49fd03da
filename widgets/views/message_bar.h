// SPDX-License-Identifier: GPL-3.0-or-later
// A message shown in the window (not only in the status bar) while it is true: a refusal
// with links to the rows that cause it ("npy file has 2 exported buffers: [::2, 10:500], .T",
// each holder a link that selects it), a list of problems (every file that could not be
// opened, one a line), or a notice of work done in the background ("Wrote /tmp/a.png").
// It goes when dismissed, replaced, when the user acts (noteAction, a selection elsewhere)
// or, for a refusal, when the tree shows that what it says has changed (watch).
#pragma once

#include <QFrame>
#include <QList>
#include <QPersistentModelIndex>

class QAbstractItemModel;
class QLabel;
class QToolButton;

namespace bufferscope {

class MessageBar : public QFrame
{
    Q_OBJECT

public:
    explicit MessageBar(QWidget *parent = nullptr);

    enum class Kind { None, Refusal, Problems, Notice };

    // `text`, then ": " and each link's name joined by ", " when there are links. `subject`
    // is the row the refused action was on (the bar watches it, see watch()).
    void showRefusal(const QString &text, const QList<QPersistentModelIndex> &links,
                     const QPersistentModelIndex &subject = {});
    // A heading and one line per problem.
    void showProblems(const QString &heading, const QStringList &lines);
    // Work finished in the background, said in a neutral colour.
    void showNotice(const QString &text);
    void dismiss();
    Kind kind() const { return m_kind; }

    // Clears a shown refusal when `model` (the buffer tree) says it is no longer true: a
    // linked holder or the subject removed, a view added under the subject, the subject's
    // buffer changed (shape, format or bytes), or, for a refusal no row caused (a render or
    // a Python consumer held the exports), fewer exports held. Other export count changes
    // do not clear it: every render changes them for a moment.
    void watch(const QAbstractItemModel *model);
    // The user did something else (a controller reports an outcome): what the bar says
    // belongs to the past. Call before showing that outcome's own refusal.
    void noteAction();
    // The user selected `index`: a refusal stays while the user follows it (the subject or
    // one of its links), and goes when another row is selected.
    void noteSelection(const QModelIndex &index);

    // What the bar says, as plain text (the links' names included).
    QString text() const;
    // The rows the links select, in the order shown.
    QList<QPersistentModelIndex> links() const { return m_links; }
    // Does what clicking the n-th link does.
    void activateLink(int n);

signals:
    void linkActivated(const QModelIndex &index);

private:
    void showText(Kind kind, const QString &html, const QString &plain);
    bool refusalStale() const;

    QLabel *m_label;
    QToolButton *m_close;
    QString m_plain;
    QList<QPersistentModelIndex> m_links;
    QPersistentModelIndex m_subject;
    bool m_hadSubject = false; // the refusal named a row (which may be gone since)
    int m_exportsAtRefusal = 0; // the subject's export count when refused
    Kind m_kind = Kind::None;
};

} // namespace bufferscope
