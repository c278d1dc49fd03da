// SPDX-License-Identifier: GPL-3.0-or-later
// Assembles the render panel and turns the current buffer and the controls into plane keys
// and display choices for its two heatmaps.
#include "views/render_panel.h"

#include "exporters/exporter.h"
#include "format/parser.h"
#include "models/current_buffer.h"
#include "models/render_fields.h"
#include "models/chunk_gate.h"
#include "models/chunk_overlay_model.h"
#include "render/gradient.h"
#include "views/chunk_overlay_controls.h"
#include "views/colour_legend.h"
#include "views/heatmap_target.h"
#include "views/heatmap_view.h"
#include "views/histogram_view.h"
#include "views/line_plot_view.h"
#include "views/slice_controls.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace bufferscope {

RenderPanel::RenderPanel(CurrentBuffer *current, QWidget *parent)
    : QWidget(parent), m_current(current), m_settings(RenderSettings::load()),
      m_gradient(new QComboBox), m_pool(new QComboBox),
      m_mark(new QCheckBox(tr("Mark non-finite"))), m_legend(new NonFiniteLegend),
      m_poolNote(new QLabel), m_side(new QCheckBox(tr("Side by side"))),
      m_sideSource(new QComboBox), m_export(new QPushButton(tr("Export PNG…"))),
      m_busy(new QProgressBar), m_exportProgress(new QProgressBar), m_slices(new SliceControls),
      m_histogram(new HistogramView), m_status(new QLabel), m_sideBox(new QWidget),
      m_mainLabel(new QLabel), m_sideLabel(new QLabel), m_plots(new QStackedWidget),
      m_line(new LinePlotView)
{
    m_gradient->setObjectName(QStringLiteral("gradientCombo"));
    for (const render::Gradient &gradient : render::gradients())
        m_gradient->addItem(QString::fromStdString(gradient.name));
    m_gradient->setCurrentText(m_settings.gradient);
    m_pool->setObjectName(QStringLiteral("poolCombo"));
    m_pool->setToolTip(tr("How cells are combined when the plane is larger than the screen"));
    for (auto mode : {render::PoolMode::Mean, render::PoolMode::Max, render::PoolMode::Min})
        m_pool->addItem(poolModeName(mode), int(mode));
    m_pool->setCurrentIndex(m_pool->findData(int(m_settings.poolMode)));
    m_mark->setObjectName(QStringLiteral("markNonFiniteCheck"));
    m_mark->setToolTip(tr("A pooled pixel holding any NaN or infinity shows that colour "
                          "instead of pooling it away"));
    m_mark->setChecked(m_settings.markNonFinite);
    m_poolNote->setObjectName(QStringLiteral("poolNote"));
    m_poolNote->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_poolNote->setToolTip(tr("The region shown and the pixels it was pooled to: each pixel "
                              "combines a block of cells"));
    m_side->setObjectName(QStringLiteral("sideBySideCheck"));
    m_sideSource->setObjectName(QStringLiteral("sideSourceCombo"));
    m_sideSource->setEnabled(false);
    // The drop-downs are as wide as their longest entry, so no label is cut; the side
    // source (buffer names) stops at a readable width and shows the name whole as tooltip.
    for (QComboBox *combo : {m_gradient, m_pool})
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sideSource->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sideSource->setMaximumWidth(320);
    m_export->setObjectName(QStringLiteral("exportButton"));
    auto *resetZoom = new QPushButton(tr("Fit"));
    resetZoom->setToolTip(tr("Show the whole plane (double-click the plot does the same)"));
    m_busy->setObjectName(QStringLiteral("renderBusy"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(80);
    m_busy->setMaximumHeight(12);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_exportProgress->setObjectName(QStringLiteral("exportProgress"));
    m_exportProgress->setRange(0, 100);
    // Wide enough for its longest text on one line ("Writing PNG 49%" wrapped at 110 px).
    m_exportProgress->setFixedWidth(
        m_exportProgress->fontMetrics().horizontalAdvance(tr("Writing PNG 100%")) + 36);
    m_exportProgress->hide();
    m_status->setObjectName(QStringLiteral("renderReadout"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *mainView = new HeatmapView;
    auto *sideView = new HeatmapView;
    mainView->setObjectName(QStringLiteral("mainHeatmap"));
    sideView->setObjectName(QStringLiteral("sideHeatmap"));
    m_main = std::make_unique<HeatmapTarget>(mainView);
    m_sideTarget = std::make_unique<HeatmapTarget>(sideView);
    mainView->linkRanges(sideView);
    m_chunks = new ChunkOverlayControls(m_main.get(), this);
    connect(m_chunks->gate(), &ChunkGate::loaded, this, &RenderPanel::updateLine);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Gradient")));
    top->addWidget(m_gradient);
    top->addWidget(new QLabel(tr("Pooling")));
    top->addWidget(m_pool);
    top->addWidget(m_mark);
    top->addStretch(1);
    top->addWidget(m_chunks->toggle());
    top->addWidget(resetZoom);
    top->addWidget(m_export);
    // Side by side on a row of its own: in one row the controls asked for more width than
    // the centre has beside the side panels at 1400 px. The progress bars (render, chunks,
    // PNG export) come and go at its right end, where there is room for them: in the top
    // row they were laid over its checkbox and buttons at the window's usual width.
    auto *sideRow = new QHBoxLayout;
    sideRow->addWidget(m_side);
    sideRow->addWidget(m_sideSource);
    sideRow->addStretch(1);
    sideRow->addWidget(m_busy);
    sideRow->addWidget(m_chunks->progress());
    sideRow->addWidget(m_exportProgress);
    auto *sideLayout = new QVBoxLayout(m_sideBox);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    m_mainLabel->setObjectName(QStringLiteral("mainPaneLabel"));
    m_sideLabel->setObjectName(QStringLiteral("sidePaneLabel"));
    for (QLabel *label : {m_mainLabel, m_sideLabel}) {
        label->setAlignment(Qt::AlignCenter);
        label->setStyleSheet(QStringLiteral("font-weight: bold;"));
    }
    sideLayout->addWidget(m_sideLabel);
    sideLayout->addWidget(sideView);
    m_sideBox->hide();
    auto *heatmaps = new QSplitter(Qt::Horizontal);
    auto *mainBox = new QWidget;
    auto *mainLayout = new QVBoxLayout(mainBox);
    mainLayout->setContentsMargins(0, 0, 0, 0);
    mainLayout->addWidget(m_mainLabel);
    mainLayout->addWidget(mainView);
    m_mainLabel->hide();
    heatmaps->addWidget(mainBox);
    heatmaps->addWidget(m_sideBox);
    m_plots->addWidget(heatmaps);
    m_plots->addWidget(m_line);
    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(m_plots);
    vertical->addWidget(m_histogram);
    vertical->setStretchFactor(0, 4);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({700, 200}); // the heatmap gets most of the height
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(sideRow);
    layout->addWidget(m_slices);
    layout->addWidget(vertical, 1);
    // The chunk states' legend on a row of its own when the grid is on: beside the readout
    // and the non-finite legend it was cut at the panel's usual width.
    auto *chunkRow = new QHBoxLayout;
    chunkRow->addStretch(1);
    chunkRow->addWidget(m_chunks->legend());
    layout->addLayout(chunkRow);
    // The readout on the left, what the pixels stand for on the right, under the plots.
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_legend);
    bottom->addWidget(m_poolNote);
    layout->addLayout(bottom);

    m_busyDelay.setSingleShot(true);
    m_busyDelay.setInterval(150); // only slow renders show the indicator
    // One indicator at a time: while the chunk progress bar counts the chunks, the plain busy
    // bar beside it would only repeat it.
    connect(&m_busyDelay, &QTimer::timeout, this, [this] {
        if (m_chunks->progress()->isHidden())
            m_busy->show();
    });
    connect(m_chunks, &ChunkOverlayControls::progressShown, this, [this](bool shown) {
        if (shown)
            m_busy->hide();
        else if (m_main->job()->isBusy() && !m_busyDelay.isActive())
            m_busy->show();
    });
    connect(m_main->job(), &RenderJob::busyChanged, this, [this](bool busy) {
        if (busy) {
            m_busyDelay.start();
        } else {
            m_busyDelay.stop();
            m_busy->hide();
        }
    });
    connect(m_main.get(), &HeatmapTarget::rendered, this, &RenderPanel::onRendered);
    connect(m_main->job(), &RenderJob::imageWritten, this, &RenderPanel::onImageWritten);
    connect(m_main->job(), &RenderJob::imageProgress, this, &RenderPanel::onImageProgress);
    connect(m_main.get(), &HeatmapTarget::histogramReady, this, [this] {
        const RenderResult &result = m_main->result();
        m_histogram->setHistogram(result.plane->histogram, result.plane->statistics);
        m_histogram->setRange(result.low, result.high);
    });
    connect(m_main->job(), &RenderJob::percentilesReady, this,
            [this](std::uint64_t ticket, double low, double high) {
                if (ticket != m_percentileTicket)
                    return; // asked again since, or another view is shown now
                m_histogram->setAutomatic(false);
                m_histogram->setRange(low, high);
                setRange(RangeMode::Manual, low, high);
            });
    connect(m_gradient, &QComboBox::currentTextChanged, this, [this](const QString &name) {
        m_settings.gradient = name;
        m_settings.save();
        updateDisplay();
    });
    connect(m_mark, &QCheckBox::toggled, this, [this](bool on) {
        m_settings.markNonFinite = on;
        m_settings.save();
        updateDisplay();
    });
    connect(m_pool, &QComboBox::currentIndexChanged, this, [this] {
        m_settings.poolMode = static_cast<render::PoolMode>(m_pool->currentData().toInt());
        m_settings.save();
        updateDisplay();
    });
    connect(m_side, &QCheckBox::toggled, this, [this](bool on) {
        m_sideSource->setEnabled(on);
        if (on && !m_sideIndex.isValid())
            m_sideIndex = m_current->index(); // start by pinning what is shown now
        refillSideCombo();
        updateSide();
    });
    connect(m_sideSource, &QComboBox::activated, this, [this](int item) {
        if (item == 0)
            m_sideIndex = m_current->index(); // "pin current"
        else if (item < static_cast<int>(m_sideRows.size()))
            m_sideIndex = m_sideRows[static_cast<std::size_t>(item)];
        refillSideCombo();
        updateSide();
    });
    connect(resetZoom, &QPushButton::clicked, mainView, &HeatmapView::resetZoom);
    connect(resetZoom, &QPushButton::clicked, sideView, &HeatmapView::resetZoom);
    connect(m_export, &QPushButton::clicked, this, &RenderPanel::exportImage);
    connect(m_slices, &SliceControls::fieldChanged, this, &RenderPanel::onFieldChanged);
    connect(m_slices, &SliceControls::selectionChanged, this, &RenderPanel::onSelectionChanged);
    connect(m_histogram, &HistogramView::rangeEdited, this,
            [this](double low, double high) { setRange(RangeMode::Manual, low, high); });
    connect(m_histogram, &HistogramView::automaticChosen, this,
            [this] { setRange(RangeMode::Automatic, m_low, m_high); });
    connect(m_histogram, &HistogramView::presetRequested, this, &RenderPanel::requestPercentiles);
    connect(mainView, &HeatmapView::hovered, this,
            [this](std::optional<Cell> cell) { showReadout(*m_main, cell, {}); });
    connect(sideView, &HeatmapView::hovered, this,
            [this](std::optional<Cell> cell) { showReadout(*m_sideTarget, cell, tr(" (right)")); });
    connect(m_line, &LinePlotView::hovered, this, &RenderPanel::showLineReadout);
    connect(mainView, &HeatmapView::clicked, this, [this](Cell cell) {
        if (m_main->key() && m_source)
            m_current->setElement(
                elementIndex(*m_main->key(), cell, m_source->descriptor().ndim()));
    });

    connect(current, &CurrentBuffer::changed, this, &RenderPanel::onBufferChanged);
    // An edited value: the same planes, new bytes (the data version makes new plane keys).
    connect(current, &CurrentBuffer::bytesWritten, this, [this] {
        ++m_dataVersion;
        onSelectionChanged();
    });
    QAbstractItemModel *model = current->model();
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(model, signal, this, [this] {
            refillSideCombo();
            updateSide();
        });
    }
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        refillSideCombo();
        updateSide();
    });
    // The window is torn down after the event loop: finish reading buffers while they exist.
    connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, this, [this] {
        m_main->job()->waitForIdle();
        m_sideTarget->job()->waitForIdle();
    });
    updateDisplay();
    onBufferChanged();
}

RenderPanel::~RenderPanel() = default;

HeatmapView *RenderPanel::heatmap() const
{
    return m_main->view();
}
HeatmapView *RenderPanel::sideHeatmap() const
{
    return m_sideTarget->view();
}
const RenderResult &RenderPanel::lastResult() const
{
    return m_main->result();
}
const RenderResult &RenderPanel::lastSideResult() const
{
    return m_sideTarget->result();
}

const std::optional<PlaneKey> &RenderPanel::lastKey() const
{
    return m_main->key();
}

const std::optional<PlaneKey> &RenderPanel::lastSideKey() const
{
    return m_sideTarget->key();
}

QString RenderPanel::poolingNote() const
{
    return m_poolNote->text();
}

bool RenderPanel::isRendering() const
{
    return m_main->isRendering() || m_sideTarget->isRendering();
}
QString RenderPanel::readout() const
{
    return m_status->text();
}
void RenderPanel::setSideBySide(bool on)
{
    m_side->setChecked(on);
}
void RenderPanel::setGradient(const QString &name)
{
    m_gradient->setCurrentText(name);
}
void RenderPanel::setPoolMode(render::PoolMode mode)
{
    m_pool->setCurrentIndex(m_pool->findData(int(mode)));
}
void RenderPanel::setMarkNonFinite(bool on)
{
    m_mark->setChecked(on);
}

void RenderPanel::onBufferChanged()
{
    m_source = m_current->source();
    ++m_dataVersion; // the buffer may be another one, or its bytes may have changed
    m_status->clear();
    recallRange(); // the colour range is the shown view's own, never the previous one's
    if (!m_source) {
        m_slices->setFields({});
        m_slices->setShape({}, false, {}, -1);
        m_main->setPlane(nullptr, std::nullopt, tr("Select a buffer to render it."));
        updateSide();
        updateLine();
        return;
    }
    auto layout = parseFormat(m_source->descriptor().format);
    m_slices->setFields(layout ? numericFields(layout->root) : std::vector<NumericField>{});
    onFieldChanged();
}

void RenderPanel::onFieldChanged()
{
    if (!m_source)
        return;
    auto numeric = renderSource(m_source->descriptor(), m_slices->fieldExpression());
    if (!numeric) {
        m_slices->setShape({}, false, {}, -1);
        m_main->setPlane(m_source, std::nullopt, QString::fromStdString(numeric.error().message));
        updateSide();
        updateLine();
        return;
    }
    const Descriptor &descriptor = numeric->descriptor;
    m_slices->setShape(descriptor.shape, render::isComplex(numeric->numeric.type),
                       channelAxes(descriptor), defaultChannelAxis(descriptor));
    onSelectionChanged();
}

void RenderPanel::onSelectionChanged()
{
    if (!m_source)
        return;
    QString message;
    auto key = keyFor(m_source, m_slices->fieldExpression(), message, false);
    m_main->setPlane(m_source, std::move(key), message);
    updateSide();
    updateLine();
}

std::optional<PlaneKey> RenderPanel::keyFor(BufferSource *source, const std::string &field,
                                            QString &message, bool side) const
{
    const Descriptor &descriptor = source->descriptor();
    auto numeric = renderSource(descriptor, side ? matchingField(descriptor, field) : field,
                                source->rootExporter().reader());
    if (!numeric) {
        message = QString::fromStdString(numeric.error().message);
        return std::nullopt;
    }
    PlaneKey key = defaultPlaneKey(*numeric);
    key.dataVersion = m_dataVersion;
    const auto &mainKey = m_main->key();
    // The side heatmap shows the main one's plane when the shapes agree, else its own default.
    if (!side || (mainKey && mainKey->descriptor.shape == key.descriptor.shape &&
                  (!mainKey->imageMode || defaultChannelAxis(key.descriptor) >= 0))) {
        const auto selection = m_slices->selection();
        if (selection.fixed.size() == key.descriptor.shape.size()) {
            key.selection = selection;
            key.imageMode = m_slices->imageMode();
            key.channelAxis = m_slices->channelAxis();
        }
    }
    return key;
}

void RenderPanel::updateDisplay()
{
    DisplayChoice display;
    display.gradient = m_gradient->currentText().toStdString();
    display.poolMode = static_cast<render::PoolMode>(m_pool->currentData().toInt());
    display.markNonFinite = m_mark->isChecked();
    display.rangeMode = m_rangeMode;
    display.low = m_low;
    display.high = m_high;
    const render::Gradient *gradient = render::findGradient(display.gradient);
    if (!gradient)
        gradient = &render::gradients().front();
    m_main->view()->setGradient(*gradient);
    m_sideTarget->view()->setGradient(*gradient);
    m_main->setDisplay(display);
    m_sideTarget->setDisplay(display);
}

void RenderPanel::onRendered(const RenderResult &result)
{
    m_poolNote->setText(poolingSummary(result));
    if (!result.plane)
        return;
    // A new plane's histogram comes a moment after its picture (histogramReady); until then
    // the bars of the previous plane stay, so dragging a slider does not make them flicker.
    if (result.plane->hasHistogram())
        m_histogram->setHistogram(result.plane->histogram, result.plane->statistics);
    if (m_rangeMode == RangeMode::Automatic) {
        m_low = result.low;
        m_high = result.high;
    }
    m_histogram->setRange(result.low, result.high);
}

void RenderPanel::showReadout(const HeatmapTarget &target, std::optional<Cell> cell,
                              const QString &side)
{
    const RenderResult &result = target.result();
    if (!cell || !target.key() || !result.plane) {
        m_status->clear();
        return;
    }
    // A chunk not loaded yet would make the read below wait on the store: say so instead.
    if (const auto state = cellChunkState(*target.key(), cell->row, cell->column);
        state && (*state == ChunkState::Stored || *state == ChunkState::Loading)) {
        m_status->setText(tr("[%1, %2]: chunk not loaded yet").arg(cell->row).arg(cell->column) + side);
        return;
    }
    const QString field = m_slices->fieldCombo()->isVisible() && &target == m_main.get()
                              ? m_slices->fieldCombo()->currentText()
                              : QString();
    m_status->setText(readoutText(*target.key(), *result.plane, *cell, field) + side);
}

} // namespace bufferscope
