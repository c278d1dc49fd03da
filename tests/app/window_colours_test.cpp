// SPDX-License-Identifier: GPL-3.0-or-later
// Honest colours on the real main window (offscreen): the colour range belongs to the view
// shown (a range typed for one buffer is not carried to another, comes back with its own
// view, and a new view starts on Auto), and "mark non-finite" keeps a NaN row visible in an
// 8192 x 8192 plane pooled by the mean, with a legend naming the NaN/±inf colours.
#include "controllers/create_controller.h"
#include "controllers/open_controller.h"
#include "main_window.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "python_oracle.h"
#include "views/colour_legend.h"
#include "views/histogram_view.h"
#include "views/render_panel.h"
#include "views/view_builder.h"
#include "window_support.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTreeView>

#include <cmath>
#include <limits>

using namespace bufferscope;
using testing::kSamples;

namespace {

// NumPy's finite minimum and maximum of base<expression>.
std::pair<double, double> numpyFiniteRange(const QString &sample, const QString &expression)
{
    const auto run = testing::runPython(
        QStringLiteral("import sys, json, numpy as np\n"
                       "v = eval('np.load(sys.argv[1])' + sys.argv[2]).astype(np.float64)\n"
                       "f = v[np.isfinite(v)]\n"
                       "print(json.dumps([float(f.min()), float(f.max())]))\n"),
        {}, {kSamples + sample, expression});
    const QJsonArray range = QJsonDocument::fromJson(run.out).array();
    return {range.at(0).toDouble(NAN), range.at(1).toDouble(NAN)};
}

bool shows(RenderPanel *render, double low, double high)
{
    return QTest::qWaitFor(
        [&] {
            const RenderResult &r = render->lastResult();
            return !render->isRendering() && !r.image.isNull() &&
                   std::abs(r.low - low) <= 1e-6 * (1 + std::abs(low)) &&
                   std::abs(r.high - high) <= 1e-6 * (1 + std::abs(high));
        },
        20000);
}

} // namespace

class WindowColoursTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void rangeBelongsToTheView()
    {
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles(
                     {kSamples + "bigendian.npy", kSamples + "fortran.npy"}),
                 2);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *render = window.findChild<RenderPanel *>();
        auto *low = render->findChild<QDoubleSpinBox *>(QStringLiteral("rangeLow"));
        auto *high = render->findChild<QDoubleSpinBox *>(QStringLiteral("rangeHigh"));
        auto *automatic = render->findChild<QCheckBox *>(QStringLiteral("rangeAuto"));
        QVERIFY(tree && render && low && high && automatic);
        const QModelIndex bigendian = window.model()->index(0, 0);
        const QModelIndex fortran = window.model()->index(1, 0);

        tree->setCurrentIndex(bigendian);
        const auto [bigLow, bigHigh] = numpyFiniteRange("bigendian.npy", "");
        QVERIFY2(shows(render, bigLow, bigHigh), "bigendian.npy is not on its own range");
        // A range typed by hand for this buffer.
        low->setValue(-0.25);
        high->setValue(0.5);
        QVERIFY(!automatic->isChecked());
        QVERIFY(shows(render, -0.25, 0.5));

        // Another buffer: Auto, on its own finite range (NumPy's), not the typed one.
        tree->setCurrentIndex(fortran);
        const auto [fLow, fHigh] = numpyFiniteRange("fortran.npy", "");
        QVERIFY2(shows(render, fLow, fHigh), "the typed range was carried to another buffer");
        QVERIFY(automatic->isChecked());
        QCOMPARE(render->rangeMode(), RangeMode::Automatic);

        // Back: the typed range is the first buffer's own.
        tree->setCurrentIndex(bigendian);
        QVERIFY(shows(render, -0.25, 0.5));
        QVERIFY(!automatic->isChecked());
        QCOMPARE(low->value(), -0.25);

        // A new view of it starts on Auto, on its own range.
        auto view = window.findChild<ViewBuilder *>()->createView(QStringLiteral("[10:20, ::3]"));
        QVERIFY(view.ok());
        QCOMPARE(window.current()->index(), *view);
        const auto [vLow, vHigh] = numpyFiniteRange("bigendian.npy", "[10:20, ::3]");
        QVERIFY2(shows(render, vLow, vHigh), "a new view did not start on Auto");
        QVERIFY(automatic->isChecked());
        QTest::qWait(200); // the plot replots on the next turns of the event loop
        testing::shoot(&window, QStringLiteral("colours-range-per-view"));
    }

    // An 8192 x 8192 float32 plane of zeros with one NaN row, pooled by the mean to the
    // screen: with "mark non-finite" (the default) a whole pixel row is NaN's colour;
    // without, the NaN row is pooled away.
    void pooledNanRowIsVisible()
    {
        MainWindow window;
        window.resize(1200, 900);
        window.show();
        auto *render = window.findChild<RenderPanel *>();
        auto *mark = render->findChild<QCheckBox *>(QStringLiteral("markNonFiniteCheck"));
        auto *legend = render->findChild<NonFiniteLegend *>();
        QVERIFY(mark && legend);
        QVERIFY(mark->isChecked()); // on by default
        QVERIFY(legend->isVisible());
        for (const QString &name : {QStringLiteral("NaN"), QStringLiteral("+inf"),
                                   QStringLiteral("\u2212inf")})
            QVERIFY2(legend->text().contains(name), qPrintable(legend->text()));
        render->setPoolMode(render::PoolMode::Mean);

        auto memory = window.findChild<CreateController *>()->newMemory(QStringLiteral("<f4"),
                                                                         {8192, 8192});
        QVERIFY(memory.ok());
        const Descriptor &d = window.model()->source(*memory)->descriptor();
        const std::int64_t nanRow = 4099;
        auto *row = reinterpret_cast<float *>(d.buf + nanRow * d.strides[0]);
        for (std::int64_t c = 0; c < 8192; ++c)
            row[c] = std::numeric_limits<float>::quiet_NaN();
        QCOMPARE(window.current()->index(), *memory);
        QVERIFY(testing::renderIdle(window));
        QTRY_VERIFY_WITH_TIMEOUT(!render->lastResult().image.isNull(), 20000);

        const render::ColourScale colours;
        const auto nanRows = [&] {
            const QImage image = render->lastResult().image.convertToFormat(QImage::Format_ARGB32);
            int rows = 0, nanPixels = 0;
            for (int y = 0; y < image.height(); ++y) {
                int here = 0;
                for (int x = 0; x < image.width(); ++x)
                    here += image.pixel(x, y) == colours.nanColour;
                rows += here == image.width();
                nanPixels += here;
            }
            return std::pair(rows, nanPixels);
        };
        const QImage image = render->lastResult().image;
        QVERIFY2(image.height() < 8192, "the plane was not pooled");
        QCOMPARE(nanRows(), std::pair(1, image.width()));
        testing::shoot(&window, QStringLiteral("colours-nan-row-marked"));

        mark->setChecked(false);
        QVERIFY(QTest::qWaitFor([&] { return nanRows().second == 0; }, 20000));
        QVERIFY(testing::renderIdle(window));
        mark->setChecked(true);
        QVERIFY(QTest::qWaitFor([&] { return nanRows().first == 1; }, 20000));
    }
};

QTEST_MAIN(WindowColoursTest)
#include "window_colours_test.moc"
