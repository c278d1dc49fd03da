// SPDX-License-Identifier: GPL-3.0-or-later
// MemoryDialog: the shape text is read by the raw-options parser (one grammar for shapes
// everywhere); the sizes shown are the created buffer's own.
#include "views/memory_dialog.h"

#include "buffer/layout.h"
#include "descriptors/view_descriptor.h"
#include "exporters/raw/raw_options.h"
#include "format/numpy_typestr.h"
#include "format/parser.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace bufferscope {

MemoryDialog::MemoryDialog(QWidget *parent)
    : QDialog(parent), m_format(new QLineEdit(QStringLiteral("<f4"))),
      m_shape(new QLineEdit(QStringLiteral("64, 64"))), m_summary(new QLabel),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("New memory buffer"));
    m_format->setObjectName(QStringLiteral("format"));
    m_shape->setObjectName(QStringLiteral("shape"));
    m_summary->setObjectName(QStringLiteral("memorySummary"));
    m_summary->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Shape"), m_shape);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_format, &QLineEdit::textChanged, this, &MemoryDialog::update);
    connect(m_shape, &QLineEdit::textChanged, this, &MemoryDialog::update);
    update();
}

QString MemoryDialog::summary() const
{
    return m_summary->text();
}

// The typed type, NumPy's way ('<f4', 'float32') or struct's ('f'), as a PEP 3118 format.
static Result<RawOptions> memoryOptions(const QString &type, const QString &shape)
{
    auto format = formatFromTypeText(type.toStdString());
    if (!format)
        return format.error();
    return parseRawOptions(*format, shape.toStdString(), "", "");
}

Result<std::unique_ptr<MemoryExporter>> MemoryDialog::create() const
{
    auto options = memoryOptions(m_format->text(), m_shape->text());
    if (!options)
        return options.error();
    return MemoryExporter::create(options->format, options->shape);
}

// The layout the buffer would get, computed without allocating it (the user may be typing
// a huge shape on the way to a small one).
static Result<Descriptor> plannedLayout(const QString &format, const QString &shape)
{
    auto options = memoryOptions(format, shape);
    if (!options)
        return options.error();
    auto parsed = parseFormat(options->format);
    if (!parsed)
        return parsed.error();
    return makeContiguous(nullptr, options->format, parsed->itemsize(), options->shape, Order::C,
                          false);
}

void MemoryDialog::update()
{
    auto layout = plannedLayout(m_format->text(), m_shape->text());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(layout.ok());
    m_summary->setStyleSheet(layout ? QString() : QStringLiteral("color: #b00020;"));
    if (!layout) {
        m_summary->setText(QString::fromStdString(layout.error().message));
        return;
    }
    const Descriptor &d = *layout;
    m_summary->setText(tr("shape %1, itemsize %2, %3 bytes")
                           .arg(QString::fromStdString(tupleText(d.shape)))
                           .arg(d.itemsize)
                           .arg(d.len));
}

} // namespace bufferscope
