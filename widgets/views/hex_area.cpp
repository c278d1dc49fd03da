// SPDX-License-Identifier: GPL-3.0-or-later
// HexArea painting and mouse selection. Each paint reads only the bytes of the visible rows
// and asks the highlighter for the footprint of that window alone.
#include "views/hex_area.h"

#include <QFontDatabase>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <array>
#include <climits>

namespace bufferscope {

namespace {

const QColor kFootprint(190, 218, 255);
const QColor kElement(255, 150, 30);
const int kMargin = 4;

} // namespace

HexArea::HexArea(QWidget *parent) : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    viewport()->setCursor(Qt::IBeamCursor);
    updateMetrics();
}

void HexArea::setBytes(std::span<const std::byte> bytes)
{
    m_bytes = bytes;
    m_element = {};
    m_selection = {};
    m_anchor = -1;
    setDataError({});
    updateMetrics();
    verticalScrollBar()->setValue(0);
    viewport()->update();
    emit selectionChanged();
    emit scrolled();
}

void HexArea::setHighlighter(Highlighter highlighter)
{
    m_highlighter = std::move(highlighter);
    viewport()->update();
}

void HexArea::setDataCheck(DataCheck check)
{
    m_dataCheck = std::move(check);
    viewport()->update();
}

void HexArea::setDataError(const QString &error)
{
    if (error == m_dataError)
        return;
    m_dataError = error;
    emit dataErrorChanged();
}

void HexArea::setCurrentElement(ByteRange bytes)
{
    m_element = bytes.size() > 0 ? bytes : ByteRange{};
    viewport()->update();
}

void HexArea::setSelection(ByteRange bytes)
{
    const auto size = static_cast<ByteOffset>(m_bytes.size());
    bytes.begin = std::clamp<ByteOffset>(bytes.begin, 0, size);
    bytes.end = std::clamp<ByteOffset>(bytes.end, bytes.begin, size);
    if (bytes == m_selection)
        return;
    m_selection = bytes;
    viewport()->update();
    emit selectionChanged();
}

ByteOffset HexArea::rowCount() const
{
    return (static_cast<ByteOffset>(m_bytes.size()) + kBytesPerRow - 1) / kBytesPerRow;
}

ByteOffset HexArea::firstRow() const
{
    return std::min<ByteOffset>(verticalScrollBar()->value() * m_rowScale,
                                std::max<ByteOffset>(rowCount() - 1, 0));
}

int HexArea::visibleRows() const
{
    return std::max(1, viewport()->height() / m_lineHeight);
}

void HexArea::ensureVisible(ByteOffset offset)
{
    const ByteOffset row = offset / kBytesPerRow;
    if (row >= firstRow() && row < firstRow() + visibleRows())
        return;
    scrollToOffset(offset);
}

void HexArea::scrollToOffset(ByteOffset offset)
{
    const ByteOffset row = std::max<ByteOffset>(offset, 0) / kBytesPerRow;
    verticalScrollBar()->setValue(
        static_cast<int>(std::min<ByteOffset>(row / m_rowScale, INT_MAX)));
}

void HexArea::updateMetrics()
{
    const QFontMetrics metrics(font());
    m_charWidth = metrics.horizontalAdvance(QLatin1Char('0'));
    m_lineHeight = metrics.height();
    m_ascent = metrics.ascent();
    int digits = 8;
    for (auto size = static_cast<std::uint64_t>(m_bytes.size()); (size >> (4 * digits)) > 0;)
        ++digits;
    m_offsetDigits = digits;
    updateScrollBar();
}

void HexArea::updateScrollBar()
{
    const ByteOffset scrollRows = std::max<ByteOffset>(rowCount() - visibleRows(), 0);
    m_rowScale = std::max<ByteOffset>(1, (scrollRows + INT_MAX - 1) / INT_MAX);
    QScrollBar *bar = verticalScrollBar();
    bar->setRange(0, static_cast<int>((scrollRows + m_rowScale - 1) / m_rowScale));
    bar->setPageStep(std::max(1, static_cast<int>(visibleRows() / m_rowScale)));
    bar->setSingleStep(1);
    const int width = asciiX(kBytesPerRow) + kMargin;
    horizontalScrollBar()->setRange(0, std::max(0, width - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
}

int HexArea::hexX(int column) const
{
    const int start = kMargin + (m_offsetDigits + 2) * m_charWidth;
    return start + (3 * column + (column >= kBytesPerRow / 2 ? 1 : 0)) * m_charWidth;
}

int HexArea::asciiX(int column) const
{
    return hexX(kBytesPerRow) + (1 + column) * m_charWidth;
}

QRect HexArea::hexCellRect(ByteOffset offset) const
{
    const ByteOffset row = offset / kBytesPerRow - firstRow();
    if (offset < 0 || offset >= static_cast<ByteOffset>(m_bytes.size()) || row < 0 ||
        row > visibleRows())
        return {};
    const int column = static_cast<int>(offset % kBytesPerRow);
    return QRect(hexX(column) - horizontalScrollBar()->value(),
                 static_cast<int>(row) * m_lineHeight, 2 * m_charWidth, m_lineHeight);
}

ByteOffset HexArea::byteAt(QPoint point) const
{
    const int x = point.x() + horizontalScrollBar()->value();
    int column = -1;
    if (x >= hexX(0) && x < hexX(kBytesPerRow)) {
        for (int c = kBytesPerRow - 1; c >= 0 && column < 0; --c)
            if (x >= hexX(c))
                column = c;
    } else if (x >= asciiX(0) && x < asciiX(kBytesPerRow)) {
        column = (x - asciiX(0)) / m_charWidth;
    }
    if (column < 0 || point.y() < 0)
        return -1;
    const ByteOffset offset = (firstRow() + point.y() / m_lineHeight) * kBytesPerRow + column;
    return offset < static_cast<ByteOffset>(m_bytes.size()) ? offset : -1;
}

void HexArea::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().base());
    painter.setFont(font());
    painter.translate(-horizontalScrollBar()->value(), 0);
    const auto size = static_cast<ByteOffset>(m_bytes.size());
    const ByteOffset first = firstRow();
    const ByteOffset begin = first * kBytesPerRow;
    const ByteOffset end = std::min(size, (first + visibleRows() + 1) * kBytesPerRow);
    if (begin >= end)
        return;
    // Read the screen's bytes first, then ask whether they are real: a mapped file cut short
    // reads as zeros (the SIGBUS guard), which must not be shown as its contents.
    std::vector<std::byte> shown(static_cast<std::size_t>(end - begin));
    QString readError;
    if (m_byteRead)
        readError = m_byteRead(begin, shown);
    else
        std::copy(m_bytes.begin() + begin, m_bytes.begin() + end, shown.begin());
    setDataError(!readError.isEmpty() ? readError : m_dataCheck ? m_dataCheck() : QString());
    if (!m_dataError.isEmpty()) {
        painter.resetTransform();
        painter.setPen(palette().text().color());
        painter.drawText(viewport()->rect().adjusted(kMargin, kMargin, -kMargin, -kMargin),
                         Qt::AlignCenter | Qt::TextWordWrap, m_dataError);
        return;
    }
    const std::vector<ByteRange> footprint =
        m_highlighter ? m_highlighter({begin, end}) : std::vector<ByteRange>{};
    auto next = footprint.begin();
    const QColor text = palette().text().color();
    const QColor muted = palette().placeholderText().color();
    const QColor selection = palette().highlight().color();

    for (ByteOffset offset = begin; offset < end; offset += kBytesPerRow) {
        const int y = static_cast<int>((offset - begin) / kBytesPerRow) * m_lineHeight;
        painter.setPen(muted);
        painter.drawText(kMargin, y + m_ascent,
                         QStringLiteral("%1").arg(offset, m_offsetDigits, 16, QLatin1Char('0')));
        const ByteOffset rowEnd = std::min(end, offset + kBytesPerRow);
        const int count = static_cast<int>(rowEnd - offset);
        std::array<QColor, kBytesPerRow> fills;
        for (int column = 0; column < count; ++column) {
            const ByteOffset b = offset + column;
            while (next != footprint.end() && next->end <= b)
                ++next;
            if (m_selection.contains(b))
                fills[column] = selection;
            else if (m_element.contains(b))
                fills[column] = kElement;
            else if (next != footprint.end() && next->contains(b))
                fills[column] = kFootprint;
        }
        QString hex, ascii;
        for (int column = 0; column < count; ++column) {
            if (fills[column].isValid()) {
                // A run joins across the gap to the next cell so it reads as one band.
                const bool joined = column + 1 < count && fills[column + 1] == fills[column];
                const int left = hexX(column);
                const int right = joined ? hexX(column + 1) : left + 2 * m_charWidth;
                painter.fillRect(QRect(left, y, right - left, m_lineHeight), fills[column]);
                painter.fillRect(QRect(asciiX(column), y, m_charWidth, m_lineHeight),
                                 fills[column]);
            }
            const auto value = static_cast<unsigned char>(
                shown[static_cast<std::size_t>(offset + column - begin)]);
            hex += QStringLiteral("%1").arg(value, 2, 16, QLatin1Char('0'));
            hex += column == kBytesPerRow / 2 - 1 ? QStringLiteral("  ") : QStringLiteral(" ");
            ascii += value >= 0x20 && value < 0x7f ? QChar(value) : QChar(u'·');
        }
        painter.setPen(text);
        painter.drawText(hexX(0), y + m_ascent, hex);
        painter.drawText(asciiX(0), y + m_ascent, ascii);
    }
}

void HexArea::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
    emit scrolled();
}

void HexArea::scrollContentsBy(int, int)
{
    viewport()->update();
    emit scrolled();
}

void HexArea::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateMetrics();
}

void HexArea::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const ByteOffset offset = byteAt(event->position().toPoint());
    if (offset < 0)
        return;
    if (event->modifiers() & Qt::ShiftModifier && m_anchor >= 0) {
        dragTo(offset);
        return;
    }
    m_anchor = offset;
    setSelection({offset, offset + 1});
}

void HexArea::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton) || m_anchor < 0)
        return;
    QPoint point = event->position().toPoint();
    // Dragging past the top or bottom edge scrolls one row at a time.
    if (point.y() < 0) {
        verticalScrollBar()->setValue(verticalScrollBar()->value() - 1);
        point.setY(0);
    } else if (point.y() >= visibleRows() * m_lineHeight) {
        verticalScrollBar()->setValue(verticalScrollBar()->value() + 1);
        point.setY(visibleRows() * m_lineHeight - 1);
    }
    const ByteOffset offset = byteAt(point);
    if (offset >= 0)
        dragTo(offset);
}

void HexArea::dragTo(ByteOffset offset)
{
    setSelection({std::min(m_anchor, offset), std::max(m_anchor, offset) + 1});
}

} // namespace bufferscope
