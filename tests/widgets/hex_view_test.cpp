// SPDX-License-Identifier: GPL-3.0-or-later
// HexView on volume.npy and views of it: the highlighted footprint equals NumPy's enumerated
// byte set (model and pixels), a picked element is scrolled to and marked, and the readers
// line names exactly the elements NumPy says read the selected bytes. Also the PIL-style
// testcard: allocation combo and a row element switching to its row. And a shown .npy cut
// short on disk: the grid and the summary give the error instead of the guard's zeros.
#include "exporters/npy/npy_exporter.h"
#include "exporters/raw/raw_file_exporter.h"
#include "image/image_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "python_oracle.h"
#include "views/hex_area.h"
#include "views/hex_view.h"
#include "views/minimap_strip.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace bufferscope;
using nlohmann::json;

namespace {

const char *const kOracle = R"PY(
import json, sys
import numpy as np
m = np.load(sys.argv[1], mmap_mode='r')
base = m.__array_interface__['data'][0]
def offsets(v):
    start = m.offset + v.__array_interface__['data'][0] - base
    idx = np.indices(v.shape).reshape(v.ndim, -1).T.astype(np.int64)
    return idx, start + idx @ np.array(v.strides, dtype=np.int64)
def merged(offs, itemsize):
    out = []
    for o in sorted(offs.tolist()):
        if out and out[-1][1] >= o:
            out[-1][1] = max(out[-1][1], o + itemsize)
        else:
            out.append([o, o + itemsize])
    return out
out = {'footprints': {}}
for expr in ['', '[::2, 5, ::3]', '[1, ::-1, 7:9].T', '[3:5, 10:12, 4]', '[::-5, ::40, ::60]', '[::4, 10:100]']:
    v = eval('m' + expr)
    idx, offs = offsets(v)
    out['footprints'][expr] = merged(offs, v.itemsize)
v = m[::2, 5, ::3]
out['element'] = {'expr': '[::2, 5, ::3]', 'index': [7, 30],
                  'offset': int(m.offset + (v[7:8, 30:31].__array_interface__['data'][0] - base))}
out['near'] = {'index': [7, 31],
               'offset': int(m.offset + (v[7:8, 31:32].__array_interface__['data'][0] - base))}
# The tree: volume.npy, its view [::2, 5] and that view's .T, and [4:6, 0:2, 1]; the .T view
# is selected, so it is listed first, then the tree in depth-first order.
a = m[::2, 5]
buffers = [('volume.npy[::2, 5].T', a.T), ('volume.npy', m), ('volume.npy[::2, 5]', a),
           ('volume.npy[4:6, 0:2, 1]', m[4:6, 0:2, 1])]
t = a.T
first = m.offset + (t[3:4, 7:8].__array_interface__['data'][0] - base)
other = m.offset + (m[4:5, 1:2, 1:2].__array_interface__['data'][0] - base)
enumerated = [(name, offsets(v) + (v.itemsize,)) for name, v in buffers]
labels = []
for lo, hi in [(first + 1, first + 2), (first, first + 9), (0, 1), (other + 2, other + 3), (first - 2, first + 14)]:
    parts = []
    for name, (idx, offs, itemsize) in enumerated:
        seen = []
        for b in range(lo, hi):
            for i in np.nonzero((offs <= b) & (b < offs + itemsize))[0]:
                e = idx[i].tolist()
                if e not in seen:
                    seen.append(e)
        if seen:
            text = ', '.join('[' + ', '.join(str(x) for x in e) + ']' for e in seen[:4])
            parts.append(name + ' ' + text + (', …' if len(seen) > 4 else ''))
    head = 'byte %s' % hex(lo) if hi - lo == 1 else 'bytes %s-%s' % (hex(lo), hex(hi - 1))
    if parts:
        labels.append({'bytes': [int(lo), int(hi)], 'text': head + ': ' + '; '.join(parts)})
    else:
        labels.append({'bytes': [int(lo), int(hi)], 'text': head + (': no buffer reads it' if hi - lo == 1 else ': no buffer reads them')})
out['labels'] = labels
print(json.dumps(out))
)PY";

const QString kVolume = QStringLiteral(BUFFERSCOPE_SOURCE_DIR "/resources/samples/volume.npy");

QString text(const std::vector<ByteRange> &ranges)
{
    QStringList parts;
    for (const auto &r : ranges)
        parts << QStringLiteral("[%1,%2)").arg(r.begin).arg(r.end);
    return parts.join(QLatin1Char(' '));
}

std::vector<ByteRange> rangesOf(const json &list)
{
    std::vector<ByteRange> out;
    for (const auto &r : list)
        out.push_back({r[0].get<ByteOffset>(), r[1].get<ByteOffset>()});
    return out;
}

enum class Show { Now, Later };

// A hex view over its own buffer tree, 900 x 420; painting needs it shown.
struct HexPanel
{
    BufferTreeModel model;
    CurrentBuffer current{&model};
    HexView view{&current};

    explicit HexPanel(Show show)
    {
        view.resize(900, 420);
        if (show == Show::Now)
            view.show();
    }
};

} // namespace

class HexViewTest : public QObject
{
    Q_OBJECT

private:
    json m_oracle;

private slots:
    void initTestCase()
    {
        const auto run = testing::runPython(QString::fromUtf8(kOracle), {}, {kVolume});
        QVERIFY2(run.ok, qPrintable(run.error));
        m_oracle = json::parse(run.out.toStdString());
    }

    void footprintEqualsNumPy()
    {
        HexPanel panel(Show::Now);
        auto &[model, current, view] = panel;
        auto volume = NpyExporter::open(kVolume.toStdString());
        QVERIFY(volume.ok());
        const QModelIndex root =
            model.addExporter(std::move(volume).value(), QStringLiteral("volume.npy"));
        int compared = 0;
        for (const auto &[expr, ranges] : m_oracle["footprints"].items()) {
            QModelIndex index = root;
            if (!expr.empty()) {
                auto made = model.createView(root, QString::fromStdString(expr));
                QVERIFY2(made.ok(), expr.c_str());
                index = *made;
            }
            current.setIndex(index);
            QTRY_VERIFY(!view.isFootprintPending());
            const auto expected = rangesOf(ranges);
            QVERIFY2(text(view.footprint().ranges) == text(expected), expr.c_str());
            QVERIFY(view.footprint().exact);
            // What the grid paints: the highlighter over the whole file, and the pixels of
            // the first touched byte and of the first untouched byte after it.
            const ByteRange whole{0, static_cast<ByteOffset>(view.hexArea()->bytes().size())};
            QCOMPARE(text(view.highlightIn(whole)), text(expected));
            HexArea *area = view.hexArea();
            area->scrollToOffset(expected.front().begin);
            QCoreApplication::processEvents();
            const QImage image = area->viewport()->grab().toImage();
            const QRect touched = area->hexCellRect(expected.front().begin);
            QVERIFY(!touched.isNull());
            QCOMPARE(image.pixelColor(touched.topLeft() + QPoint(1, 1)), QColor(190, 218, 255));
            const QRect untouched = area->hexCellRect(expected.front().end);
            if (!untouched.isNull() && expected.size() > 1 &&
                expected[1].begin > expected.front().end)
                QCOMPARE(image.pixelColor(untouched.topLeft() + QPoint(1, 1)),
                         area->palette().base().color());
            // The minimap shades exactly the pixel rows whose byte span meets the footprint.
            MinimapStrip *minimap = view.minimap();
            const double perRow = double(whole.end) / minimap->height();
            for (int y = 0; y < minimap->height(); ++y) {
                const bool meets =
                    std::any_of(expected.begin(), expected.end(), [&](const ByteRange &r) {
                        return r.begin < (y + 1) * perRow && r.end > y * perRow;
                    });
                QVERIFY2((minimap->coverage(y) > 0) == meets,
                         qPrintable(QStringLiteral("%1 minimap row %2")
                                        .arg(QString::fromStdString(expr))
                                        .arg(y)));
            }
            if (expr == "[::4, 10:100]" && qEnvironmentVariableIsSet("BUFFERSCOPE_SHOTS")) {
                area->scrollToOffset(expected.front().begin - 4 * HexArea::kBytesPerRow);
                QCoreApplication::processEvents();
                view.grab().save(qEnvironmentVariable("BUFFERSCOPE_SHOTS") +
                                 "/hex-volume-strided.png");
            }
            ++compared;
        }
        QCOMPARE(compared, 6);
    }

    void elementIsScrolledToAndMarked()
    {
        HexPanel panel(Show::Now);
        auto &[model, current, view] = panel;
        auto volume = NpyExporter::open(kVolume.toStdString());
        QVERIFY(volume.ok());
        const QModelIndex root =
            model.addExporter(std::move(volume).value(), QStringLiteral("volume.npy"));
        const json &element = m_oracle["element"];
        auto made =
            model.createView(root, QString::fromStdString(element["expr"].get<std::string>()));
        QVERIFY(made.ok());
        current.setIndex(*made);
        QCOMPARE(view.hexArea()->firstVisibleOffset(), ByteOffset(0));

        const auto offset = element["offset"].get<ByteOffset>();
        current.setElement(element["index"].get<std::vector<Index>>());
        QCOMPARE(view.hexArea()->firstVisibleOffset(), offset / 16 * 16);
        QCOMPARE(text({view.hexArea()->currentElement()}), text({{offset, offset + 4}}));

        // The next element is on screen already: marked, and the grid stays where it is.
        const json &near = m_oracle["near"];
        const auto nearOffset = near["offset"].get<ByteOffset>();
        QVERIFY(nearOffset / 16 < offset / 16 + view.hexArea()->visibleRows());
        current.setElement(near["index"].get<std::vector<Index>>());
        QCOMPARE(view.hexArea()->firstVisibleOffset(), offset / 16 * 16);
        QCOMPARE(text({view.hexArea()->currentElement()}), text({{nearOffset, nearOffset + 4}}));

        // Save a look at it for the report.
        if (qEnvironmentVariableIsSet("BUFFERSCOPE_SHOTS")) {
            view.hexArea()->setSelection({nearOffset + 40, nearOffset + 44});
            QCoreApplication::processEvents();
            view.grab().save(qEnvironmentVariable("BUFFERSCOPE_SHOTS") + "/hex-volume-element.png");
        }
    }

    void selectionNamesReaders()
    {
        HexPanel panel(Show::Later);
        auto &[model, current, view] = panel;
        auto volume = NpyExporter::open(kVolume.toStdString());
        QVERIFY(volume.ok());
        const QModelIndex root =
            model.addExporter(std::move(volume).value(), QStringLiteral("volume.npy"));
        auto a = model.createView(root, QStringLiteral("[::2, 5]"));
        QVERIFY(a.ok());
        auto t = model.createView(*a, QStringLiteral(".T"));
        QVERIFY(t.ok());
        QVERIFY(model.createView(root, QStringLiteral("[4:6, 0:2, 1]")).ok());
        current.setIndex(*t);
        int compared = 0;
        for (const json &label : m_oracle["labels"]) {
            const auto bytes = label["bytes"];
            view.hexArea()->setSelection({bytes[0].get<ByteOffset>(), bytes[1].get<ByteOffset>()});
            QCOMPARE(view.selectionText(),
                     QString::fromStdString(label["text"].get<std::string>()));
            ++compared;
        }
        QCOMPARE(compared, 5);

        // A click selects one byte; a drag extends the selection to the byte under the mouse.
        HexArea *area = view.hexArea();
        view.show();
        area->scrollToOffset(0);
        QCoreApplication::processEvents();
        QTest::mouseClick(area->viewport(), Qt::LeftButton, {}, area->hexCellRect(0x12).center());
        QCOMPARE(text({area->selection()}), QStringLiteral("[18,19)"));
    }

    void fourGibibyteFileScrolls()
    {
        QTemporaryDir dir(QStringLiteral("/tmp/bufferscope-hex-XXXXXX"));
        QVERIFY(dir.isValid());
        const QString path = dir.path() + QStringLiteral("/large.bin");
        const ByteOffset size = ByteOffset(4) << 30;
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(size)); // sparse: no blocks written
        }
        HexPanel panel(Show::Now);
        auto &[model, current, view] = panel;
        auto raw = RawFileExporter::open(path.toStdString(),
                                         RawOptions{"<f", {1024, 1024, 1024}, 0, Order::C, false});
        QVERIFY(raw.ok());
        const QModelIndex root =
            model.addExporter(std::move(raw).value(), QStringLiteral("large.bin"));
        current.setIndex(root);
        QTRY_VERIFY(!view.isFootprintPending());
        QCOMPARE(text(view.footprint().ranges), QStringLiteral("[0,%1)").arg(size));

        // Every other column of every third row: far more runs than the cap, so the whole
        // footprint is coarse (computed on the pool), while the grid asks per byte on screen.
        auto strided = model.createView(root, QStringLiteral("[:, ::3, ::2]"));
        QVERIFY(strided.ok());
        current.setIndex(*strided);
        QTRY_VERIFY_WITH_TIMEOUT(!view.isFootprintPending(), 30000);
        QVERIFY(!view.footprint().exact);
        HexArea *area = view.hexArea();
        QElapsedTimer timer;
        timer.start();
        QScrollBar *bar = area->verticalScrollBar();
        for (int step = 0; step <= 100; ++step) {
            bar->setValue(static_cast<int>(qint64(bar->maximum()) * step / 100));
            area->viewport()->repaint();
        }
        qInfo("101 jumps across 4 GiB, painted: %lld ms", timer.elapsed());
        QCOMPARE(area->firstVisibleOffset(),
                 (size / HexArea::kBytesPerRow - area->visibleRows()) * HexArea::kBytesPerRow);
        // On screen the exact answer: in the last row of the file (row 1023 of the last
        // plane, which ::3 keeps), bytes of even columns only.
        const ByteRange lastRow{size - 4096, size - 4096 + 16};
        QCOMPARE(text(view.highlightIn(lastRow)), QStringLiteral("[%1,%2) [%3,%4)")
                                                      .arg(lastRow.begin)
                                                      .arg(lastRow.begin + 4)
                                                      .arg(lastRow.begin + 8)
                                                      .arg(lastRow.begin + 12));
    }

    void pilRowsAreSeparateAllocations()
    {
        HexPanel panel(Show::Later);
        auto &[model, current, view] = panel;
        auto image = ImageExporter::open(BUFFERSCOPE_SOURCE_DIR "/resources/samples/testcard.png");
        QVERIFY(image.ok());
        const auto rows = (*image)->descriptor().shape[0];
        const QModelIndex root =
            model.addExporter(std::move(image).value(), QStringLiteral("testcard.png"));
        current.setIndex(root);
        QCOMPARE(view.allocationBox()->count(), static_cast<int>(rows + 1));
        QCOMPARE(view.allocationBox()->itemText(0), QStringLiteral("pointer array"));
        QCOMPARE(view.allocationBox()->itemText(5), QStringLiteral("row 4"));
        // The pointer array: every slot is read.
        QCOMPARE(text(view.footprint().ranges),
                 QStringLiteral("[0,%1)").arg(rows * ByteOffset(sizeof(void *))));
        // Picking an element of row 7 shows row 7's allocation with the element marked.
        current.setElement({7, 3, 1});
        QCOMPARE(view.allocationBox()->currentText(), QStringLiteral("row 7"));
        const Descriptor &d = model.source(root)->descriptor();
        const ByteOffset at = d.suboffsets[0] + 3 * d.strides[1] + 1 * d.strides[2];
        QCOMPARE(text({view.hexArea()->currentElement()}), text({{at, at + d.itemsize}}));
        QVERIFY(view.summaryText().contains(QStringLiteral("rows live in separate allocations")));
        view.hexArea()->setSelection({at, at + 1});
        QCOMPARE(view.selectionText(),
                 QStringLiteral("row 7, byte 0x%1: testcard.png [7, 3, 1]").arg(at, 0, 16));
    }

    // A mapped file cut short while it is shown: the pages past the new end read as zeros (the
    // SIGBUS guard), and the hex view shows the exporter's checkData() message instead of
    // them, as the render job does (render_job_test: truncatedFileIsReportedNotDrawn).
    void truncatedFileShowsTheError()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("cut.npy"));
        QVERIFY(QFile::copy(kVolume, path));
        const qint64 size = QFileInfo(path).size();
        HexPanel panel(Show::Now);
        auto &[model, current, view] = panel;
        auto volume = NpyExporter::open(path.toStdString());
        QVERIFY(volume.ok());
        current.setIndex(model.addExporter(std::move(volume).value(), QStringLiteral("cut.npy")));
        QTRY_VERIFY(!view.isFootprintPending());
        HexArea *area = view.hexArea();
        const ByteOffset shown = size / 2 / HexArea::kBytesPerRow * HexArea::kBytesPerRow;
        area->scrollToOffset(shown);
        area->viewport()->repaint();
        QCOMPARE(area->dataError(), QString());
        QVERIFY2(view.summaryText().startsWith(QStringLiteral("cut.npy: reads ")),
                 qPrintable(view.summaryText()));
        // A C-contiguous volume is one range, and the summary says so in the singular.
        QCOMPARE(view.footprint().ranges.size(), std::size_t(1));
        QVERIFY2(view.summaryText().endsWith(QStringLiteral(" bytes in 1 range")),
                 qPrintable(view.summaryText()));
        // The top row of the grid, whose bytes the footprint shades: not blank.
        const QColor base = area->palette().base().color();
        const int rowHeight = area->hexCellRect(shown).height();
        QVERIFY(rowHeight > 0);
        const auto blankTopRow = [&](const QImage &image) {
            for (int y = 0; y < rowHeight; ++y)
                for (int x = 0; x < image.width(); ++x)
                    if (image.pixelColor(x, y) != base)
                        return false;
            return true;
        };
        QVERIFY(!blankTopRow(area->viewport()->grab().toImage()));

        QVERIFY(QFile::resize(path, 1000));
        area->viewport()->repaint(); // reads the screen again: zeros, past the new end
        const QString expected = QStringLiteral("file '%1' changed on disk while mapped: size %2 "
                                                "is now 1000; bytes past the new end read as zeros")
                                     .arg(path)
                                     .arg(size);
        QCOMPARE(area->dataError(), expected);
        QTRY_COMPARE(view.summaryText(), expected);
        // No offsets, bytes or shading: the message alone, in the middle of the grid.
        QVERIFY(blankTopRow(area->viewport()->grab().toImage()));
    }
};

QTEST_MAIN(HexViewTest)
#include "hex_view_test.moc"
