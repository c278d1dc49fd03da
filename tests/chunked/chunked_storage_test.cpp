// SPDX-License-Identifier: GPL-3.0-or-later
// What the chunked exporters say about their storage, against stores written by zarr-python,
// numcodecs and h5py (storage_cases.py): a chunk file rewritten by zarr-python between reads
// is reported (after a refresh, and when an evicted chunk is read again), and so is changed
// metadata; a consolidated group lists what zarr.open_consolidated lists; the whole array's
// stored bytes equal the sizes of its chunk files; the read cost before a large
// `bufferscope-cli view --tobytes` and with --cost; a corrupt HDF5 chunk (found with h5py's
// get_chunk_info) is an error naming its coordinates and bytes while the others still read.
#include "exporters/chunked/chunked_exporter.h"
#include "exporters/chunked/open_chunked.h"
#include "exporters/chunked/read_cost.h"
#include "exporters/chunked/storage_summary.h"
#include "exporters/chunked/zarr_array.h"
#include "exporters/open_source.h"
#include "exporters/source_bytes.h"
#include "python_oracle.h"
#include "views/view.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace bufferscope;

class ChunkedStorageTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void rewrittenChunkIsReported();
    void changedMetadataIsReported();
    void consolidatedGroupIsListed();
    void consolidatedV3Text();
    void storedBytesOfTheWholeArray();
    void storedBytesOfLoadedChunks();
    void cliPrintsTheReadCost();
    void corruptHdf5ChunkIsNamed();

private:
    std::string path(const char *name) const
    {
        return m_dir.filePath(QString::fromUtf8(name)).toStdString();
    }
    QTemporaryDir m_dir;
    nlohmann::json m_oracle;
};

namespace {

std::unique_ptr<ChunkedExporter> openChunkedArray(const std::string &path)
{
    auto opened = openFile(path, std::nullopt);
    if (!opened) {
        qWarning("%s: %s", path.c_str(), opened.error().message.c_str());
        return nullptr;
    }
    auto *chunked = dynamic_cast<ChunkedExporter *>(opened->get());
    if (!chunked)
        return nullptr;
    opened->release();
    return std::unique_ptr<ChunkedExporter>(chunked);
}

QString python(const QString &program, const QStringList &args)
{
    auto run = testing::runPython(program, {}, args);
    return run.ok ? QString() : run.error;
}

std::vector<std::int32_t> int32s(const std::vector<std::byte> &bytes)
{
    std::vector<std::int32_t> values(bytes.size() / 4);
    std::memcpy(values.data(), bytes.data(), bytes.size());
    return values;
}

std::string rowText(const ChunkedExporter &exporter, const std::string &label)
{
    for (const auto &[l, value] : storageSummary(exporter))
        if (l == label)
            return value;
    return "(no row '" + label + "')";
}

} // namespace

void ChunkedStorageTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QFile script(QStringLiteral(BUFFERSCOPE_TEST_DATA "/storage_cases.py"));
    QVERIFY(script.open(QIODevice::ReadOnly));
    auto run = testing::runPython(QString::fromUtf8(script.readAll()), {}, {m_dir.path()});
    QVERIFY2(run.ok, qPrintable(run.error));
    m_oracle = nlohmann::json::parse(run.out.toStdString(), nullptr, false);
    QVERIFY(m_oracle.is_object());
}

void ChunkedStorageTest::rewrittenChunkIsReported()
{
    const std::string store = path("changing.zarr");
    auto exporter = openChunkedArray(store);
    QVERIFY(exporter);
    auto first = sourceBytes(*exporter, Order::C);
    QVERIFY(first);
    QCOMPARE(int32s(*first)[2], 2);
    QVERIFY(exporter->checkData());

    // zarr-python rewrites chunk '0.1' (rows 0..1, columns 2..3) while it is shown.
    QString error =
        python(QStringLiteral("import sys, zarr\n"
                              "zarr.open_array(sys.argv[1], mode='r+')[0:2, 2:4] = 99\n"),
               {QString::fromStdString(store)});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Still cached: nothing read, nothing known yet.
    QVERIFY(exporter->checkData());
    exporter->refresh();
    auto second = sourceBytes(*exporter, Order::C);
    QVERIFY(second);
    QCOMPARE(int32s(*second)[2], 99);
    auto changed = exporter->checkData();
    QVERIFY(!changed);
    QCOMPARE(changed.error().category, ErrorCategory::Io);
    QCOMPARE(QString::fromStdString(changed.error().message),
             QStringLiteral("chunked: chunk '0.1' changed on storage since it was first read"));
    QCOMPARE(QString::fromStdString(rowText(*exporter, "changes on storage")),
             QString::fromStdString(changed.error().message));

    // Without a refresh: a chunk evicted (a cache of one chunk) and read again is compared too.
    auto other = openChunkedArray(store);
    QVERIFY(other);
    other->chunkReader().chunkCache().setBudget(1);
    auto row3 = View::create(*other, "[3]");
    QVERIFY(row3);
    QVERIFY(sourceBytes(**row3, Order::C));
    error = python(QStringLiteral("import sys, zarr\n"
                                  "zarr.open_array(sys.argv[1], mode='r+')[2:4, 0:2] = -5\n"),
                   {QString::fromStdString(store)});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto row2 = View::create(*other, "[2, 1:]"); // a new read: chunks '1.0' and '1.1' again
    QVERIFY(row2);
    auto bytes = sourceBytes(**row2, Order::C);
    QVERIFY(bytes);
    QCOMPARE(int32s(*bytes), (std::vector<std::int32_t>{-5, 10, 11}));
    changed = other->checkData();
    QVERIFY(!changed);
    QCOMPARE(QString::fromStdString(changed.error().message),
             QStringLiteral("chunked: chunk '1.0' changed on storage since it was first read"));
    // bufferscope-cli's --tobytes refuses on the same check (commands.cpp's finish).
}

void ChunkedStorageTest::changedMetadataIsReported()
{
    const std::string store = path("changing.zarr");
    auto exporter = openChunkedArray(store);
    QVERIFY(exporter);
    exporter->refresh();
    QVERIFY(exporter->checkData());
    const QString error =
        python(QStringLiteral("import sys, zarr\n"
                              "zarr.open_array(sys.argv[1], mode='r+').resize(6, 6)\n"),
               {QString::fromStdString(store)});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    exporter->refresh();
    auto changed = exporter->checkData();
    QVERIFY(!changed);
    QCOMPARE(QString::fromStdString(changed.error().message),
             QStringLiteral("zarr: '.zarray' changed on storage since the array was opened"));
    QCOMPARE(QString::fromStdString(rowText(*exporter, "changes on storage")),
             QString::fromStdString(changed.error().message));
}

void ChunkedStorageTest::consolidatedGroupIsListed()
{
    // 'late' was added after consolidating: zarr.open_consolidated does not list it, and
    // neither does BufferScope, which reads .zmetadata instead of walking the directories.
    const std::string group = path("group.zarr");
    auto listed = listChunkedArrays(group);
    QVERIFY2(listed, listed ? "" : listed.error().message.c_str());
    QVERIFY(*listed);
    QCOMPARE(QString::fromStdString(nlohmann::json(**listed).dump()),
             QString::fromStdString(m_oracle["consolidated"].dump()));
    QCOMPARE(QString::fromStdString(m_oracle["consolidated"].dump()),
             QStringLiteral(R"(["labels","raw/0","raw/1"])"));
    // The arrays it lists open.
    auto raw0 = openChunkedArray(group + "::raw/0");
    QVERIFY(raw0);
    QCOMPARE(raw0->descriptor().shape, (std::vector<std::int64_t>{3, 4}));
    // Broken consolidated metadata is an error naming the key.
    auto refused =
        consolidatedArrays(".zmetadata", R"({"zarr_consolidated_format": 1, "metadata": [1]})");
    QVERIFY(!refused);
    QCOMPARE(QString::fromStdString(refused.error().message),
             QStringLiteral(
                 "zarr: '.zmetadata' field 'metadata' must be an object of metadata objects"));
    refused = consolidatedArrays(".zmetadata", "{");
    QVERIFY(!refused);
    QCOMPARE(QString::fromStdString(refused.error().message),
             QStringLiteral("zarr: '.zmetadata' is not a JSON object"));
}

void ChunkedStorageTest::consolidatedV3Text()
{
    // A v3 group's zarr.json with inline consolidated metadata, shaped as the v3 spec's
    // consolidated-metadata extension (zarr-python 3 writes it; this host has zarr 2).
    const char *text = R"({"zarr_format": 3, "node_type": "group",
        "consolidated_metadata": {"kind": "inline", "must_understand": false, "metadata": {
            "raw": {"zarr_format": 3, "node_type": "group"},
            "raw/0": {"zarr_format": 3, "node_type": "array", "shape": [4]},
            "labels": {"zarr_format": 3, "node_type": "array", "shape": [2]}}}})";
    auto arrays = consolidatedArrays("zarr.json", text);
    QVERIFY(arrays && *arrays);
    QCOMPARE(**arrays, (std::vector<std::string>{"labels", "raw/0"}));
    auto none = consolidatedArrays("zarr.json", R"({"zarr_format": 3, "node_type": "group"})");
    QVERIFY(none);
    QVERIFY(!*none);
}

void ChunkedStorageTest::storedBytesOfTheWholeArray()
{
    auto exporter = openChunkedArray(path("sizes.zarr"));
    QVERIFY(exporter);
    const std::uint64_t stored = m_oracle["sizes"]["stored"];
    QCOMPARE(exporter->storedBytesTotal(), std::optional<std::uint64_t>(stored));
    char expected[128];
    std::snprintf(expected, sizeof expected, "%llu bytes (%.2f MiB), whole array",
                  static_cast<unsigned long long>(stored), double(stored) / 1048576.0);
    QCOMPARE(QString::fromStdString(rowText(*exporter, "stored bytes")),
             QString::fromUtf8(expected));
    std::snprintf(expected, sizeof expected, "%.2f : 1, whole array",
                  6.0 * 40 * 40 * 4 / double(stored));
    QCOMPARE(QString::fromStdString(rowText(*exporter, "compression ratio")),
             QString::fromUtf8(expected));
    // The read cost of the whole array before reading: 27 chunks, 9 never written (the fill
    // value), the stored bytes of the 18 chunk files exactly.
    auto cost = readCost(*exporter, exporter->descriptor());
    QVERIFY(cost);
    QCOMPARE(cost->chunks, std::uint64_t(27));
    QCOMPARE(cost->absent, std::uint64_t(27) - m_oracle["sizes"]["chunks"].get<std::uint64_t>());
    QCOMPARE(cost->storedBytes, stored);
    QVERIFY(!cost->storedBytesEstimated);
    QCOMPARE(cost->decodedBytes, std::uint64_t(18) * 2 * 16 * 16 * 4);
}

void ChunkedStorageTest::storedBytesOfLoadedChunks()
{
    // An HTTP-like store that cannot list: the whole-array figure is unknown, so the summary
    // counts the chunks loaded. A Zarr source over a directory store whose list() refuses.
    class Unlisted : public ChunkStore
    {
    public:
        explicit Unlisted(std::shared_ptr<ChunkStore> inner) : m_inner(std::move(inner)) {}
        std::string root() const override { return m_inner->root(); }
        Result<StoreBytes> get(const std::string &key) const override { return m_inner->get(key); }
        Result<StoreBytes> getRange(const std::string &key, std::uint64_t offset,
                                    std::uint64_t size) const override
        {
            return m_inner->getRange(key, offset, size);
        }
        Result<StoreBytes> getSuffix(const std::string &key, std::uint64_t size) const override
        {
            return m_inner->getSuffix(key, size);
        }
        Result<std::vector<std::string>> list(const std::string &) const override
        {
            return makeError(ErrorCategory::Value, "cannot be listed");
        }

    private:
        std::shared_ptr<ChunkStore> m_inner;
    };
    auto directory = openDirectoryStore(path("sizes.zarr"));
    QVERIFY(directory);
    auto source = openZarrArray(std::make_shared<Unlisted>(*directory), "", "sizes");
    QVERIFY(source);
    auto exporter = ChunkedExporter::create(*source);
    QVERIFY(exporter);
    QCOMPARE(QString::fromStdString(rowText(**exporter, "stored bytes")),
             QStringLiteral("not known until chunks are loaded"));
    // Without stat, the cost's stored bytes are estimated: the decoded size, nothing loaded.
    auto cost = readCost(**exporter, (*exporter)->descriptor());
    QVERIFY(cost);
    QVERIFY(cost->storedBytesEstimated);
    QCOMPARE(cost->storedBytes, std::uint64_t(27) * 2 * 16 * 16 * 4);
    // Planes 2..5: the 18 stored chunks, whose files' sizes the oracle summed.
    auto view = View::create(**exporter, "[2:6]");
    QVERIFY(view);
    QVERIFY(sourceBytes(**view, Order::C));
    const std::uint64_t stored = m_oracle["sizes"]["stored"];
    char expected[128];
    std::snprintf(expected, sizeof expected, "%llu bytes (%.2f MiB) of 18 loaded chunks",
                  static_cast<unsigned long long>(stored), double(stored) / 1048576.0);
    QCOMPARE(QString::fromStdString(rowText(**exporter, "stored bytes")),
             QString::fromUtf8(expected));
    std::snprintf(expected, sizeof expected, "%.2f : 1 of 18 loaded chunks",
                  18.0 * 2 * 16 * 16 * 4 / double(stored));
    QCOMPARE(QString::fromStdString(rowText(**exporter, "compression ratio")),
             QString::fromUtf8(expected));
    // Now the estimate for planes 0..1 follows the loaded chunks' ratio.
    auto rest = View::create(**exporter, "[0:2]");
    QVERIFY(rest);
    cost = readCost(**exporter, (*rest)->descriptor());
    QVERIFY(cost);
    QCOMPARE(cost->chunks, std::uint64_t(9));
    QCOMPARE(cost->storedBytes, std::uint64_t(double(stored) / 18.0 * 9.0));
}

void ChunkedStorageTest::cliPrintsTheReadCost()
{
#ifndef BUFFERSCOPE_CLI
    QSKIP("bufferscope-cli is not built");
#else
    auto cli = [](const QStringList &args, QByteArray &out, QByteArray &err) {
        QProcess process;
        process.start(QStringLiteral(BUFFERSCOPE_CLI), args);
        process.waitForFinished(60000);
        out = process.readAllStandardOutput();
        err = process.readAllStandardError();
        return process.exitCode();
    };
    QByteArray out, err;
    // 2048 chunks: more than 1000, so the cost goes to stderr before the bytes are read.
    const QString many = QString::fromStdString(path("many.zarr"));
    QCOMPARE(
        cli({QStringLiteral("view"), many, QStringLiteral("[...]"), QStringLiteral("--tobytes"),
             m_dir.filePath(QStringLiteral("many.bin")), QStringLiteral("--no-fsync")},
            out, err),
        0);
    QCOMPARE(
        QString::fromUtf8(err).trimmed(),
        QStringLiteral("read cost: 2048 chunks (0 cached, 0 absent), %1 bytes stored to fetch, "
                       "%1 bytes to decode")
            .arg(m_oracle["many"]["stored"].get<int>()));
    // A small read says nothing; --cost puts it in the descriptor on request.
    QCOMPARE(cli({QStringLiteral("view"), many, QStringLiteral("[3]"), QStringLiteral("--tobytes"),
                  m_dir.filePath(QStringLiteral("row.bin")), QStringLiteral("--cost")},
                 out, err),
             0);
    QVERIFY(err.isEmpty());
    const auto json = nlohmann::json::parse(out.toStdString(), nullptr, false);
    QCOMPARE(QString::fromStdString(json["read_cost"].dump()),
             QString::fromStdString(
                 nlohmann::json{{"absent", 0},
                                {"cached", 0},
                                {"chunks", 32},
                                {"decoded_bytes", 64},
                                {"stored_bytes", 64},
                                {"stored_bytes_estimated", false},
                                {"text", "read cost: 32 chunks (0 cached, 0 absent), "
                                         "64 bytes stored to fetch, 64 bytes to decode"}}
                     .dump()));
    // info --cost: the whole array, and the storage summary.
    QCOMPARE(cli({QStringLiteral("info"), QString::fromStdString(path("sizes.zarr")),
                  QStringLiteral("--cost")},
                 out, err),
             0);
    const auto info = nlohmann::json::parse(out.toStdString(), nullptr, false);
    QCOMPARE(info["read_cost"]["stored_bytes"].get<std::uint64_t>(),
             m_oracle["sizes"]["stored"].get<std::uint64_t>());
    QCOMPARE(info["read_cost"]["absent"].get<int>(), 9);
    QVERIFY(
        info["storage"]["summary"]["stored bytes"].get<std::string>().ends_with(", whole array"));
#endif
}

void ChunkedStorageTest::corruptHdf5ChunkIsNamed()
{
    const std::string file = path("corrupt.h5");
    auto exporter = openChunkedArray(file + "::/data");
    QVERIFY(exporter);
    auto bad = View::create(*exporter, "[4:8, 0:4]");
    QVERIFY(bad);
    auto refused = sourceBytes(**bad, Order::C);
    QVERIFY(!refused);
    QCOMPARE(refused.error().category, ErrorCategory::Io);
    const std::uint64_t offset = m_oracle["corrupt"]["offset"], size = m_oracle["corrupt"]["size"];
    QCOMPARE(
        QString::fromStdString(refused.error().message),
        QStringLiteral(
            "hdf5: /data chunk (1, 0) (bytes %1..%2) cannot be read or decoded: inflate() failed")
            .arg(offset)
            .arg(offset + size));
    // The other three chunks still read, as h5py wrote them (0..63 in C order). Rows of
    // chunk (1, 1) one at a time: a covering read of [4:8, 4:8] would reach into (1, 0)
    // (fetch.cpp's density rule).
    for (const std::string expression : {"[0:4]", "[4, 4:8]", "[5, 4:8]", "[6, 4:8]", "[7, 4:8]"}) {
        auto good = View::create(*exporter, expression);
        QVERIFY(good);
        auto bytes = sourceBytes(**good, Order::C);
        QVERIFY2(bytes, bytes ? "" : bytes.error().message.c_str());
        std::vector<std::int32_t> expected;
        if (expression == "[0:4]")
            for (int i = 0; i < 32; ++i)
                expected.push_back(i);
        else
            for (int c = 4; c < 8; ++c)
                expected.push_back((expression[1] - '0') * 8 + c);
        QCOMPARE(int32s(*bytes), expected);
    }
}

QTEST_GUILESS_MAIN(ChunkedStorageTest)
#include "chunked_storage_test.moc"
