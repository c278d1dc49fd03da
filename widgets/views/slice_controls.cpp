// SPDX-License-Identifier: GPL-3.0-or-later
// The plane picker: field, complex part, image mode, displayed axes and index sliders.
#include "views/slice_controls.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace bufferscope {

SliceControls::SliceControls(QWidget *parent)
    : QWidget(parent), m_field(new QComboBox), m_complex(new QComboBox),
      m_image(new QCheckBox(tr("Image"))), m_channel(new QComboBox), m_rowAxis(new QComboBox),
      m_columnAxis(new QComboBox), m_sliderArea(new QWidget),
      m_sliderLayout(new QGridLayout(m_sliderArea)), m_sliderScroll(new QScrollArea)
{
    m_field->setObjectName(QStringLiteral("fieldCombo"));
    m_field->setToolTip(tr("The numeric field of the records to show"));
    m_complex->setObjectName(QStringLiteral("complexCombo"));
    m_complex->addItem(tr("magnitude"), int(render::ComplexPart::Magnitude));
    m_complex->addItem(tr("phase"), int(render::ComplexPart::Phase));
    m_complex->addItem(tr("real"), int(render::ComplexPart::Real));
    m_complex->addItem(tr("imaginary"), int(render::ComplexPart::Imaginary));
    m_image->setObjectName(QStringLiteral("imageCheck"));
    m_image->setToolTip(tr("Show uint8 data as a gray, RGB or RGBA image"));
    m_channel->setObjectName(QStringLiteral("channelCombo"));
    m_channel->setToolTip(tr("The axis holding the colour channels"));
    m_rowAxis->setObjectName(QStringLiteral("rowAxisCombo"));
    m_columnAxis->setObjectName(QStringLiteral("columnAxisCombo"));
    // As wide as the longest entry ("sensor.gain", "axis 2 (4096)"): nothing is cut.
    for (QComboBox *combo : {m_field, m_complex, m_channel, m_rowAxis, m_columnAxis})
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sliderLayout->setContentsMargins(0, 0, 0, 0);
    m_sliderLayout->setColumnStretch(1, 1);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    auto labelled = [top](const QString &text, QWidget *widget) -> QWidget * {
        auto *label = new QLabel(text);
        label->setBuddy(widget);
        top->addWidget(label);
        top->addWidget(widget);
        return label;
    };
    m_labels.push_back({labelled(tr("Field"), m_field), m_field});
    m_labels.push_back({labelled(tr("Part"), m_complex), m_complex});
    top->addWidget(m_image);
    top->addWidget(m_channel);
    m_labels.push_back({labelled(tr("Rows"), m_rowAxis), m_rowAxis});
    m_labels.push_back({labelled(tr("Columns"), m_columnAxis), m_columnAxis});
    top->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    // Many axes (up to 64) scroll inside a few rows' height: a slider each made the window
    // taller than the screen.
    m_sliderScroll->setObjectName(QStringLiteral("sliderScroll"));
    m_sliderScroll->setWidget(m_sliderArea);
    m_sliderScroll->setWidgetResizable(true);
    m_sliderScroll->setFrameShape(QFrame::NoFrame);
    m_sliderScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_sliderScroll);

    connect(m_field, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updating)
            emit fieldChanged();
    });
    connect(m_complex, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updating)
            emit selectionChanged();
    });
    auto imageChanged = [this] {
        if (m_updating)
            return;
        chooseDefaultAxes();
        rebuildAxes();
        emit selectionChanged();
    };
    connect(m_image, &QCheckBox::toggled, this, imageChanged);
    connect(m_channel, &QComboBox::currentIndexChanged, this, imageChanged);
    connect(m_rowAxis, &QComboBox::currentIndexChanged, this, [this] { onAxisChosen(true); });
    connect(m_columnAxis, &QComboBox::currentIndexChanged, this, [this] { onAxisChosen(false); });
    setShape({}, false, {}, -1);
    setFields({});
}

void SliceControls::showWithLabel(QWidget *widget, bool visible)
{
    widget->setVisible(visible);
    for (auto &[label, owner] : m_labels) {
        if (owner == widget)
            label->setVisible(visible);
    }
}

void SliceControls::setFields(const std::vector<NumericField> &fields)
{
    bool same = fields.size() == m_fields.size();
    for (std::size_t i = 0; same && i < fields.size(); ++i)
        same = fields[i].expression == m_fields[i].expression;
    showWithLabel(m_field, !fields.empty());
    if (same)
        return;
    m_updating = true;
    m_fields = fields;
    m_field->clear();
    for (const NumericField &field : fields)
        m_field->addItem(QString::fromStdString(field.label));
    m_updating = false;
}

std::string SliceControls::fieldExpression() const
{
    const int index = m_field->currentIndex();
    if (index < 0 || index >= static_cast<int>(m_fields.size()))
        return {};
    return m_fields[static_cast<std::size_t>(index)].expression;
}

void SliceControls::setShape(const std::vector<std::int64_t> &shape, bool complex,
                             const std::vector<int> &channelAxes, int defaultChannelAxis)
{
    const bool sameShape = shape == m_shape && channelAxes == m_channelAxes;
    showWithLabel(m_complex, complex);
    m_image->setVisible(!channelAxes.empty());
    m_channel->setVisible(!channelAxes.empty());
    if (sameShape)
        return;
    m_updating = true;
    m_shape = shape;
    m_channelAxes = channelAxes;
    m_fixed.assign(shape.size(), 0);
    m_channel->clear();
    for (int axis : channelAxes)
        m_channel->addItem(tr("channels: axis %1").arg(axis), axis);
    const int channelIndex = m_channel->findData(defaultChannelAxis);
    m_channel->setCurrentIndex(std::max(channelIndex, 0));
    m_image->setChecked(defaultChannelAxis >= 0);
    m_updating = false;
    chooseDefaultAxes();
    rebuildAxes();
}

bool SliceControls::imageMode() const
{
    return m_image->isChecked() && !m_channelAxes.empty();
}

int SliceControls::channelAxis() const
{
    return imageMode() ? m_channel->currentData().toInt() : -1;
}

// Axes that can be displayed: all but the channel axis in image mode.
std::vector<int> SliceControls::displayableAxes() const
{
    std::vector<int> axes;
    const int channel = channelAxis();
    for (int axis = 0; axis < static_cast<int>(m_shape.size()); ++axis) {
        if (axis != channel)
            axes.push_back(axis);
    }
    return axes;
}

void SliceControls::chooseDefaultAxes()
{
    const auto axes = displayableAxes();
    m_rowAxisValue = axes.size() >= 2 ? axes[axes.size() - 2] : -1;
    m_columnAxisValue = axes.empty() ? -1 : axes.back();
}

void SliceControls::rebuildAxes()
{
    const auto axes = displayableAxes();
    m_updating = true;
    for (QComboBox *combo : {m_rowAxis, m_columnAxis}) {
        combo->clear();
        for (int axis : axes)
            combo->addItem(
                tr("axis %1 (%2)").arg(axis).arg(m_shape[static_cast<std::size_t>(axis)]), axis);
    }
    m_rowAxis->setCurrentIndex(m_rowAxis->findData(m_rowAxisValue));
    m_columnAxis->setCurrentIndex(m_columnAxis->findData(m_columnAxisValue));
    m_updating = false;
    showWithLabel(m_rowAxis, axes.size() >= 2);
    showWithLabel(m_columnAxis, axes.size() >= 2);
    rebuildSliders();
}

void SliceControls::onAxisChosen(bool rowChanged)
{
    if (m_updating)
        return;
    const int row = m_rowAxis->currentData().toInt();
    const int column = m_columnAxis->currentData().toInt();
    // Picking the axis the other combo shows swaps the two.
    if (row == column) {
        if (rowChanged)
            m_columnAxisValue = m_rowAxisValue;
        else
            m_rowAxisValue = m_columnAxisValue;
    }
    if (rowChanged)
        m_rowAxisValue = row;
    else
        m_columnAxisValue = column;
    rebuildAxes();
    emit selectionChanged();
}

void SliceControls::setDisplayedAxes(int rowAxis, int columnAxis)
{
    m_rowAxisValue = rowAxis;
    m_columnAxisValue = columnAxis;
    rebuildAxes();
    emit selectionChanged();
}

void SliceControls::setIndex(int axis, std::int64_t index)
{
    if (axis < 0 || axis >= static_cast<int>(m_sliders.size()) ||
        !m_sliders[static_cast<std::size_t>(axis)])
        return;
    m_sliders[static_cast<std::size_t>(axis)]->setValue(static_cast<int>(index));
}

void SliceControls::rebuildSliders()
{
    while (QLayoutItem *item = m_sliderLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_sliders.assign(m_shape.size(), nullptr);
    const int channel = channelAxis();
    int row = 0;
    for (int axis = 0; axis < static_cast<int>(m_shape.size()); ++axis) {
        if (axis == m_rowAxisValue || axis == m_columnAxisValue || axis == channel)
            continue;
        const auto size = m_shape[static_cast<std::size_t>(axis)];
        auto *slider = new QSlider(Qt::Horizontal);
        auto *spin = new QSpinBox;
        slider->setObjectName(QStringLiteral("indexSlider%1").arg(axis));
        spin->setObjectName(QStringLiteral("indexSpin%1").arg(axis));
        // Qt's sliders hold int; longer axes are capped (their tail is reached by views).
        const int last = static_cast<int>(std::min<std::int64_t>(size - 1, INT32_MAX));
        slider->setRange(0, std::max(last, 0));
        spin->setRange(0, std::max(last, 0));
        slider->setValue(static_cast<int>(m_fixed[static_cast<std::size_t>(axis)]));
        spin->setValue(slider->value());
        connect(slider, &QSlider::valueChanged, spin, &QSpinBox::setValue);
        connect(spin, &QSpinBox::valueChanged, slider, &QSlider::setValue);
        connect(slider, &QSlider::valueChanged, this, [this, axis](int value) {
            m_fixed[static_cast<std::size_t>(axis)] = value;
            emit selectionChanged();
        });
        m_sliderLayout->addWidget(new QLabel(tr("axis %1").arg(axis)), row, 0);
        m_sliderLayout->addWidget(slider, row, 1);
        m_sliderLayout->addWidget(spin, row, 2);
        m_sliders[static_cast<std::size_t>(axis)] = slider;
        ++row;
    }
    m_sliderScroll->setVisible(row > 0);
    const int rowHeight = m_sliderArea->sizeHint().height() / std::max(row, 1);
    m_sliderScroll->setFixedHeight(
        std::min(m_sliderArea->sizeHint().height(), kVisibleSliders * rowHeight));
}

render::PlaneSelection SliceControls::selection() const
{
    render::PlaneSelection selection;
    selection.rowAxis = m_rowAxisValue;
    selection.columnAxis = m_columnAxisValue;
    selection.fixed = m_fixed;
    selection.complexPart = static_cast<render::ComplexPart>(m_complex->currentData().toInt());
    return selection;
}

} // namespace bufferscope
