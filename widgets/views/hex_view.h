// SPDX-License-Identifier: GPL-3.0-or-later
// The hex panel: the selected buffer's exporter bytes with the bytes the buffer reads
// highlighted (its footprint), the picked element marked and scrolled to, a minimap of the
// whole allocation, and a line naming which elements of which buffers read the selected bytes.
// PIL-style exporters keep rows in separate allocations; a combo picks the one shown.
// Bytes read from a mapped file cut short on disk are not shown: the grid and the summary
// give the exporter's checkData() message instead (as the render job does).
#pragma once

#include "buffer/footprint.h"

#include <QWidget>

#include <span>
#include <vector>

class QComboBox;
class QLabel;

namespace bufferscope {

class ChunkGate;
class CurrentBuffer;
class Exporter;
class FootprintWatcher;
class HexArea;
class MinimapStrip;

class HexView : public QWidget
{
    Q_OBJECT

public:
    explicit HexView(CurrentBuffer *current, QWidget *parent = nullptr);

    HexArea *hexArea() const { return m_area; }
    MinimapStrip *minimap() const { return m_minimap; }
    QComboBox *allocationBox() const { return m_allocationBox; }
    const Footprint &footprint() const;
    bool isFootprintPending() const;
    QString summaryText() const; // the footprint summary, or why the bytes cannot be shown
    QString selectionText() const;
    // The footprint ranges the grid highlights inside `window` (exact per byte even when the
    // whole-allocation footprint had to be coarse).
    std::vector<ByteRange> highlightIn(ByteRange window) const;

signals:
    void footprintShown(); // the footprint of the current buffer is on screen

private:
    void bufferChanged();
    void showAllocation(int index);
    void elementChanged();
    void footprintReady();
    void showSummary();
    QString checkData() const;
    void selectionChanged();
    void updateMinimapWindow();
    QString allocationName(int index) const;

    CurrentBuffer *m_current;
    FootprintWatcher *m_watcher;
    HexArea *m_area;
    MinimapStrip *m_minimap;
    QComboBox *m_allocationBox;
    QLabel *m_summary;
    QLabel *m_selection;
    ChunkGate *m_gate; // a chunked store's rows load off the GUI thread
    const Exporter *m_exporter = nullptr;
    std::vector<std::span<const std::byte>> m_allocations;
    int m_allocation = -1;
};

} // namespace bufferscope
