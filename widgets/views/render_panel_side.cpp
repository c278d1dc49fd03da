// SPDX-License-Identifier: GPL-3.0-or-later
// The render panel's side-by-side heatmap: which buffer it shows (pinned, or picked from the
// tree in the combo box) and the plane key it gets, the main heatmap's selection applied.
#include "views/render_panel.h"

#include "models/current_buffer.h"
#include "views/heatmap_target.h"
#include "views/slice_controls.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QWidget>

#include <functional>

namespace bufferscope {

void RenderPanel::setSideIndex(const QModelIndex &index)
{
    m_sideIndex = index.isValid() ? index.siblingAtColumn(0) : QModelIndex();
    refillSideCombo();
    updateSide();
}

void RenderPanel::refillSideCombo()
{
    m_sideSource->clear();
    m_sideRows.clear();
    m_sideSource->addItem(tr("Pin current"));
    m_sideRows.emplace_back();
    BufferTreeModel *model = m_current->model();
    int chosen = 0;
    // Depth-first, indented by depth, as the tree shows them.
    std::function<void(const QModelIndex &, int)> walk = [&](const QModelIndex &parent, int depth) {
        for (int row = 0; row < model->rowCount(parent); ++row) {
            const QModelIndex index = model->index(row, 0, parent);
            if (index == m_sideIndex)
                chosen = m_sideSource->count();
            m_sideSource->addItem(QString(depth * 2, QLatin1Char(' ')) +
                                  model->data(index, Qt::DisplayRole).toString());
            m_sideRows.emplace_back(index);
            walk(index, depth + 1);
        }
    };
    walk({}, 0);
    m_sideSource->setCurrentIndex(chosen);
    m_sideSource->setToolTip(m_sideSource->currentText().trimmed());
    // The list itself is never narrower than its longest name.
    m_sideSource->view()->setMinimumWidth(m_sideSource->view()->sizeHintForColumn(0) + 24);
}

void RenderPanel::updateSide()
{
    const bool on = m_side->isChecked();
    m_sideBox->setVisible(on);
    // Each pane names its view (the full expression in the tooltip), or two look-alike
    // pictures cannot be told apart.
    const auto name = [](QLabel *label, const QModelIndex &index) {
        label->setText(index.data().toString());
        label->setToolTip(index.data(Qt::ToolTipRole).toString());
    };
    m_mainLabel->setVisible(on);
    name(m_mainLabel, m_current->index().siblingAtColumn(0));
    name(m_sideLabel, m_sideIndex);
    BufferSource *source = on ? m_current->model()->source(m_sideIndex) : nullptr;
    if (!source) {
        m_sideTarget->setPlane(nullptr, std::nullopt, tr("Pick a buffer to compare with."));
        return;
    }
    QString message;
    auto key = keyFor(source, m_slices->fieldExpression(), message, true);
    m_sideTarget->setPlane(source, std::move(key), message);
}

} // namespace bufferscope
