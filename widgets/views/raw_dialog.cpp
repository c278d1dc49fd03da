// SPDX-License-Identifier: GPL-3.0-or-later
// RawDialog: every change re-runs previewRaw (a parse and a read-only mapping, cheap) and
// shows its descriptor or its error beside the field.
#include "views/raw_dialog.h"

#include "descriptors/view_descriptor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace bufferscope {

namespace {

int slot(RawPreview::Field field)
{
    return static_cast<int>(field) - 1;
} // Format .. File

} // namespace

RawDialog::RawDialog(const QString &path, QWidget *parent)
    : QDialog(parent), m_path(path), m_order(new QComboBox), m_copyOnWrite(new QCheckBox),
      m_summary(new QLabel), m_text(new QPlainTextEdit),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Open raw file — %1").arg(QFileInfo(path).fileName()));
    static const char *names[] = {"formatError", "shapeError", "offsetError", "orderError",
                                  "fileError"};
    for (int i = 0; i < 5; ++i) {
        m_errors[i] = new QLabel;
        m_errors[i]->setObjectName(QLatin1String(names[i]));
        m_errors[i]->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_errors[i]->setWordWrap(true);
        m_errors[i]->setTextFormat(Qt::RichText);
        m_errors[i]->hide();
    }

    auto *form = new QFormLayout;
    auto *file = new QLabel(QFileInfo(path).absoluteFilePath());
    file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("File"), file);
    form->addRow(QString(), m_errors[slot(RawPreview::Field::File)]);
    const auto addField = [&](QWidget *input, const QString &label, RawPreview::Field field) {
        form->addRow(label, input);
        if (field != RawPreview::Field::None)
            form->addRow(QString(), m_errors[slot(field)]);
    };
    m_offset = new QLineEdit(QStringLiteral("0"));
    m_offset->setObjectName(QStringLiteral("offset"));
    m_offset->setPlaceholderText(tr("bytes to skip (a header)"));
    addField(m_offset, tr("Header offset"), RawPreview::Field::Offset);
    m_format = new QLineEdit(QStringLiteral("B"));
    m_format->setObjectName(QStringLiteral("format"));
    m_format->setPlaceholderText(tr("NumPy type or struct format, e.g. <f4, u1, >i2, T{<h:a:}"));
    addField(m_format, tr("Format"), RawPreview::Field::Format);
    m_shape = new QLineEdit;
    m_shape->setObjectName(QStringLiteral("shape"));
    m_shape->setPlaceholderText(tr("e.g. 32, 128, 128"));
    addField(m_shape, tr("Shape"), RawPreview::Field::Shape);
    m_fit = new QLabel;
    m_fit->setObjectName(QStringLiteral("rawFit"));
    m_fit->setWordWrap(true);
    m_fit->setTextFormat(Qt::RichText);
    connect(m_fit, &QLabel::linkActivated, this,
            [this](const QString &link) { useSuggestion(link.toInt()); });
    form->addRow(QString(), m_fit);
    m_order->setObjectName(QStringLiteral("order"));
    m_order->addItem(tr("C (row-major)"), QStringLiteral("C"));
    m_order->addItem(tr("Fortran (column-major)"), QStringLiteral("F"));
    addField(m_order, tr("Order"), RawPreview::Field::Order);
    m_copyOnWrite->setObjectName(QStringLiteral("copyOnWrite"));
    m_copyOnWrite->setText(tr("Writable private copy (writes never reach the file)"));
    addField(m_copyOnWrite, tr("Copy-on-write"), RawPreview::Field::None);

    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_text->setObjectName(QStringLiteral("preview"));
    m_text->setReadOnly(true);
    m_text->setFont(mono);
    m_text->setMinimumSize(460, 260);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    m_summary->setObjectName(QStringLiteral("previewSummary"));
    m_summary->setWordWrap(true);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    layout->addWidget(m_summary);
    layout->addWidget(new QLabel(tr("Descriptor")));
    layout->addWidget(m_text, 1);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *edit : {m_offset, m_format, m_shape})
        connect(edit, &QLineEdit::textChanged, this, &RawDialog::update);
    connect(m_order, &QComboBox::currentIndexChanged, this, &RawDialog::update);
    connect(m_copyOnWrite, &QCheckBox::toggled, this, &RawDialog::update);
    update();
}

QLabel *RawDialog::errorLabel(RawPreview::Field field) const
{
    const int index = slot(field);
    return index >= 0 && index < 5 ? m_errors[index] : nullptr;
}

QString RawDialog::fieldError(RawPreview::Field field) const
{
    QLabel *label = errorLabel(field);
    return label && label->isVisibleTo(this) ? label->toolTip() : QString();
}

QString RawDialog::previewText() const
{
    return m_text->toPlainText();
}

QString RawDialog::fitText() const
{
    return m_rawFit.text();
}

QStringList RawDialog::suggestedShapes() const
{
    QStringList shapes;
    for (const auto &shape : m_rawFit.shapes) {
        QStringList parts;
        for (std::int64_t n : shape)
            parts << QString::number(n);
        shapes << parts.join(QStringLiteral(", "));
    }
    return shapes;
}

void RawDialog::useSuggestion(int n)
{
    const QStringList shapes = suggestedShapes();
    if (n >= 0 && n < shapes.size())
        m_shape->setText(shapes[n]);
}

void RawDialog::update()
{
    m_rawFit = rawFit(m_path, m_format->text(), m_offset->text());
    QString fit = m_rawFit.text().toHtmlEscaped();
    const QStringList shapes = suggestedShapes();
    if (!shapes.isEmpty()) {
        fit += QStringLiteral("<br>") + tr("Shapes that fit:");
        for (int i = 0; i < shapes.size(); ++i)
            fit += QStringLiteral(" <a href=\"%1\">%2</a>")
                       .arg(i)
                       .arg(QString::fromStdString(tupleText(m_rawFit.shapes[std::size_t(i)])));
    }
    m_fit->setText(fit);
    m_preview = previewRaw(m_path, m_format->text(), m_shape->text(), m_offset->text(),
                           m_order->currentData().toString(), m_copyOnWrite->isChecked());
    for (QLabel *label : m_errors)
        label->hide();
    for (QLineEdit *edit : {m_offset, m_format, m_shape})
        edit->setStyleSheet(QString());
    m_buttons->button(QDialogButtonBox::Open)->setEnabled(m_preview.ok);
    if (m_preview.ok) {
        m_text->setPlainText(m_preview.json);
        m_summary->setText(m_preview.summary);
        return;
    }
    m_text->setPlainText(QString());
    m_summary->setText(QString());
    QLabel *label = errorLabel(m_preview.field);
    if (!label)
        return;
    QString text = m_preview.message.toHtmlEscaped();
    QLineEdit *edit = m_preview.field == RawPreview::Field::Format   ? m_format
                      : m_preview.field == RawPreview::Field::Shape  ? m_shape
                      : m_preview.field == RawPreview::Field::Offset ? m_offset
                                                                     : nullptr;
    if (edit) {
        edit->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #b00020; }"));
        // Repeat the field's text with the failing character highlighted.
        const QString field = edit->text();
        const int at = m_preview.position;
        if (at >= 0 && at <= field.size()) {
            const QString bad = at < field.size() ? field.mid(at, 1) : QStringLiteral("\u2423");
            text += QStringLiteral("<br><code>%1<span style=\"background:#b00020; "
                                   "color:white\">%2</span>%3</code>")
                        .arg(field.left(at).toHtmlEscaped(), bad.toHtmlEscaped(),
                             field.mid(at + 1).toHtmlEscaped());
        }
    }
    label->setText(text);
    label->setToolTip(m_preview.message);
    label->show();
}

} // namespace bufferscope
