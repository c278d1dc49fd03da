// SPDX-License-Identifier: GPL-3.0-or-later
// The chunk overlay's core: chunkPlaneGrid against NumPy (chunk_plane_cases.py computes which
// chunk every cell of random planes of random views comes from, steps, negative steps and
// transposes included), its refusal of planes whose rows and columns share an array axis,
// and ChunkReader's chunk states (absent from a directory listing without reading, stored,
// loading, cached) and readCached, which never loads.
#include "buffer/layout.h"
#include "exporters/chunked/chunk_plane_grid.h"
#include "exporters/chunked/chunk_reader.h"
#include "exporters/chunked/chunked_exporter.h"
#include "exporters/chunked/open_chunked.h"
#include "python_oracle.h"
#include "views/steps.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <future>
#include <thread>

using namespace bufferscope;

class ChunkPlaneGridTest : public QObject
{
    Q_OBJECT
private slots:
    void agreesWithNumpy();
    void refusesSharedAxes();
    void statesOfADirectoryStore();
    void loadingState();
};

namespace {

std::vector<std::int64_t> ints(const QJsonValue &value)
{
    std::vector<std::int64_t> out;
    for (const auto &v : value.toArray())
        out.push_back(v.toInteger());
    return out;
}

ChunkedArrayInfo arrayInfo(std::vector<std::int64_t> shape, std::vector<std::int64_t> chunks,
                           std::int64_t itemsize)
{
    ChunkedArrayInfo info;
    info.kind = "zarr";
    info.shape = std::move(shape);
    info.chunks = std::move(chunks);
    info.itemsize = itemsize;
    info.fill.assign(static_cast<std::size_t>(itemsize), std::byte{0});
    return info;
}

// The whole array as ChunkedExporter describes it: C-contiguous at the virtual base.
Descriptor wholeArray(const ChunkedArrayInfo &info, const std::string &format)
{
    Descriptor d;
    d.buf = reinterpret_cast<std::byte *>(ChunkReader::kBaseAddress);
    d.itemsize = info.itemsize;
    d.format = format;
    d.readonly = true;
    d.shape = info.shape;
    d.strides = contiguousStrides(d.shape, d.itemsize, Order::C);
    d.len = d.itemsize;
    for (auto n : d.shape)
        d.len *= n;
    return d;
}

} // namespace

void ChunkPlaneGridTest::agreesWithNumpy()
{
    const int seed = 20261206;
    QFile script(QStringLiteral(BUFFERSCOPE_TEST_DATA "/chunk_plane_cases.py"));
    QVERIFY(script.open(QIODevice::ReadOnly));
    auto run = testing::runPython(QString::fromUtf8(script.readAll()), {},
                                  {QString::number(seed), QStringLiteral("300")});
    QVERIFY2(run.ok, qPrintable(run.error));
    const QJsonArray cases = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(cases.size(), 300);
    int checked = 0;
    for (const auto &value : cases) {
        const QJsonObject c = value.toObject();
        const std::string format = c["format"].toString().toStdString();
        const std::int64_t itemsize = format == "B"    ? 1
                                      : format == "<h" ? 2
                                      : format == "<f" ? 4
                                      : format == "<d" ? 8
                                                       : 12;
        const auto info = arrayInfo(ints(c["shape"]), ints(c["chunks"]), itemsize);
        const std::string expression = c["expression"].toString().toStdString();
        const QByteArray where =
            "seed " + QByteArray::number(seed) + ": shape " +
            QJsonDocument(c["shape"].toArray()).toJson(QJsonDocument::Compact) + " chunks " +
            QJsonDocument(c["chunks"].toArray()).toJson(QJsonDocument::Compact) + " view '" +
            QByteArray::fromStdString(expression) + "'";
        auto view = applyExpression(wholeArray(info, format), expression);
        QVERIFY2(view, (where + ": " + QByteArray::fromStdString(view ? "" : view.error().message))
                           .constData());
        render::PlaneSelection selection;
        selection.rowAxis = c["row_axis"].toInt();
        selection.columnAxis = c["column_axis"].toInt();
        selection.fixed = ints(c["fixed"]);
        auto grid = chunkPlaneGrid(info, ChunkReader::kBaseAddress, *view, selection);
        QVERIFY2(grid, (where + ": " + QByteArray::fromStdString(grid ? "" : grid.error().message))
                           .constData());
        QCOMPARE(grid->shape.rows, c["rows"].toInteger());
        QCOMPARE(grid->shape.columns, c["columns"].toInteger());
        const auto ids = ints(c["ids"]);
        std::vector<std::uint64_t> distinct;
        for (Index r = 0; r < grid->shape.rows; ++r)
            for (Index col = 0; col < grid->shape.columns; ++col) {
                const auto expected = static_cast<std::uint64_t>(
                    ids[static_cast<std::size_t>(r * grid->shape.columns + col)]);
                const auto got = grid->chunkAt(r, col);
                if (got != expected)
                    QFAIL((where + ": cell (" + QByteArray::number(r) + ", " +
                           QByteArray::number(col) + ") is in chunk " +
                           QByteArray::number(expected) + ", the grid says " +
                           QByteArray::number(got))
                              .constData());
                distinct.push_back(expected);
            }
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        QCOMPARE(grid->chunkIds(), distinct);
        ++checked;
    }
    QCOMPARE(checked, 300);
}

void ChunkPlaneGridTest::refusesSharedAxes()
{
    // (4, 6) chunked (2, 3) reshaped to (6, 4): a row step of 4 items crosses rows of the
    // array, and so does a column step; no set of row and column spans describes the plane.
    const auto info = arrayInfo({4, 6}, {2, 3}, 1);
    auto view = applyExpression(wholeArray(info, "B"), ".reshape(6, 4)");
    QVERIFY(view);
    auto grid =
        chunkPlaneGrid(info, ChunkReader::kBaseAddress, *view, render::defaultSelection(*view));
    QVERIFY(!grid);
    QCOMPARE(
        grid.error().message,
        std::string("chunk grid: rows and columns of the plane move along the same array axis 1"));
}

void ChunkPlaneGridTest::statesOfADirectoryStore()
{
    // A Zarr v2 array (4, 4) of uint8 chunked (2, 2), fill value 7: chunks 0.0 and 1.1 are
    // written (raw, no compressor), 0.1 and 1.0 are absent.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.filePath(QStringLiteral("a.zarr"));
    QVERIFY(QDir().mkpath(root));
    auto write = [&](const QString &name, const QByteArray &bytes) {
        QFile file(root + QLatin1Char('/') + name);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    };
    write(QStringLiteral(".zarray"),
          R"({"zarr_format": 2, "shape": [4, 4], "chunks": [2, 2], "dtype": "|u1",
              "compressor": null, "filters": null, "fill_value": 7, "order": "C"})");
    write(QStringLiteral("0.0"), QByteArray("\x01\x02\x03\x04", 4));
    write(QStringLiteral("1.1"), QByteArray("\x05\x06\x07\x08", 4));
    auto opened = openChunked(root.toStdString());
    QVERIFY2(opened, opened ? "" : opened.error().message.c_str());
    auto *exporter = dynamic_cast<ChunkedExporter *>(opened->get());
    QVERIFY(exporter);
    const ChunkReader &reader = exporter->chunkReader();
    QCOMPARE(reader.chunkState(0), ChunkState::Stored);
    QCOMPARE(reader.chunkState(1), ChunkState::Absent);
    QCOMPARE(reader.chunkState(2), ChunkState::Absent);
    QCOMPARE(reader.chunkState(3), ChunkState::Stored);
    QCOMPARE(reader.chunksLoaded(), std::uint64_t(0)); // the states read no chunk

    // readCached before any load: fill value everywhere, nothing loaded.
    std::vector<std::byte> bytes(16, std::byte{0xff});
    ReadRun run{ChunkReader::kBaseAddress, bytes.size(), bytes.data()};
    QVERIFY(reader.readCached({&run, 1}));
    for (std::byte b : bytes)
        QCOMPARE(int(b), 7);
    QCOMPARE(reader.chunksLoaded(), std::uint64_t(0));

    const std::uint64_t first[] = {0};
    QVERIFY(reader.prefetch(first));
    QCOMPARE(reader.chunkState(0), ChunkState::Cached);
    QCOMPARE(reader.chunkState(3), ChunkState::Stored);
    QVERIFY(reader.readCached({&run, 1}));
    // Row 0 of the array: chunk 0.0's first row (1, 2), then 0.1 (absent: 7, 7).
    QCOMPARE(int(bytes[0]), 1);
    QCOMPARE(int(bytes[1]), 2);
    QCOMPARE(int(bytes[2]), 7);
    QCOMPARE(int(bytes[15]), 7); // chunk 1.1 is stored but not loaded yet
    QVERIFY(reader.read({&run, 1}));
    QCOMPARE(int(bytes[15]), 8);
    QCOMPARE(reader.chunkState(3), ChunkState::Cached);
    QCOMPARE(reader.chunkState(1), ChunkState::Absent); // loaded and found absent
}

namespace {

// A source whose chunk 0 load waits until the test lets it go.
class GatedSource : public ChunkSource
{
public:
    GatedSource() : m_info(arrayInfo({4}, {2}, 1)) {}
    const ChunkedArrayInfo &info() const override { return m_info; }
    std::string chunkKey(std::span<const std::int64_t> coords) const override
    {
        return std::to_string(coords[0]);
    }
    Result<LoadedChunk> loadChunk(std::span<const std::int64_t>,
                                  std::span<std::byte> out) const override
    {
        m_started.set_value();
        m_release.wait();
        std::fill(out.begin(), out.end(), std::byte{3});
        LoadedChunk loaded;
        loaded.present = true;
        loaded.storedBytes = out.size();
        return loaded;
    }
    ChunkedArrayInfo m_info;
    mutable std::promise<void> m_started;
    std::promise<void> m_go;
    std::shared_future<void> m_release{m_go.get_future().share()};
};

} // namespace

void ChunkPlaneGridTest::loadingState()
{
    auto source = std::make_shared<GatedSource>();
    auto started = source->m_started.get_future();
    ChunkReader reader(source);
    QCOMPARE(reader.chunkState(0), ChunkState::Stored); // the source cannot tell: stored
    std::thread load([&] {
        const std::uint64_t ids[] = {0};
        (void)reader.prefetch(ids);
    });
    QVERIFY(started.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    QCOMPARE(reader.chunkState(0), ChunkState::Loading);
    source->m_go.set_value();
    load.join();
    QCOMPARE(reader.chunkState(0), ChunkState::Cached);
}

QTEST_GUILESS_MAIN(ChunkPlaneGridTest)
#include "chunk_plane_grid_test.moc"
