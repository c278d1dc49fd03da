// SPDX-License-Identifier: GPL-3.0-or-later
// HexView: wires the current buffer to the byte grid, the minimap and the readers line.
#include "views/hex_view.h"

#include "exporters/exporter.h"
#include "models/current_buffer.h"
#include "models/footprint_watcher.h"
#include "models/chunk_gate.h"
#include "models/hex_readers.h"
#include "views/hex_area.h"
#include "views/minimap_strip.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <algorithm>

namespace bufferscope {

namespace {

// Per-byte answers for one screen of a coarse footprint must not stall painting.
constexpr qint64 kExactWindowBudgetMs = 40;

bool validElement(const Descriptor &d, const std::vector<Index> &element)
{
    if (element.size() != d.shape.size())
        return false;
    for (std::size_t i = 0; i < element.size(); ++i)
        if (element[i] < 0 || element[i] >= d.shape[i])
            return false;
    return true;
}

} // namespace

HexView::HexView(CurrentBuffer *current, QWidget *parent)
    : QWidget(parent), m_current(current), m_watcher(new FootprintWatcher(this)),
      m_area(new HexArea(this)), m_minimap(new MinimapStrip(this)),
      m_allocationBox(new QComboBox(this)), m_summary(new QLabel(this)),
      m_selection(new QLabel(this)), m_gate(new ChunkGate(this))
{
    connect(m_gate, &ChunkGate::loaded, m_area->viewport(), qOverload<>(&QWidget::update));
    m_allocationBox->setToolTip(tr("PIL-style buffers keep each row in its own allocation"));
    m_allocationBox->setVisible(false);
    m_allocationBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_selection->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_selection->setText(tr("Click or drag over bytes to see which elements read them"));

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_summary, 1);
    top->addWidget(m_allocationBox);
    auto *middle = new QHBoxLayout;
    middle->setContentsMargins(0, 0, 0, 0);
    middle->setSpacing(2);
    middle->addWidget(m_area, 1);
    middle->addWidget(m_minimap);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addLayout(middle, 1);
    layout->addWidget(m_selection);

    m_area->setHighlighter([this](ByteRange window) { return highlightIn(window); });
    m_area->setDataCheck([this] { return checkData(); });
    connect(m_current, &CurrentBuffer::changed, this, &HexView::bufferChanged);
    connect(m_current, &CurrentBuffer::elementChanged, this, &HexView::elementChanged);
    // An edited value: the grid shows the buffer's own bytes, so a repaint shows the new ones.
    connect(m_current, &CurrentBuffer::bytesWritten, m_area->viewport(),
            qOverload<>(&QWidget::update));
    connect(m_watcher, &FootprintWatcher::ready, this, &HexView::footprintReady);
    connect(m_area, &HexArea::selectionChanged, this, &HexView::selectionChanged);
    connect(m_area, &HexArea::scrolled, this, &HexView::updateMinimapWindow);
    // Queued: the area finds out while painting, and labels are not to be changed mid-paint.
    connect(m_area, &HexArea::dataErrorChanged, this, &HexView::showSummary, Qt::QueuedConnection);
    connect(m_minimap, &MinimapStrip::offsetRequested, this, [this](ByteOffset offset) {
        m_area->scrollToOffset(offset - m_area->visibleRows() * HexArea::kBytesPerRow / 2);
    });
    connect(m_allocationBox, &QComboBox::currentIndexChanged, this, &HexView::showAllocation);
    bufferChanged();
}

const Footprint &HexView::footprint() const
{
    return m_watcher->footprint();
}

bool HexView::isFootprintPending() const
{
    return m_watcher->isPending();
}

QString HexView::summaryText() const
{
    return m_summary->text();
}

QString HexView::selectionText() const
{
    return m_selection->text();
}

QString HexView::allocationName(int index) const
{
    if (m_allocations.size() <= 1)
        return {};
    if (m_exporter && m_exporter->descriptor().hasSuboffsets())
        return index == 0 ? tr("pointer array") : tr("row %1").arg(index - 1);
    return tr("allocation %1").arg(index);
}

void HexView::bufferChanged()
{
    BufferSource *source = m_current->source();
    m_exporter = source ? &source->rootExporter() : nullptr;
    if (m_exporter && m_exporter->isClosed())
        m_exporter = nullptr;
    m_allocations =
        m_exporter ? m_exporter->allocations() : std::vector<std::span<const std::byte>>{};
    m_allocation = -1;
    {
        const QSignalBlocker blocker(m_allocationBox);
        m_allocationBox->clear();
        for (int i = 0; i < static_cast<int>(m_allocations.size()); ++i)
            m_allocationBox->addItem(allocationName(i));
        m_allocationBox->setVisible(m_allocations.size() > 1);
    }
    showAllocation(m_allocations.empty() ? -1 : 0);
}

namespace {

// Reads the shown allocation's bytes through a read-on-demand exporter's reader.
// A chunked store's chunks load off the GUI thread first (`gate`): "loading" until they are in.
HexArea::ByteRead readThrough(std::shared_ptr<const ByteReader> reader,
                              std::span<const std::byte> bytes, ChunkGate *gate)
{
    const auto first = reinterpret_cast<Address>(bytes.data());
    return [reader = std::move(reader), first, gate](ByteOffset begin, std::span<std::byte> out) {
        const ReadRun run{first + static_cast<Address>(begin), out.size(), out.data()};
        if (!gate->isReady({&run, 1}, reader))
            return HexView::tr("loading");
        const Status status = reader->read({&run, 1});
        return status ? QString() : QString::fromStdString(status.error().message);
    };
}

} // namespace

void HexView::showAllocation(int index)
{
    if (index == m_allocation)
        return;
    m_allocation = index;
    if (index < 0 || index >= static_cast<int>(m_allocations.size())) {
        m_area->setBytes({});
        m_minimap->setSize(0);
        m_watcher->clear();
        m_summary->setText(tr("No buffer selected"));
        return;
    }
    if (m_allocationBox->currentIndex() != index) {
        const QSignalBlocker blocker(m_allocationBox);
        m_allocationBox->setCurrentIndex(index);
    }
    const auto bytes = m_allocations[static_cast<std::size_t>(index)];
    const auto reader = m_exporter ? m_exporter->reader() : nullptr;
    m_area->setByteRead(reader ? readThrough(reader, bytes, m_gate) : HexArea::ByteRead{});
    m_area->setBytes(bytes);
    m_minimap->setSize(static_cast<ByteOffset>(bytes.size()));
    m_minimap->setRanges({});
    const Descriptor &descriptor = m_current->source()->descriptor();
    if (reader && descriptor.hasSuboffsets()) {
        // The footprint of a PIL-style buffer follows its pointers, which live in the other
        // address space: not computed here.
        m_watcher->clear();
        m_summary->setText(tr("Bytes read on demand; the footprint of a PIL-style buffer "
                              "is not drawn"));
        elementChanged();
        return;
    }
    m_summary->setText(tr("Computing the footprint…"));
    m_watcher->request(descriptor, bytes);
    elementChanged();
}

std::vector<ByteRange> HexView::highlightIn(ByteRange window) const
{
    std::vector<ByteRange> out;
    const BufferSource *source = m_current->source();
    if (!source || m_allocation < 0)
        return out;
    const Footprint &f = m_watcher->footprint();
    const Descriptor &d = source->descriptor();
    const auto bytes = m_allocations[static_cast<std::size_t>(m_allocation)];
    ByteOffset from = window.begin;
    if (m_watcher->isPending() || (!f.exact && !d.hasSuboffsets())) {
        // The coarse footprint is a superset; ask the exact question per byte on screen.
        QElapsedTimer timer;
        timer.start();
        for (; from < window.end && !timer.hasExpired(kExactWindowBudgetMs); ++from)
            if (!elementsReading(d, bytes, from, 1).empty())
                out.push_back({from, from + 1});
        mergeRanges(out);
        if (from >= window.end || m_watcher->isPending())
            return out;
    }
    auto it = std::upper_bound(f.ranges.begin(), f.ranges.end(), from,
                               [](ByteOffset value, const ByteRange &r) { return value < r.end; });
    for (; it != f.ranges.end() && it->begin < window.end; ++it)
        out.push_back({std::max(it->begin, from), std::min(it->end, window.end)});
    return out;
}

QString HexView::checkData() const
{
    if (!m_exporter)
        return {};
    const Status data = m_exporter->checkData();
    return data ? QString() : QString::fromStdString(data.error().message);
}

void HexView::footprintReady()
{
    m_minimap->setRanges(m_watcher->footprint().ranges);
    m_area->refreshHighlight();
    if (!m_current->source() || m_allocation < 0)
        return;
    showSummary();
    emit footprintShown();
}

void HexView::showSummary()
{
    const BufferSource *source = m_current->source();
    if (!source || m_allocation < 0)
        return;
    if (const QString error = m_area->dataError(); !error.isEmpty()) {
        m_summary->setText(error);
        return;
    }
    if (m_watcher->isPending()) {
        m_summary->setText(tr("Computing the footprint…"));
        return;
    }
    const Footprint &f = m_watcher->footprint();
    const QLocale locale;
    const auto size =
        static_cast<ByteOffset>(m_allocations[static_cast<std::size_t>(m_allocation)].size());
    const QString format = f.ranges.size() == 1 ? tr("%1: reads %2 of %3 bytes in %4 range")
                                                 : tr("%1: reads %2 of %3 bytes in %4 ranges");
    QString text = format.arg(bufferDisplayName(*m_current->model(), m_current->index()),
                              locale.toString(f.byteCount()), locale.toString(size),
                              locale.toString(static_cast<qlonglong>(f.ranges.size())));
    if (!f.exact)
        text += tr(" (coarse: shaded bytes on screen are exact)");
    if (source->descriptor().hasSuboffsets())
        text += tr("; rows live in separate allocations, %1 of them not in this one")
                    .arg(f.blocksOutside);
    m_summary->setText(text);
}

void HexView::elementChanged()
{
    const BufferSource *source = m_current->source();
    const auto &element = m_current->element();
    if (!source || m_allocation < 0 || !validElement(source->descriptor(), element)) {
        m_area->setCurrentElement({});
        m_minimap->setMarker({});
        return;
    }
    // The element may live in another allocation (a row of a PIL image): show that one.
    for (int i = 0; i < static_cast<int>(m_allocations.size()); ++i) {
        const auto bytes = m_allocations[static_cast<std::size_t>(i)];
        const ByteRange range = elementBytes(source->descriptor(), element, bytes);
        if (range.begin < 0 || range.end > static_cast<ByteOffset>(bytes.size()))
            continue;
        if (i != m_allocation) {
            showAllocation(i); // calls back here with the new allocation
            return;
        }
        m_area->setCurrentElement(range);
        m_minimap->setMarker(range);
        m_area->ensureVisible(range.begin);
        return;
    }
}

void HexView::selectionChanged()
{
    const ByteRange selected = m_area->selection();
    if (!m_exporter || selected.size() <= 0 || m_allocation < 0) {
        m_selection->setText(tr("Click or drag over bytes to see which elements read them"));
        return;
    }
    ReadersQuery query;
    query.exporter = m_exporter;
    query.allocation = m_allocations[static_cast<std::size_t>(m_allocation)];
    if (m_allocations.size() > 1)
        query.allocationName = allocationName(m_allocation) + QStringLiteral(", ");
    query.bytes = selected;
    query.first = m_current->source();
    m_selection->setText(readersText(*m_current->model(), query));
}

void HexView::updateMinimapWindow()
{
    const ByteOffset first = m_area->firstVisibleOffset();
    m_minimap->setWindow({first, first + m_area->visibleRows() * HexArea::kBytesPerRow});
}

} // namespace bufferscope
