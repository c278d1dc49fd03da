// SPDX-License-Identifier: GPL-3.0-or-later
// The scrolling byte grid of the hex view: offset | 16 hex bytes | ASCII. It paints only the
// rows on screen, reading just those bytes, so a memory-mapped 4 GiB file scrolls like a small
// one; highlights (footprint, current element, selection) are byte ranges it is handed.
// After reading a screen of bytes it asks the data check whether they can be trusted (a mapped
// file cut short on disk reads as zeros) and, if not, paints the check's message instead.
#pragma once

#include "buffer/footprint.h"

#include <QAbstractScrollArea>

#include <functional>
#include <span>
#include <vector>

namespace bufferscope {

class HexArea : public QAbstractScrollArea
{
    Q_OBJECT

public:
    static constexpr int kBytesPerRow = 16;
    // The footprint ranges that meet `window` (offsets relative to the bytes shown).
    using Highlighter = std::function<std::vector<ByteRange>(ByteRange window)>;
    // Asked after each read of the bytes: "" when they can be trusted, else why not.
    using DataCheck = std::function<QString()>;
    // For read-on-demand exporters: fills `out` with the bytes from `begin` (relative to the
    // bytes shown, whose pointer is then an address of the exporter's, never read here);
    // returns "" or why the bytes cannot be read.
    using ByteRead = std::function<QString(ByteOffset begin, std::span<std::byte> out)>;

    explicit HexArea(QWidget *parent = nullptr);

    // Borrowed: the owner keeps the bytes alive (or calls setBytes({}) first).
    void setBytes(std::span<const std::byte> bytes);
    std::span<const std::byte> bytes() const { return m_bytes; }
    void setHighlighter(Highlighter highlighter);
    void refreshHighlight() { viewport()->update(); }
    void setDataCheck(DataCheck check);
    void setByteRead(ByteRead read) { m_byteRead = std::move(read); }
    // The data check's answer after the last paint: "" while the bytes shown are trusted.
    QString dataError() const { return m_dataError; }

    void setCurrentElement(ByteRange bytes); // an empty range clears it
    ByteRange currentElement() const { return m_element; }
    void setSelection(ByteRange bytes);
    ByteRange selection() const { return m_selection; }

    ByteOffset firstVisibleOffset() const { return firstRow() * kBytesPerRow; }
    int visibleRows() const; // whole rows that fit
    // Puts the row holding `offset` at the top, unless it is already fully on screen.
    void ensureVisible(ByteOffset offset);
    void scrollToOffset(ByteOffset offset);
    // Where the hex cell of `offset` is painted, in viewport coordinates; null when off screen.
    QRect hexCellRect(ByteOffset offset) const;
    // The byte under a viewport point (hex or ASCII column), or -1.
    ByteOffset byteAt(QPoint point) const;

signals:
    void selectionChanged();
    void scrolled();
    void dataErrorChanged(); // emitted while painting: connect queued to touch other widgets

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    ByteOffset rowCount() const;
    ByteOffset firstRow() const;
    void updateMetrics();
    void updateScrollBar();
    int hexX(int column) const;   // left edge of a hex cell
    int asciiX(int column) const; // left edge of an ASCII cell
    void dragTo(ByteOffset offset);
    void setDataError(const QString &error);

    std::span<const std::byte> m_bytes;
    ByteRead m_byteRead;
    Highlighter m_highlighter;
    DataCheck m_dataCheck;
    QString m_dataError;
    ByteRange m_element;
    ByteRange m_selection;
    ByteOffset m_anchor = -1;
    ByteOffset m_rowScale = 1; // rows per scroll bar step, > 1 past INT_MAX rows
    int m_charWidth = 8;
    int m_lineHeight = 16;
    int m_ascent = 12;
    int m_offsetDigits = 8;
};

} // namespace bufferscope
