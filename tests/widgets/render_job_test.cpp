// SPDX-License-Identifier: GPL-3.0-or-later
// RenderJob and the render steps: a newer request supersedes an older one (only the newest
// is delivered, and its plane is the one asked for), the source is held exported exactly
// while a render reads it, pooling equals NumPy's block reductions, a region renders only
// its cells, and the cached plane is reused for re-colouring.
#include "exporters/npy/npy_exporter.h"
#include "models/render_fields.h"
#include "models/render_job.h"
#include "views/heatmap_target.h"
#include "numpy_json.h"
#include "render/colour_map.h"
#include "render/gradient.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace bufferscope;
using nlohmann::json;
using testing::numpy;
using testing::sample;

namespace {

std::unique_ptr<NpyExporter> open(const QString &path)
{
    auto exporter = NpyExporter::open(path.toStdString());
    if (!exporter)
        qFatal("%s", exporter.error().message.c_str());
    return std::move(exporter.value());
}

RenderRequest requestFor(const Descriptor &descriptor, Index z)
{
    auto numeric = renderSource(descriptor, {});
    if (!numeric)
        qFatal("%s", numeric.error().message.c_str());
    RenderRequest request;
    request.plane.descriptor = numeric->descriptor;
    request.plane.numeric = numeric->numeric;
    request.plane.selection = render::defaultSelection(numeric->descriptor);
    if (!request.plane.selection.fixed.empty())
        request.plane.selection.fixed[0] = z;
    return request;
}

} // namespace

class RenderJobTest : public QObject
{
    Q_OBJECT

private slots:
    void newerRequestSupersedesOlder();
    void sourceIsExportedWhileReading();
    void poolingEqualsNumpyBlockReductions();
    void regionRendersOnlyItsCells();
    void errorsAreDelivered();
    void complexPartsAndZeroDimensions();
    void truncatedFileIsReportedNotDrawn();
};

void RenderJobTest::newerRequestSupersedesOlder()
{
    auto volume = open(sample("volume.npy"));
    RenderJob job;
    QSignalSpy finished(&job, &RenderJob::finished);
    QSignalSpy histograms(&job, &RenderJob::histogramReady);
    // A burst, as a slider drag makes: z = 0..9, all before the event loop runs.
    std::uint64_t last = 0;
    for (Index z = 0; z < 10; ++z)
        last = job.request(requestFor(volume->descriptor(), z), volume.get());
    QVERIFY(job.isBusy());
    QTRY_VERIFY(!job.isBusy());
    QTRY_COMPARE(histograms.count(), 1);
    QTest::qWait(100); // nothing older may still arrive
    QCOMPARE(finished.count(), 1);
    const auto result = finished.at(0).at(0).value<RenderResult>();
    QCOMPARE(result.generation, last);
    QCOMPARE(job.discarded(), 9);
    const json expected = numpy(QStringLiteral(R"PY(
v = np.load(sys.argv[1])[9]
low, high = float(v.min()), float(v.max())
print(json.dumps({'values': v.astype(float).ravel().tolist(), 'low': low, 'high': high,
                  'hist': np.histogram(v, 128, (low, high))[0].tolist()}))
)PY"),
                                {sample("volume.npy")});
    // The picture is plane 9 (128x128 fits the budget: one pixel per cell).
    QCOMPARE(result.low, expected["low"].get<double>());
    QCOMPARE(result.high, expected["high"].get<double>());
    QCOMPARE(result.image.size(), QSize(128, 128));
    render::ColourScale scale;
    scale.low = result.low;
    scale.high = result.high;
    const render::Gradient &viridis = *render::findGradient("viridis");
    int agreeing = 0;
    for (int i = 0; i < 128 * 128; ++i) {
        const auto v = static_cast<float>(expected["values"][std::size_t(i)].get<double>());
        agreeing += result.image.pixel(i % 128, i / 128) ==
                    viridis.colours[std::size_t(render::gradientIndex(v, scale))];
    }
    QCOMPARE(agreeing, 128 * 128);
    // Its histogram, from the second pass, is numpy.histogram's.
    const auto summary = histograms.at(0).at(0).value<std::shared_ptr<const PlaneSummary>>();
    QCOMPARE(summary->histogram.counts.size(), std::size_t(128));
    for (std::size_t b = 0; b < 128; ++b)
        QCOMPARE(summary->histogram.counts[b], expected["hist"][b].get<std::int64_t>());
    QTRY_COMPARE(volume->exports(), 0); // every superseded render gave its export back
}

void RenderJobTest::sourceIsExportedWhileReading()
{
    auto volume = open(sample("volume.npy"));
    RenderJob job;
    QSignalSpy finished(&job, &RenderJob::finished);
    QSignalSpy histograms(&job, &RenderJob::histogramReady);
    job.request(requestFor(volume->descriptor(), 3), volume.get());
    QCOMPARE(volume->exports(), 1);
    QCOMPARE(volume->close().error().message, std::string("npy file has 1 exported buffer"));
    QTRY_COMPARE(finished.count(), 1);
    QTRY_COMPARE(histograms.count(), 1); // the export is held until the histogram pass ends
    QTRY_COMPARE(volume->exports(), 0);
    // Re-colouring the same plane reuses the cached summary: no second histogram pass.
    RenderRequest again = requestFor(volume->descriptor(), 3);
    again.gradient = "grey";
    const auto first = histograms.at(0).at(0).value<std::shared_ptr<const PlaneSummary>>();
    job.request(again, volume.get());
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(finished.at(1).at(0).value<RenderResult>().plane.get(), first.get());
    // Cancelled renders deliver nothing and still give the export back.
    job.request(requestFor(volume->descriptor(), 4), volume.get());
    job.cancel();
    QVERIFY(!job.isBusy());
    job.waitForIdle();
    QTest::qWait(50);
    QCOMPARE(finished.count(), 2);
    QCOMPARE(histograms.count(), 1);
    QCOMPARE(volume->exports(), 0);
}

void RenderJobTest::poolingEqualsNumpyBlockReductions()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.npy"));
    const unsigned seed = 3118;
    const json expected = numpy(QStringLiteral(R"PY(
rng = np.random.default_rng(int(sys.argv[2]))
a = rng.normal(size=(600, 900)).astype(np.float32)
a[5, 7] = np.nan
np.save(sys.argv[1], a)
b = a.reshape(200, 3, 300, 3)
print(json.dumps({'low': float(np.nanmin(a)), 'high': float(np.nanmax(a)),
                  'max': np.nanmax(b, axis=(1, 3)).astype(float).tolist(),
                  'min': np.nanmin(b, axis=(1, 3)).astype(float).tolist(),
                  'mean': np.nanmean(b, axis=(1, 3), dtype=np.float64).astype(float).tolist()}))
)PY"),
                                {path, QString::number(seed)});
    auto big = open(path);
    const render::Gradient *gray = render::findGradient("grey");
    for (auto [mode, key] :
         {std::pair{render::PoolMode::Max, "max"}, std::pair{render::PoolMode::Min, "min"},
          std::pair{render::PoolMode::Mean, "mean"}}) {
        RenderRequest request = requestFor(big->descriptor(), 0);
        request.limit = {250, 350}; // 600x900 fits by a factor of 3: 200x300
        request.poolMode = mode;
        request.markNonFinite = false; // NumPy's nanmax/nanmin/nanmean: NaN ignored
        request.gradient = "grey";
        const RenderResult result = renderNow(request, nullptr);
        QCOMPARE(result.image.size(), QSize(300, 200));
        QCOMPARE(poolingSummary(result), QStringLiteral("600 × 900 cells in 200 × 300 pixels"));
        QCOMPARE(result.low, expected["low"].get<double>());
        render::ColourScale scale;
        scale.low = result.low;
        scale.high = result.high;
        int agreeing = 0;
        for (int r = 0; r < 200; ++r) {
            for (int c = 0; c < 300; ++c) {
                const auto v = static_cast<float>(expected[key][r][c].get<double>());
                // Mean in float64 by NumPy, float32 here: allow one gradient step.
                const int want = render::gradientIndex(v, scale);
                const QRgb got = result.image.pixel(c, r);
                const int index = qRed(got); // gray: red == index
                agreeing += mode == render::PoolMode::Mean
                                ? std::abs(index - want) <= 1
                                : got == gray->colours[std::size_t(want)];
            }
        }
        if (agreeing != 200 * 300)
            qWarning("seed %u, %s: %d of 60000 pooled cells agree", seed, key, agreeing);
        QCOMPARE(agreeing, 200 * 300);
    }
    // Marked (the default), the pixel holding a[5, 7] shows NaN's colour, and only it.
    RenderRequest marked = requestFor(big->descriptor(), 0);
    marked.limit = {250, 350};
    const RenderResult result = renderNow(marked, nullptr);
    int nanPixels = 0;
    for (int r = 0; r < 200; ++r)
        for (int c = 0; c < 300; ++c)
            nanPixels += result.image.pixel(c, r) == marked.colours.nanColour;
    QCOMPARE(nanPixels, 1);
    QCOMPARE(result.image.pixel(7 / 3, 5 / 3), marked.colours.nanColour);
}

void RenderJobTest::regionRendersOnlyItsCells()
{
    auto volume = open(sample("volume.npy"));
    RenderRequest request = requestFor(volume->descriptor(), 7);
    request.region = {10, 20, 30, 40};
    request.rangeMode = RangeMode::Manual;
    request.low = -0.2;
    request.high = 0.9;
    const RenderResult result = renderNow(request, nullptr);
    QCOMPARE(result.region, (RenderRegion{10, 20, 30, 40}));
    QCOMPARE(result.image.size(), QSize(40, 30));
    QCOMPARE(poolingSummary(result), QStringLiteral("30 × 40 cells, a pixel each"));
    const json expected = numpy(QStringLiteral("v = np.load(sys.argv[1])\nprint(json.dumps(v[7, "
                                               "10:40, 20:60].astype(float).tolist()))\n"),
                                {sample("volume.npy")});
    render::ColourScale scale;
    scale.low = -0.2;
    scale.high = 0.9;
    const render::Gradient &viridis = *render::findGradient("viridis");
    int agreeing = 0;
    for (int r = 0; r < 30; ++r)
        for (int c = 0; c < 40; ++c)
            agreeing += result.image.pixel(c, r) ==
                        viridis.colours[std::size_t(render::gradientIndex(
                            static_cast<float>(expected[r][c].get<double>()), scale))];
    QCOMPARE(agreeing, 30 * 40);
}

void RenderJobTest::errorsAreDelivered()
{
    auto volume = open(sample("volume.npy"));
    RenderRequest request = requestFor(volume->descriptor(), 40); // axis 0 has 32
    RenderJob job;
    QSignalSpy finished(&job, &RenderJob::finished);
    job.request(request, volume.get());
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).value<RenderResult>().error,
             QStringLiteral("render: index 40 is out of bounds for axis 0 with size 32"));
    QCOMPARE(volume->exports(), 0);
    auto records = open(sample("records.npy"));
    auto source = renderSource(records->descriptor(), "['name']");
    QVERIFY(!source.ok());
    QCOMPARE(QString::fromStdString(source.error().message),
             QStringLiteral("render: format '<6s' has no numeric value; select a numeric field"));
}

void RenderJobTest::complexPartsAndZeroDimensions()
{
    QTemporaryDir dir;
    const QString complexPath = dir.filePath(QStringLiteral("complex.npy"));
    const QString scalarPath = dir.filePath(QStringLiteral("scalar.npy"));
    const json expected = numpy(QStringLiteral(R"PY(
rng = np.random.default_rng(7)
c = (rng.normal(size=(3, 6, 5)) + 1j * rng.normal(size=(3, 6, 5))).astype(np.complex64)
np.save(sys.argv[1], c)
np.save(sys.argv[2], np.array(-2.5, dtype='>f8'))
p = c[1]
print(json.dumps({'magnitude': np.abs(p).astype(float).ravel().tolist(),
                  'phase': np.angle(p).astype(float).ravel().tolist(),
                  'real': p.real.astype(float).ravel().tolist(),
                  'imaginary': p.imag.astype(float).ravel().tolist(), 'scalar': -2.5}))
)PY"),
                                {complexPath, scalarPath});
    auto complex = open(complexPath);
    int agreeing = 0, total = 0;
    for (auto [part, key] : {std::pair{render::ComplexPart::Magnitude, "magnitude"},
                             std::pair{render::ComplexPart::Phase, "phase"},
                             std::pair{render::ComplexPart::Real, "real"},
                             std::pair{render::ComplexPart::Imaginary, "imaginary"}}) {
        RenderRequest request = requestFor(complex->descriptor(), 1);
        request.plane.selection.complexPart = part;
        const RenderResult result = renderNow(request, nullptr);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        for (std::size_t i = 0; i < 30; ++i, ++total) {
            const auto want = static_cast<float>(expected[key][i].get<double>());
            const Cell cell{static_cast<Index>(i / 5), static_cast<Index>(i % 5)};
            const QString text = readoutText(request.plane, *result.plane, cell, {});
            const float got = text.section(QStringLiteral(" = "), 1).toFloat();
            // Shown with 7 significant digits; float32 magnitude and phase may also differ
            // from NumPy's by an ulp or two.
            agreeing += std::abs(got - want) <= 1e-6f * std::max(1.0f, std::abs(want));
        }
    }
    QCOMPARE(agreeing, total);
    auto scalar = open(scalarPath);
    const RenderResult result = renderNow(requestFor(scalar->descriptor(), 0), nullptr);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.plane->shape.rows, 1); // 0-D: a single cell
    QCOMPARE(result.plane->shape.columns, 1);
    QCOMPARE(result.plane->statistics.min, expected["scalar"].get<double>());
    QCOMPARE(readoutText(requestFor(scalar->descriptor(), 0).plane, *result.plane, {0, 0}, {}),
             QStringLiteral("[] = -2.5"));
    QCOMPARE(result.image.size(), QSize(1, 1));
}

// A mapped file cut short while it is shown: the pages past the new end read as zeros (the
// SIGBUS guard), and the render says so instead of drawing them.
void RenderJobTest::truncatedFileIsReportedNotDrawn()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cut.npy"));
    QVERIFY(QFile::copy(sample("volume.npy"), path));
    auto volume = open(path);
    RenderJob job;
    QSignalSpy finished(&job, &RenderJob::finished);
    job.request(requestFor(volume->descriptor(), 3), volume.get());
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(finished.at(0).at(0).value<RenderResult>().error.isEmpty());

    QVERIFY(QFile::resize(path, 1000));
    job.request(requestFor(volume->descriptor(), 30), volume.get());
    QTRY_COMPARE(finished.count(), 2);
    const RenderResult result = finished.at(1).at(0).value<RenderResult>();
    QCOMPARE(result.error, QStringLiteral("file '%1' changed on disk while mapped: size 2097280 is "
                                          "now 1000; bytes past the new end read as zeros")
                               .arg(path));
    QVERIFY(result.image.isNull());
    QCOMPARE(volume->exports(), 0);
}

QTEST_MAIN(RenderJobTest)
#include "render_job_test.moc"
