// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkReader's request handling on a synthetic array (test_source.h: every element is its
// own flat index, so bytes are checked without an oracle): a superseded read drops the chunk
// loads it has not started; an exported view pins the chunks read for it beyond the cache's
// budget until its export is given back; readCost counts exactly the chunks a read then
// loads (differential against the reader itself, random views); a chunk whose stamp changes
// between loads is reported by checkData and the storage summary.
#include "buffer/fetch.h"
#include "buffer/read_cancel.h"
#include "exporters/chunked/chunked_exporter.h"
#include "exporters/chunked/read_cost.h"
#include "exporters/chunked/storage_summary.h"
#include "exporters/source_bytes.h"
#include "test_source.h"
#include "views/view.h"

#include <QTest>

#include <cstring>
#include <random>
#include <thread>

using namespace bufferscope;
using testing::TestSource;

class ChunkReaderTest : public QObject
{
    Q_OBJECT
private slots:
    void supersededReadDropsQueuedChunks();
    void supersededReadOnTwoThreads();
    void exportedViewPinsItsChunks();
    void pinsStopAtTheLimit();
    void readCostCountsTheChunksRead();
    void readCostText();
    void changedChunkIsReported();
};

namespace {

struct Opened
{
    std::shared_ptr<TestSource> source;
    std::unique_ptr<ChunkedExporter> exporter;
    const ChunkReader &reader() const { return exporter->chunkReader(); }
};

Opened openTest(std::vector<std::int64_t> shape, std::vector<std::int64_t> chunks)
{
    Opened o;
    o.source = std::make_shared<TestSource>(std::move(shape), std::move(chunks));
    auto created = ChunkedExporter::create(o.source);
    if (created)
        o.exporter = std::move(*created);
    return o;
}

// The flat indices a C-order read of `bytes` should hold, checked at every element.
int wrongValues(const std::vector<std::byte> &bytes, const std::vector<std::int64_t> &flat)
{
    std::vector<float> values(bytes.size() / 4);
    std::memcpy(values.data(), bytes.data(), bytes.size());
    int wrong = values.size() != flat.size();
    for (std::size_t i = 0; i < values.size() && i < flat.size(); ++i)
        wrong += values[i] != float(flat[i]);
    return wrong;
}

std::vector<std::int64_t> planeIndices(std::int64_t plane, std::int64_t rows, std::int64_t columns)
{
    std::vector<std::int64_t> flat;
    for (std::int64_t i = 0; i < rows * columns; ++i)
        flat.push_back(plane * rows * columns + i);
    return flat;
}

// Reads through the chunk reader every time (sourceBytes would answer a repeated read from
// the reader's FetchCache of whole copies, without asking for chunks).
bool readDirect(const BufferSource &source)
{
    const Descriptor &d = source.descriptor();
    std::vector<std::byte> out(static_cast<std::size_t>(d.len));
    return bool(fetchToContiguous(d, *source.rootExporter().reader(), out));
}

std::string rowText(const ChunkedExporter &exporter, const std::string &label)
{
    for (const auto &[l, value] : storageSummary(exporter))
        if (l == label)
            return value;
    return "(no row '" + label + "')";
}

} // namespace

void ChunkReaderTest::supersededReadDropsQueuedChunks()
{
    // Plane 5 of (16, 64, 64) in (1, 16, 16) chunks: 16 chunks, loaded one at a time.
    Opened o = openTest({16, 64, 64}, {1, 16, 16});
    QVERIFY(o.exporter);
    o.exporter->chunkReader().setThreads(1);
    std::atomic<bool> superseded = false;
    std::atomic<int> loads = 0;
    // The newer request arrives while the third chunk of the first is being loaded.
    o.source->onLoad = [&](std::uint64_t) {
        if (++loads == 3)
            superseded = true;
    };
    auto plane5 = View::create(*o.exporter, "[5]");
    QVERIFY(plane5);
    {
        ReadCancelScope scope([&] { return !superseded.load(); });
        auto refused = sourceBytes(**plane5, Order::C);
        QVERIFY(!refused);
        QCOMPARE(QString::fromStdString(refused.error().message),
                 QStringLiteral("read: cancelled, a newer request superseded it"));
    }
    // The chunk that was loading when the request was superseded finished and stays cached;
    // the 13 still queued were never loaded.
    QCOMPARE(o.reader().chunksLoaded(), std::uint64_t(3));
    QCOMPARE(o.reader().chunksCancelled(), std::uint64_t(13));
    QCOMPARE(o.reader().chunkCache().chunksHeld(), std::size_t(3));

    // The newer request (plane 6) reads completely and loads only its own chunks.
    o.source->onLoad = {};
    auto plane6 = View::create(*o.exporter, "[6]");
    QVERIFY(plane6);
    auto bytes = sourceBytes(**plane6, Order::C);
    QVERIFY2(bytes, bytes ? "" : bytes.error().message.c_str());
    QCOMPARE(wrongValues(*bytes, planeIndices(6, 64, 64)), 0);
    QCOMPARE(o.reader().chunksLoaded(), std::uint64_t(3 + 16));

    // Plane 5 again, not cancelled: the 3 chunks loaded before come from the cache.
    bytes = sourceBytes(**plane5, Order::C);
    QVERIFY(bytes);
    QCOMPARE(wrongValues(*bytes, planeIndices(5, 64, 64)), 0);
    QCOMPARE(o.reader().chunksLoaded(), std::uint64_t(3 + 16 + 13));
}

void ChunkReaderTest::supersededReadOnTwoThreads()
{
    // Two loading threads, slow chunks (20 ms), request A superseded by B from another
    // thread after 50 ms: A loads at most the chunks already started then, plus the one
    // each thread may be starting as the flag flips; B completes.
    Opened o = openTest({16, 64, 64}, {1, 16, 16});
    QVERIFY(o.exporter);
    o.exporter->chunkReader().setThreads(2);
    std::atomic<std::uint64_t> latest = 1;
    o.source->onLoad = [](std::uint64_t) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    };
    auto plane5 = View::create(*o.exporter, "[5]");
    QVERIFY(plane5);
    std::optional<Error> aError;
    std::thread a([&] {
        ReadCancelScope scope([&] { return latest.load() == 1; });
        auto bytes = sourceBytes(**plane5, Order::C);
        if (!bytes)
            aError = bytes.error();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    latest = 2;
    a.join();
    QVERIFY(aError);
    QCOMPARE(QString::fromStdString(aError->message),
             QStringLiteral("read: cancelled, a newer request superseded it"));
    const std::uint64_t aLoaded = o.reader().chunksLoaded();
    qInfo("request A loaded %llu of 16 chunks before it was superseded",
          (unsigned long long)aLoaded);
    QVERIFY(aLoaded >= 2 && aLoaded <= 10);
    QCOMPARE(aLoaded + o.reader().chunksCancelled(), std::uint64_t(16));
    auto plane6 = View::create(*o.exporter, "[6, 0:16]");
    QVERIFY(plane6);
    ReadCancelScope scope([&] { return latest.load() == 2; });
    auto bytes = sourceBytes(**plane6, Order::C);
    QVERIFY(bytes);
    QCOMPARE(o.reader().chunksLoaded(), aLoaded + 4);
}

void ChunkReaderTest::exportedViewPinsItsChunks()
{
    // (8, 64, 64) float32 in whole-plane chunks of 16 KiB, a cache of 2 chunks.
    Opened o = openTest({8, 64, 64}, {1, 64, 64});
    QVERIFY(o.exporter);
    ChunkCache &cache = o.exporter->chunkReader().chunkCache();
    const std::size_t chunk = 64 * 64 * 4;
    cache.setBudget(2 * chunk);

    // A view that exists but is not exported pins nothing.
    auto first = View::create(*o.exporter, "[0:4]");
    QVERIFY(first);
    QVERIFY(readDirect(**first));
    QCOMPARE(cache.chunksPinned(), std::size_t(0));
    QVERIFY(cache.bytesHeld() <= 2 * chunk);

    // Exported (a panel or a memoryview holds it): the chunks read for it stay.
    auto held = View::create(*o.exporter, "[2:6]");
    QVERIFY(held);
    QVERIFY((*held)->getBuffer(request::FullRO));
    auto bytes = sourceBytes(**held, Order::C);
    QVERIFY(bytes);
    std::vector<std::int64_t> flat;
    for (std::int64_t i = 2 * 4096; i < 6 * 4096; ++i)
        flat.push_back(i);
    QCOMPARE(wrongValues(*bytes, flat), 0);
    QCOMPARE(cache.chunksPinned(), std::size_t(4));
    QCOMPARE(cache.pinnedBytes(), 4 * chunk);
    QCOMPARE(cache.bytesHeld(), 4 * chunk);
    QCOMPARE(QString::fromStdString(rowText(*o.exporter, "chunk cache")),
             QStringLiteral(
                 "65536 bytes (0.06 MiB) of 32768 bytes (0.03 MiB), 4 chunks; 4 pinned by held "
                 "views (65536 bytes (0.06 MiB)), over the budget by 32768 bytes (0.03 MiB)"));

    // Other reads evict around the pinned chunks, never them: reading the held view again
    // loads nothing.
    auto others = View::create(*o.exporter, "[6:8]");
    QVERIFY(others);
    QVERIFY(readDirect(**others));
    QCOMPARE(cache.chunksPinned(), std::size_t(4));
    const std::uint64_t before = o.reader().chunksLoaded();
    QVERIFY(readDirect(**held));
    QCOMPARE(o.reader().chunksLoaded(), before);

    // Export given back: nothing is pinned and the cache is back within its budget, so
    // reading the view again loads chunks again.
    (*held)->releaseBuffer();
    QCOMPARE(cache.chunksPinned(), std::size_t(0));
    QVERIFY(cache.bytesHeld() <= 2 * chunk);
    QVERIFY(readDirect(**held));
    QVERIFY(o.reader().chunksLoaded() > before);
}

void ChunkReaderTest::pinsStopAtTheLimit()
{
    // A cache of one 16 KiB chunk: held views pin at most 4 chunks (kPinBudgets budgets).
    Opened o = openTest({8, 64, 64}, {1, 64, 64});
    QVERIFY(o.exporter);
    ChunkCache &cache = o.exporter->chunkReader().chunkCache();
    const std::size_t chunk = 64 * 64 * 4;
    cache.setBudget(chunk);
    auto held = View::create(*o.exporter, "[...]");
    QVERIFY(held);
    QVERIFY((*held)->getBuffer(request::FullRO));
    QVERIFY(readDirect(**held));
    QCOMPARE(cache.chunksPinned(), ChunkReader::kPinBudgets);
    QVERIFY(o.reader().pinLimitReached());
    QVERIFY(QString::fromStdString(rowText(*o.exporter, "chunk cache"))
                .endsWith(QStringLiteral("; pinning stopped at 4 times the budget")));
    (*held)->releaseBuffer();
    QCOMPARE(cache.chunksPinned(), std::size_t(0));
    QVERIFY(cache.bytesHeld() <= chunk);
}

void ChunkReaderTest::readCostCountsTheChunksRead()
{
    const unsigned seed = std::random_device{}();
    qInfo("seed %u", seed);
    std::mt19937 rng(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    int checked = 0;
    for (int round = 0; round < 60; ++round) {
        // A random 1..3-d array and chunking, some chunks absent.
        const int ndim = pick(1, 3);
        std::vector<std::int64_t> shape, chunks;
        for (int k = 0; k < ndim; ++k) {
            shape.push_back(pick(1, 24));
            chunks.push_back(pick(1, int(shape.back())));
        }
        Opened o = openTest(shape, chunks);
        QVERIFY(o.exporter);
        o.source->absentEvery = std::uint64_t(pick(0, 4));
        // A random basic-indexing view, sometimes transposed.
        std::string expression = "[";
        for (int k = 0; k < ndim; ++k) {
            const int n = int(shape[std::size_t(k)]);
            const int a = pick(0, n - 1), b = pick(a, n), step = pick(1, 3);
            expression +=
                (k ? ", " : "") + (pick(0, 4) == 0 ? std::to_string(a)
                                                   : std::to_string(a) + ":" + std::to_string(b) +
                                                         ":" + std::to_string(step));
        }
        expression += pick(0, 2) == 0 ? "].T" : "]";
        auto view = View::create(*o.exporter, expression);
        QVERIFY2(view, expression.c_str());
        auto cost = readCost(*o.exporter, (*view)->descriptor());
        QVERIFY2(cost, cost ? "" : cost.error().message.c_str());
        QVERIFY(sourceBytes(**view, Order::C));
        // What the read then loaded, chunk by chunk, is what the preview counted.
        const std::set<std::uint64_t> loaded = o.source->loads();
        std::uint64_t absent = 0, stored = 0;
        for (std::uint64_t id : loaded) {
            if (o.source->isAbsent(id))
                ++absent;
            else
                stored += TestSource::storedSize(id);
        }
        const QString where = QString::fromStdString(nlohmann::json(shape).dump() +
                                                     nlohmann::json(chunks).dump() + expression);
        QVERIFY2(cost->chunks == loaded.size(), qPrintable(where));
        QVERIFY2(cost->cached == 0 && cost->absent == absent && cost->storedBytes == stored &&
                     !cost->storedBytesEstimated,
                 qPrintable(where));
        QCOMPARE(cost->decodedBytes, (loaded.size() - absent) * o.reader().chunkBytes());
        QCOMPARE(cost->viewBytes, std::uint64_t((*view)->descriptor().len));
        // Read once, everything is cached.
        auto again = readCost(*o.exporter, (*view)->descriptor());
        QVERIFY(again);
        QCOMPARE(again->cached, again->chunks);
        QCOMPARE(again->storedBytes, std::uint64_t(0));
        ++checked;
    }
    QCOMPARE(checked, 60);
}

void ChunkReaderTest::readCostText()
{
    ReadCost cost;
    cost.chunks = 64;
    cost.storedBytes = 35127296;
    cost.decodedBytes = 64 << 20;
    QCOMPARE(QString::fromStdString(bufferscope::readCostText(cost)),
             QStringLiteral("read cost: 64 chunks (0 cached, 0 absent), 33.50 MiB stored to fetch, "
                            "64.00 MiB to decode"));
    QVERIFY(!isLargeRead(cost));
    cost.storedBytesEstimated = true;
    cost.chunks = 1001;
    QCOMPARE(QString::fromStdString(bufferscope::readCostText(cost)),
             QStringLiteral("read cost: 1001 chunks (0 cached, 0 absent), about 33.50 MiB stored "
                            "to fetch, 64.00 MiB to decode"));
    QVERIFY(isLargeRead(cost));
    cost.chunks = 10;
    cost.decodedBytes = (std::uint64_t(256) << 20) + 1;
    QVERIFY(isLargeRead(cost));
    // A view of another exporter's memory is not a chunked read.
    Opened o = openTest({4, 4}, {2, 2});
    Descriptor outside = o.exporter->descriptor();
    outside.buf = reinterpret_cast<std::byte *>(std::uintptr_t(4096));
    auto refused = readCost(*o.exporter, outside);
    QVERIFY(!refused);
    QCOMPARE(QString::fromStdString(refused.error().message),
             QStringLiteral("read cost: the buffer is not read from a chunked array"));
}

void ChunkReaderTest::changedChunkIsReported()
{
    Opened o = openTest({4, 4}, {2, 2});
    QVERIFY(o.exporter);
    QVERIFY(sourceBytes(*o.exporter, Order::C));
    QVERIFY(o.exporter->checkData());
    // The store changes; reads from the cache see nothing, a refresh loads again and sees it.
    o.source->version = 1;
    QVERIFY(sourceBytes(*o.exporter, Order::C));
    QVERIFY(o.exporter->checkData());
    o.exporter->refresh();
    QVERIFY(sourceBytes(*o.exporter, Order::C));
    auto changed = o.exporter->checkData();
    QVERIFY(!changed);
    QCOMPARE(changed.error().category, ErrorCategory::Io);
    QCOMPARE(QString::fromStdString(changed.error().message),
             QStringLiteral("chunked: chunks '0.0', '0.1' and 2 more changed on storage since they "
                            "were first read"));
    QCOMPARE(QString::fromStdString(rowText(*o.exporter, "changes on storage")),
             QString::fromStdString(changed.error().message));
}

QTEST_GUILESS_MAIN(ChunkReaderTest)
#include "chunk_reader_test.moc"
