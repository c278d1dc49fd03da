// SPDX-License-Identifier: GPL-3.0-or-later
// RenderPanel on the samples, offscreen: colours of cells equal the gradient colour of the
// value NumPy reads there under the shown range (in the rendered image and on screen), the
// axis and slider choices pick the plane NumPy slices, histogram presets equal
// np.percentile, NaN/±inf cells have their colours, the testcard in image mode equals the
// PNG pixel for pixel, side by side renders a second buffer with linked zoom, PNG export.
#include "exporters/npy/npy_exporter.h"
#include "image/image_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "numpy_json.h"
#include "render/colour_map.h"
#include "render/gradient.h"
#include "views/heatmap_view.h"
#include "views/histogram_view.h"
#include "views/render_panel.h"
#include "views/slice_controls.h"

#include <QComboBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <nlohmann/json.hpp>
#include <qcustomplot.h>

using namespace bufferscope;
using nlohmann::json;
using testing::numpy;
using testing::sample;

namespace {

std::uint32_t expectedColour(double value, double low, double high)
{
    render::ColourScale scale;
    scale.low = low;
    scale.high = high;
    const render::Gradient *gradient = render::findGradient("viridis");
    return gradient->colours[static_cast<std::size_t>(
        render::gradientIndex(static_cast<float>(value), scale))];
}

struct Window
{
    BufferTreeModel model;
    CurrentBuffer current{&model};
    RenderPanel panel{&current};

    Window()
    {
        panel.setGradient(QStringLiteral("viridis"));
        panel.setPoolMode(render::PoolMode::Mean);
        panel.resize(1300, 950);
        panel.show();
    }
    QModelIndex openNpy(const QString &path)
    {
        auto exporter = NpyExporter::open(path.toStdString());
        if (!exporter)
            qFatal("%s", exporter.error().message.c_str());
        const QModelIndex index = model.addExporter(std::move(exporter.value()), path);
        current.setIndex(index);
        return index;
    }
    QModelIndex openImage(const QString &path)
    {
        auto exporter = ImageExporter::open(path.toStdString());
        if (!exporter)
            qFatal("%s", exporter.error().message.c_str());
        const QModelIndex index = model.addExporter(std::move(exporter.value()), path);
        current.setIndex(index);
        return index;
    }
    // Waits until the render is delivered (and zoom-driven re-renders have settled).
    bool settle()
    {
        for (int i = 0; i < 3; ++i) {
            if (!QTest::qWaitFor([&] { return !panel.isRendering() && panel.lastResult().plane; },
                                 10000))
                return false;
            QTest::qWait(120); // the view's settle timer may ask for one more render
        }
        return !panel.isRendering();
    }
    // The value of a cell of the shown plane, read from the buffer as the readout does.
    float value(Index row, Index column, bool side = false) const
    {
        const PlaneKey &key = side ? *panel.lastSideKey() : *panel.lastKey();
        auto v = render::planeValue(key.descriptor, key.numeric, key.selection, row, column);
        if (!v)
            qFatal("%s", v.error().message.c_str());
        return *v;
    }
};

} // namespace

class RenderPanelTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void volumeColoursEqualGradientOfNumpyValues();
    void axesAndSlidersPickNumpyPlanes();
    void histogramPresetsAreNumpyPercentiles();
    void nanAndInfinitiesHaveTheirColours();
    void testcardImageModeEqualsPng();
    void recordFieldIsNumpyField();
    void clickPicksFullIndexAndReadoutShowsValue();
    void sideBySideRendersSecondBufferWithLinkedZoom();
    void savesPng();
    void largePlaneIsPooledToTheCellsOnScreen();
    void draggedLimitLineSetsManualRange();
    void settingsPersist();
};

void RenderPanelTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings away from the user's own
    QSettings().remove(QStringLiteral("render"));
}

void RenderPanelTest::volumeColoursEqualGradientOfNumpyValues()
{
    Window w;
    w.openNpy(sample("volume.npy"));
    QVERIFY(w.settle());
    const json expected = numpy(QStringLiteral(R"PY(
v = np.load(sys.argv[1])[0]
f = v[np.isfinite(v)]
print(json.dumps({'low': float(f.min()), 'high': float(f.max()), 'values': v.astype(float).tolist()}))
)PY"),
                                {sample("volume.npy")});
    const RenderResult &result = w.panel.lastResult();
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.plane->shape.rows, 128);
    QCOMPARE(result.plane->shape.columns, 128);
    QCOMPARE(result.low, expected["low"].get<double>());
    QCOMPARE(result.high, expected["high"].get<double>());
    // 128 x 128 fits the widget: one image pixel per cell, no pooling.
    QCOMPARE(result.image.size(), QSize(128, 128));
    int agreeing = 0, distinct = 0;
    QSet<QRgb> colours;
    for (int r = 0; r < 128; ++r) {
        for (int c = 0; c < 128; ++c) {
            const double v = expected["values"][r][c].get<double>();
            const QRgb want = expectedColour(v, result.low, result.high);
            colours.insert(want);
            if (result.image.pixel(c, r) == want)
                ++agreeing;
            else if (distinct++ < 5)
                qWarning("cell [%d, %d] = %g: %08x, expected %08x", r, c, v,
                         result.image.pixel(c, r), want);
        }
    }
    QCOMPARE(agreeing, 128 * 128);
    QVERIFY2(colours.size() > 100, "the render is not blank"); // many distinct colours

    // On screen: the cell centre pixel of the plot is the cell's colour.
    HeatmapView *view = w.panel.heatmap();
    view->plot()->replot();
    const QImage screen = view->plot()->toPixmap().toImage();
    for (auto [r, c] : {std::pair{40, 12}, std::pair{64, 64}, std::pair{0, 0}, std::pair{127, 93},
                        std::pair{3, 127}}) {
        // (Cells away from tick marks, which are drawn over the plot's edges.)
        const QPointF centre = view->cellCentre({r, c});
        const QRgb want =
            expectedColour(expected["values"][r][c].get<double>(), result.low, result.high);
        QVERIFY2(screen.pixel(centre.toPoint()) == want,
                 qPrintable(QStringLiteral("cell [%1, %2] at (%3, %4): %5, expected %6")
                                .arg(r)
                                .arg(c)
                                .arg(centre.x())
                                .arg(centre.y())
                                .arg(screen.pixel(centre.toPoint()), 0, 16)
                                .arg(want, 0, 16)));
    }
}

void RenderPanelTest::axesAndSlidersPickNumpyPlanes()
{
    Window w;
    w.openNpy(sample("volume.npy"));
    QVERIFY(w.settle());
    const json expected = numpy(QStringLiteral(R"PY(
v = np.load(sys.argv[1])
print(json.dumps({'z17': v[17].astype(float).tolist(), 'xz_y50': v[:, 50, :].astype(float).tolist(),
                  'zy_x9': v[:, :, 9].T.astype(float).tolist()}))
)PY"),
                                {sample("volume.npy")});
    auto compare = [&](const json &plane, const char *what) {
        const auto &shape = w.panel.lastResult().plane->shape;
        QCOMPARE(shape.rows, Index(plane.size()));
        QCOMPARE(shape.columns, Index(plane[0].size()));
        int agreeing = 0;
        for (Index r = 0; r < shape.rows; ++r)
            for (Index c = 0; c < shape.columns; ++c)
                agreeing += w.value(r, c) == static_cast<float>(plane[r][c].get<double>());
        if (agreeing != shape.count())
            qWarning("%s: %d of %lld cells agree", what, agreeing,
                     static_cast<long long>(shape.count()));
        QCOMPARE(agreeing, shape.count());
    };
    w.panel.sliceControls()->setIndex(0, 17);
    QVERIFY(w.settle());
    compare(expected["z17"], "v[17]");
    QCOMPARE(w.panel.sliceControls()->selection().fixed[0], 17);

    w.panel.sliceControls()->setDisplayedAxes(0, 2); // rows: z, columns: x; slider on y
    w.panel.sliceControls()->setIndex(1, 50);
    QVERIFY(w.settle());
    compare(expected["xz_y50"], "v[:, 50, :]");

    w.panel.sliceControls()->setDisplayedAxes(2, 0); // rows: x, columns: z; slider on y
    w.panel.sliceControls()->setIndex(1, 9);
    QVERIFY(w.settle());
    // v[:, :, 9].T would be (y, z); here rows are x and y is fixed: v[:, 9, :].T
    const json transposed = numpy(
        QStringLiteral(
            "v = np.load(sys.argv[1])\nprint(json.dumps(v[:, 9, :].T.astype(float).tolist()))\n"),
        {sample("volume.npy")});
    compare(transposed, "v[:, 9, :].T");
}

void RenderPanelTest::histogramPresetsAreNumpyPercentiles()
{
    Window w;
    w.openNpy(sample("volume.npy"));
    w.panel.sliceControls()->setIndex(0, 20);
    QVERIFY(w.settle());
    const json expected = numpy(QStringLiteral(R"PY(
v = np.load(sys.argv[1])[20]
print(json.dumps({'p1': np.percentile(v, [1, 99]).tolist(), 'p01': np.percentile(v, [0.1, 99.9]).tolist(),
                  'min': float(v.min()), 'max': float(v.max())}))
)PY"),
                                {sample("volume.npy")});
    auto near = [](double a, double b) {
        return std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(b));
    };
    for (auto [button, key] : {std::pair{1, "p1"}, std::pair{2, "p01"}}) {
        QTest::mouseClick(w.panel.histogram()->presetButton(button), Qt::LeftButton);
        const double low = expected[key][0].get<double>();
        const double high = expected[key][1].get<double>();
        QTRY_VERIFY_WITH_TIMEOUT(
            near(w.panel.lastResult().low, low) && near(w.panel.lastResult().high, high), 10000);
        QVERIFY(!w.panel.histogram()->isAutomatic());
        QVERIFY(near(w.panel.histogram()->low(), low)); // the spin boxes show the range
    }
    QTest::mouseClick(w.panel.histogram()->presetButton(0), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.panel.lastResult().low, expected["min"].get<double>(), 10000);
    QCOMPARE(w.panel.lastResult().high, expected["max"].get<double>());
    QVERIFY(w.panel.histogram()->isAutomatic());
}

void RenderPanelTest::nanAndInfinitiesHaveTheirColours()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("special.npy"));
    const json expected = numpy(QStringLiteral(R"PY(
a = np.linspace(-3, 5, 20, dtype=np.float32).reshape(4, 5)
a[1, 2] = np.nan; a[0, 0] = np.inf; a[3, 4] = -np.inf; a[2, 1] = np.nan
np.save(sys.argv[1], a)
f = a[np.isfinite(a)]
print(json.dumps({'low': float(f.min()), 'high': float(f.max()), 'a32': float(a[3, 2])}))
)PY"),
                                {path});
    Window w;
    w.openNpy(path);
    QVERIFY(w.settle());
    const RenderResult &result = w.panel.lastResult();
    const render::ColourScale colours;
    QCOMPARE(result.low, expected["low"].get<double>()); // NaN and inf never enter the range
    QCOMPARE(result.high, expected["high"].get<double>());
    QCOMPARE(result.image.pixel(2, 1), colours.nanColour);
    QCOMPARE(result.image.pixel(1, 2), colours.nanColour);
    QCOMPARE(result.image.pixel(0, 0), colours.posInfColour);
    QCOMPARE(result.image.pixel(4, 3), colours.negInfColour);
    QCOMPARE(result.image.pixel(2, 3),
             expectedColour(expected["a32"].get<double>(), result.low, result.high));
}

void RenderPanelTest::testcardImageModeEqualsPng()
{
    Window w;
    w.openImage(sample("testcard.png"));
    QVERIFY(w.settle());
    QVERIFY(w.panel.sliceControls()->imageMode()); // uint8 with 3 channels on the last axis
    QCOMPARE(w.panel.sliceControls()->channelAxis(), 2);
    const QImage png = QImage(sample("testcard.png")).convertToFormat(QImage::Format_ARGB32);
    const QImage &shown = w.panel.lastResult().image;
    QCOMPARE(shown.size(), png.size());
    int agreeing = 0;
    for (int y = 0; y < png.height(); ++y)
        for (int x = 0; x < png.width(); ++x)
            agreeing += shown.pixel(x, y) == png.pixel(x, y);
    QCOMPARE(agreeing, png.width() * png.height());
    QCOMPARE(QColor(shown.pixel(110, 60)), QColor(255, 220, 0)); // the yellow disc
    // Square pixels on screen: one cell is as wide as it is high.
    HeatmapView *view = w.panel.heatmap();
    const QPointF a = view->cellCentre({0, 0}), b = view->cellCentre({10, 10});
    QVERIFY(std::abs((b.x() - a.x()) - (b.y() - a.y())) < 0.01);
    // Without image mode the same buffer is a heatmap of one channel.
    w.panel.sliceControls()->imageCheck()->setChecked(false);
    QVERIFY(w.settle());
    QCOMPARE(w.panel.lastResult().plane->channels, 1);
}

void RenderPanelTest::recordFieldIsNumpyField()
{
    Window w;
    w.openNpy(sample("records.npy"));
    QVERIFY(w.settle());
    const json expected = numpy(QStringLiteral(R"PY(
r = np.load(sys.argv[1])
def leaves(dt, prefix):
    for name in dt.names:
        t = dt.fields[name][0]
        base = t.base if t.subdtype else t
        if base.names:
            yield from leaves(base, prefix + name + '.')
        elif base.kind in 'biufc':
            yield prefix + name
print(json.dumps({'fields': list(leaves(r.dtype, '')),
                  'gain': r['sensor']['gain'].astype(float).tolist(),
                  'position': r['position'].astype(float).tolist()}))
)PY"),
                                {sample("records.npy")});
    QComboBox *fields = w.panel.sliceControls()->fieldCombo();
    QStringList labels;
    for (int i = 0; i < fields->count(); ++i)
        labels << fields->itemText(i);
    QStringList want;
    for (const auto &name : expected["fields"])
        want << QString::fromStdString(name.get<std::string>());
    QCOMPARE(labels, want);

    fields->setCurrentText(QStringLiteral("sensor.gain"));
    QVERIFY(w.settle());
    QCOMPARE(w.panel.lastResult().plane->shape.rows, 1); // 1-D: one row
    QCOMPARE(w.panel.lastResult().plane->shape.columns, 48);
    for (int i = 0; i < 48; ++i)
        QCOMPARE(w.value(0, i), static_cast<float>(expected["gain"][i].get<double>()));

    fields->setCurrentText(QStringLiteral("position"));
    QVERIFY(w.settle());
    QCOMPARE(w.panel.lastResult().plane->shape.rows, 48); // the sub-array adds an axis
    QCOMPARE(w.panel.lastResult().plane->shape.columns, 3);
    for (int i = 0; i < 48; ++i)
        for (int j = 0; j < 3; ++j)
            QCOMPARE(w.value(i, j), static_cast<float>(expected["position"][i][j].get<double>()));
}

void RenderPanelTest::clickPicksFullIndexAndReadoutShowsValue()
{
    Window w;
    w.openNpy(sample("volume.npy"));
    w.panel.sliceControls()->setIndex(0, 5);
    QVERIFY(w.settle());
    const json expected =
        numpy(QStringLiteral("v = np.load(sys.argv[1])\nprint(json.dumps(float(v[5, 12, 40])))\n"),
              {sample("volume.npy")});
    HeatmapView *view = w.panel.heatmap();
    view->plot()->replot();
    const QPoint at = view->cellCentre({12, 40}).toPoint();
    QTest::mouseMove(view->plot(), at);
    QTRY_VERIFY(w.panel.readout().startsWith(QStringLiteral("[5, 12, 40] = ")));
    QCOMPARE(w.panel.readout().mid(14).toFloat(), static_cast<float>(expected.get<double>()));
    QTest::mouseClick(view->plot(), Qt::LeftButton, {}, at);
    QCOMPARE(w.current.element(), (std::vector<Index>{5, 12, 40}));
}

void RenderPanelTest::sideBySideRendersSecondBufferWithLinkedZoom()
{
    Window w;
    const QModelIndex volume = w.openNpy(sample("volume.npy"));
    QVERIFY(w.settle());
    auto view = w.model.createView(volume, QStringLiteral("[3, ::-1, :]"));
    QVERIFY(view.ok());
    w.current.setIndex(*view);
    w.panel.setSideBySide(true);
    w.panel.setSideIndex(volume);
    QVERIFY(QTest::qWaitFor([&] { return w.panel.lastSideResult().plane != nullptr; }, 10000));
    QVERIFY(w.settle());
    const json expected =
        numpy(QStringLiteral("v = np.load(sys.argv[1])\nprint(json.dumps([float(v[3, 127 - 20, "
                             "30]), float(v[0, 20, 30])]))\n"),
              {sample("volume.npy")});
    QCOMPARE(w.value(20, 30), static_cast<float>(expected[0].get<double>()));
    QCOMPARE(w.value(20, 30, true), static_cast<float>(expected[1].get<double>()));
    // Zooming the main heatmap zooms the side one.
    QCPAxis *x = w.panel.heatmap()->plot()->xAxis;
    x->setRange(10, 40);
    QCOMPARE(w.panel.sideHeatmap()->plot()->xAxis->range().lower, 10.0);
    QCOMPARE(w.panel.sideHeatmap()->plot()->xAxis->range().upper, 40.0);
    QVERIFY(w.settle());
    QVERIFY(!w.panel.lastSideResult().image.isNull());
}

void RenderPanelTest::savesPng()
{
    Window w;
    w.openNpy(sample("volume.npy"));
    QVERIFY(w.settle());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("render.png"));
    QVERIFY(w.panel.saveImage(path));
    const QImage saved(path);
    QCOMPARE(saved.size(), QSize(128, 128));
    const QImage &shown = w.panel.lastResult().image;
    for (auto [x, y] : {std::pair{0, 0}, std::pair{12, 40}, std::pair{127, 127}})
        QCOMPARE(saved.pixel(x, y), shown.pixel(x, y));
    QVERIFY(!w.panel.saveImage(dir.filePath(QStringLiteral("missing/dir/render.png"))));
}

// A square plane far larger than the screen, drawn with square cells in a wide panel: it is
// pooled to the pixels it covers, alike in both directions (not to the axis rect's width).
void RenderPanelTest::largePlaneIsPooledToTheCellsOnScreen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.npy"));
    numpy(QStringLiteral("np.save(sys.argv[1], np.arange(3000 * 3000, dtype=np.float32)"
                         ".reshape(3000, 3000))\nprint('[]')\n"),
          {path});
    Window w;
    w.openNpy(path);
    QVERIFY(w.settle());
    const RenderResult &result = w.panel.lastResult();
    const QSize size = result.image.size();
    QCOMPARE(size.width(), size.height());
    QVERIFY(size.width() < 3000);
    const QRect axes = w.panel.heatmap()->plot()->axisRect()->rect();
    QVERIFY2(size.width() <= std::min(axes.width(), axes.height()),
             qPrintable(QStringLiteral("%1 pixels for a %2x%3 axis rect")
                            .arg(size.width()).arg(axes.width()).arg(axes.height())));
    QCOMPARE(w.panel.poolingNote(), QStringLiteral("3000 × 3000 cells in %1 × %1 pixels").arg(size.width()));
}

void RenderPanelTest::draggedLimitLineSetsManualRange()
{
    Window w;
    w.openNpy(sample("volume.npy"));
    QVERIFY(w.settle());
    const double high = w.panel.lastResult().high;
    const double middle = (w.panel.lastResult().low + high) / 2;
    QCustomPlot *plot = w.panel.histogram()->plot();
    plot->replot();
    const int y = plot->axisRect()->center().y();
    const QPoint from(qRound(plot->xAxis->coordToPixel(high)), y);
    const QPoint to(qRound(plot->xAxis->coordToPixel(middle)), y);
    QTest::mousePress(plot, Qt::LeftButton, {}, from);
    QTest::mouseMove(plot, to);
    QTest::mouseRelease(plot, Qt::LeftButton, {}, to);
    QVERIFY(!w.panel.histogram()->isAutomatic());
    const double dragged = plot->xAxis->pixelToCoord(to.x());
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(w.panel.lastResult().high - dragged) < 1e-6, 10000);
    // Every cell at or above the new limit has the gradient's top colour.
    const auto top = render::findGradient("viridis")->colours[255];
    const auto &plane = *w.panel.lastResult().plane;
    int above = 0, agreeing = 0;
    for (Index i = 0; i < plane.shape.count(); ++i) {
        if (w.value(i / 128, i % 128) >= dragged) {
            ++above;
            agreeing += w.panel.lastResult().image.pixel(int(i % 128), int(i / 128)) == top;
        }
    }
    QVERIFY(above > 0);
    QCOMPARE(agreeing, above);
}

void RenderPanelTest::settingsPersist()
{
    {
        Window w;
        w.panel.setGradient(QStringLiteral("magma"));
        w.panel.setPoolMode(render::PoolMode::Max);
    }
    BufferTreeModel model;
    CurrentBuffer current(&model);
    RenderPanel panel(&current);
    QCOMPARE(panel.findChild<QComboBox *>(QStringLiteral("gradientCombo"))->currentText(),
             QStringLiteral("magma"));
    QCOMPARE(panel.findChild<QComboBox *>(QStringLiteral("poolCombo"))->currentText(),
             QStringLiteral("max"));
}

QTEST_MAIN(RenderPanelTest)
#include "render_panel_test.moc"
