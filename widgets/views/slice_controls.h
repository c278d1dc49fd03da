// SPDX-License-Identifier: GPL-3.0-or-later
// What part of the buffer the heatmap shows: the record field (numeric leaves only), the
// complex part, image mode and its channel axis, the two displayed axes (combo boxes) and a
// slider with a spin box for every other axis. Emits fieldChanged() when the numeric data
// changes (the panel then rebuilds the sub-view and calls setShape) and selectionChanged()
// for everything else.
#pragma once

#include "models/render_fields.h"
#include "render/plane.h"

#include <QWidget>

#include <cstdint>
#include <vector>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QScrollArea;
class QSlider;
class QSpinBox;

namespace bufferscope {

class SliceControls : public QWidget
{
    Q_OBJECT

public:
    explicit SliceControls(QWidget *parent = nullptr);

    // The record's numeric fields (hidden when empty); keeps the choice when still offered.
    void setFields(const std::vector<NumericField> &fields);
    // The numeric data's shape; keeps axes and indices when the shape is unchanged.
    void setShape(const std::vector<std::int64_t> &shape, bool complex,
                  const std::vector<int> &channelAxes, int defaultChannelAxis);

    std::string fieldExpression() const; // empty when the format is not a record
    render::PlaneSelection selection() const;
    bool imageMode() const;
    int channelAxis() const; // -1 unless image mode

    // For tests and the lead's shortcuts: choose the displayed axes / move a slider.
    void setDisplayedAxes(int rowAxis, int columnAxis);
    void setIndex(int axis, std::int64_t index);
    QComboBox *fieldCombo() const { return m_field; }
    QCheckBox *imageCheck() const { return m_image; }

signals:
    void fieldChanged();
    void selectionChanged();

private:
    std::vector<int> displayableAxes() const;
    void chooseDefaultAxes();
    void showWithLabel(QWidget *widget, bool visible);
    void rebuildAxes();
    void rebuildSliders();
    void onAxisChosen(bool rowChanged);

    QComboBox *m_field;
    QComboBox *m_complex;
    QCheckBox *m_image;
    QComboBox *m_channel;
    QComboBox *m_rowAxis;
    QComboBox *m_columnAxis;
    QWidget *m_sliderArea;
    QGridLayout *m_sliderLayout;
    QScrollArea *m_sliderScroll; // holds m_sliderArea, at most kVisibleSliders rows high
    static constexpr int kVisibleSliders = 6;
    std::vector<QSlider *> m_sliders; // one per axis, null for displayed / channel axes
    std::vector<std::int64_t> m_shape;
    std::vector<std::int64_t> m_fixed;
    std::vector<NumericField> m_fields;
    std::vector<int> m_channelAxes;
    int m_rowAxisValue = -1;
    int m_columnAxisValue = -1;
    std::vector<std::pair<QWidget *, QWidget *>> m_labels; // label, the widget it names
    bool m_updating = false;
};

} // namespace bufferscope
