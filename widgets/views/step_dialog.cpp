// SPDX-License-Identifier: GPL-3.0-or-later
// StepDialog: turns its inputs into a core Step and prints it; every change also applies the
// step to the buffer's descriptor, so the core's refusal shows under the inputs while they
// are still there to correct (the dialog never closes on an input it would refuse).
#include "views/step_dialog.h"

#include "format/numpy_typestr.h"
#include "format/parser.h"
#include "views/expression.h"
#include "views/steps.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace bufferscope {

namespace {

Error inputError(const QString &operation, const QString &what, const QString &text)
{
    return makeError(ErrorCategory::Value,
                     QStringLiteral("%1: %2: '%3'").arg(operation, what, text).toStdString());
}

// "" gives nullopt (the part is omitted); otherwise a whole decimal integer.
Result<std::optional<Index>> optionalInteger(const QString &operation, const QString &name,
                                             const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return std::optional<Index>();
    bool ok = false;
    const qlonglong value = trimmed.toLongLong(&ok);
    if (!ok)
        return inputError(operation, name + QStringLiteral(" must be an integer"), text);
    return std::optional<Index>(value);
}

// "2, 3", "(2, 3)", "[2, 3]", "6," and "()" (0-d).
Result<std::vector<std::int64_t>> integerList(const QString &operation, const QString &text)
{
    QString inner = text.trimmed();
    if (inner.size() >= 2 && ((inner.startsWith('(') && inner.endsWith(')')) ||
                              (inner.startsWith('[') && inner.endsWith(']'))))
        inner = inner.mid(1, inner.size() - 2);
    QStringList parts = inner.split(',');
    if (!parts.isEmpty() && parts.last().trimmed().isEmpty())
        parts.removeLast(); // "6," and ""
    std::vector<std::int64_t> values;
    for (int i = 0; i < parts.size(); ++i) {
        bool ok = false;
        const qlonglong value = parts[i].trimmed().toLongLong(&ok);
        if (!ok)
            return inputError(operation, QStringLiteral("entry %1 is not an integer").arg(i),
                              parts[i].trimmed());
        values.push_back(value);
    }
    return values;
}

std::vector<IndexItem> fullSlices(int count)
{
    std::vector<IndexItem> items(static_cast<std::size_t>(std::max(0, count)));
    for (IndexItem &item : items)
        item.kind = IndexItem::Kind::Slice;
    return items;
}

} // namespace

StepDialog::StepDialog(Kind kind, const Descriptor &descriptor, QWidget *parent)
    : QDialog(parent), m_kind(kind), m_descriptor(descriptor), m_form(new QFormLayout),
      m_preview(new QLabel), m_error(new QLabel),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    static const char *titles[] = {"Slice along an axis",
                                   "Index along an axis",
                                   "Transpose",
                                   "Swap axes",
                                   "Reshape",
                                   "Cast",
                                   "View as",
                                   "Select field"};
    setWindowTitle(tr(titles[kind]));
    m_preview->setObjectName(QStringLiteral("stepPreview"));
    m_error->setObjectName(QStringLiteral("stepError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setWordWrap(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_preview->setFont(mono);

    switch (kind) {
    case Slice:
        addAxis(QStringLiteral("axis"), tr("Axis"));
        addLine(QStringLiteral("start"), tr("Start"), tr("(from the first)"));
        addLine(QStringLiteral("stop"), tr("Stop"), tr("(to the end)"));
        addLine(QStringLiteral("step"), tr("Step"), tr("1"));
        break;
    case Index:
        addAxis(QStringLiteral("axis"), tr("Axis"));
        addLine(QStringLiteral("index"), tr("Index"), tr("0; negative counts from the end"))
            ->setText(QStringLiteral("0"));
        break;
    case Transpose:
        addLine(QStringLiteral("axes"), tr("Axes"), tr("e.g. 2, 0, 1 (empty reverses)"));
        break;
    case SwapAxes:
        addAxis(QStringLiteral("axis1"), tr("First axis"));
        addAxis(QStringLiteral("axis2"), tr("Second axis"))
            ->setValue(std::min(1, std::max(0, descriptor.ndim() - 1)));
        break;
    case Reshape:
        addLine(QStringLiteral("shape"), tr("Shape"), tr("e.g. 4, -1"));
        break;
    case Cast:
        addLine(QStringLiteral("format"), tr("Format"),
                tr("native single character (memoryview.cast), e.g. B, h, f"));
        addLine(QStringLiteral("shape"), tr("Shape"), tr("(optional) e.g. 2, 3"));
        break;
    case ViewAs:
        addLine(QStringLiteral("format"), tr("Format"), tr("e.g. <i2, u1, float32, T{<h:a:B:b:}"));
        break;
    case Field: {
        auto *fields = new QComboBox;
        fields->setObjectName(QStringLiteral("field"));
        if (auto layout = parseFormat(descriptor.format); layout && layout->root.isStruct) {
            for (const format::Field &field : layout->root.fields)
                fields->addItem(QString::fromStdString(field.name));
        }
        connect(fields, &QComboBox::currentIndexChanged, this, &StepDialog::update);
        m_form->addRow(tr("Field"), fields);
        break;
    }
    }
    m_form->addRow(tr("Expression"), m_preview);
    setMinimumWidth(300);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create view"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    update();
}

QLineEdit *StepDialog::addLine(const QString &name, const QString &label,
                               const QString &placeholder)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    connect(edit, &QLineEdit::textChanged, this, &StepDialog::update);
    m_form->addRow(label, edit);
    return edit;
}

QSpinBox *StepDialog::addAxis(const QString &name, const QString &label)
{
    auto *axis = new QSpinBox;
    axis->setObjectName(name);
    // Negative axes count from the end, as NumPy's do; the core checks the range.
    axis->setRange(-std::max(1, m_descriptor.ndim()), std::max(0, m_descriptor.ndim() - 1));
    axis->setValue(0);
    connect(axis, &QSpinBox::valueChanged, this, &StepDialog::update);
    m_form->addRow(label, axis);
    return axis;
}

// The core's answer for the composed step on this buffer: its refusal, word for word.
static Status checkOn(const Descriptor &descriptor, const QString &text)
{
    auto steps = parseExpression(text.toStdString());
    if (!steps)
        return steps.error();
    // Step by step, so the message is the core's own, without the expression's prefix.
    Descriptor current = descriptor;
    for (const Step &step : *steps) {
        auto applied = applyStep(current, step);
        if (!applied)
            return applied.error();
        current = std::move(*applied);
    }
    return {};
}

void StepDialog::update()
{
    auto text = stepText();
    const Status checked = text ? checkOn(m_descriptor, *text) : Status(text.error());
    m_preview->setText(text ? *text : QString());
    m_error->setText(checked ? QString() : QString::fromStdString(checked.error().message));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(checked.ok());
}

void StepDialog::showError(const QString &message)
{
    m_error->setText(message);
}

QString StepDialog::errorText() const
{
    return m_error->text();
}

Result<QString> StepDialog::stepText() const
{
    const auto line = [this](const char *name) {
        auto *edit = findChild<QLineEdit *>(QLatin1String(name));
        return edit ? edit->text() : QString();
    };
    const auto axis = [this](const char *name) {
        auto *spin = findChild<QSpinBox *>(QLatin1String(name));
        return spin ? spin->value() : 0;
    };
    // A negative axis names the same dimension as ndim + axis.
    const auto position = [this](int value) {
        return value < 0 ? value + m_descriptor.ndim() : value;
    };

    Step step;
    switch (m_kind) {
    case Slice: {
        const QString op = QStringLiteral("slice");
        auto start = optionalInteger(op, QStringLiteral("start"), line("start"));
        auto stop = optionalInteger(op, QStringLiteral("stop"), line("stop"));
        auto stride = optionalInteger(op, QStringLiteral("step"), line("step"));
        for (const auto *part : {&start, &stop, &stride}) {
            if (!*part)
                return part->error();
        }
        step.indices = fullSlices(position(axis("axis")));
        step.indices.push_back(
            {IndexItem::Kind::Slice, 0, start.value(), stop.value(), stride.value()});
        break;
    }
    case Index: {
        auto index =
            optionalInteger(QStringLiteral("index"), QStringLiteral("index"), line("index"));
        if (!index)
            return index.error();
        if (!*index)
            return inputError(QStringLiteral("index"), QStringLiteral("index must be an integer"),
                              line("index"));
        step.indices = fullSlices(position(axis("axis")));
        step.indices.push_back({IndexItem::Kind::Integer, **index, {}, {}, {}});
        break;
    }
    case Transpose: {
        if (line("axes").trimmed().isEmpty()) {
            step.kind = StepKind::T;
            break;
        }
        auto axes = integerList(QStringLiteral("transpose"), line("axes"));
        if (!axes)
            return axes.error();
        step.kind = StepKind::Transpose;
        step.axes = *axes;
        break;
    }
    case SwapAxes:
        step.kind = StepKind::SwapAxes;
        step.axes = {axis("axis1"), axis("axis2")};
        break;
    case Reshape: {
        auto shape = integerList(QStringLiteral("reshape"), line("shape"));
        if (!shape)
            return shape.error();
        step.kind = StepKind::Reshape;
        step.axes = *shape;
        break;
    }
    case Cast:
    case ViewAs: {
        const std::string format = line("format").trimmed().toStdString();
        // View as takes NumPy's type strings too ('<i2'); cast stays memoryview's.
        auto type = m_kind == ViewAs ? formatFromTypeText(format) : Result<std::string>(format);
        if (!type)
            return type.error();
        if (auto parsed = parseFormat(*type); !parsed)
            return parsed.error();
        if (format.find('\'') != std::string::npos && format.find('"') != std::string::npos)
            return inputError(QStringLiteral("cast"),
                              QStringLiteral("a format cannot hold both quote kinds"),
                              line("format"));
        step.kind = m_kind == Cast ? StepKind::Cast : StepKind::View;
        step.text = format;
        if (m_kind == Cast && !line("shape").trimmed().isEmpty()) {
            auto shape = integerList(QStringLiteral("cast"), line("shape"));
            if (!shape)
                return shape.error();
            step.shape = *shape;
        }
        break;
    }
    case Field: {
        auto *fields = findChild<QComboBox *>(QStringLiteral("field"));
        if (!fields || fields->currentIndex() < 0)
            return makeError(ErrorCategory::Format,
                             "field: the format '" + m_descriptor.format + "' has no fields");
        step.kind = StepKind::Field;
        step.text = fields->currentText().toStdString();
        break;
    }
    }
    return QString::fromStdString(printStep(step));
}

} // namespace bufferscope
