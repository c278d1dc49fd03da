// SPDX-License-Identifier: GPL-3.0-or-later
// Chunked exporters against oracles that are not this code: Zarr v2 stores written by
// zarr-python, Zarr v3 stores written from the spec with numcodecs and crc32c, HDF5 files
// written by h5py (chunked_cases.py). Every array opens through openFile (PATH or PATH::INNER)
// and agrees with NumPy on element type (numpy descr), shape and bytes; random view chains
// (View::create + sourceBytes) agree on shape, strides and bytes. The counting test checks
// that a slice loads only the chunks it touches; corrupt chunks are errors naming key and
// bytes while the rest of the array still reads.
#include "exporters/chunked/chunked_exporter.h"
#include "exporters/chunked/crc32c.h"
#include "exporters/chunked/open_chunked.h"
#include "exporters/open_source.h"
#include "exporters/source_bytes.h"
#include "format/numpy_typestr.h"
#include "format/parser.h"
#include "python_oracle.h"
#include "views/view.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace bufferscope;

class ChunkedStoreTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void agreesWithNumpy();
    void countsChunks();
    void corruptChunksAreErrors();
    void groupsListTheirArrays();
    void reopensFromSourceInfo();
    void crc32cKnownValue();
    void cacheStaysInBudget();
    void cliInfoListsArrays();

private:
    QTemporaryDir m_dir;
    QByteArray m_truncatedSize;
};

namespace {

QByteArray asBytes(const std::vector<std::byte> &bytes)
{
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

QString runScript(const QString &script, const QStringList &args, QByteArray *out = nullptr)
{
    QFile file(QStringLiteral(BUFFERSCOPE_TEST_DATA "/") + script);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read ") + script;
    auto run = testing::runPython(QString::fromUtf8(file.readAll()), {}, args);
    if (out)
        *out = run.out.trimmed();
    return run.ok ? QString() : run.error;
}

std::unique_ptr<Exporter> open(const std::string &path)
{
    auto opened = openFile(path, std::nullopt);
    if (!opened) {
        qWarning("%s: %s", path.c_str(), opened.error().message.c_str());
        return nullptr;
    }
    return std::move(*opened);
}

} // namespace

void ChunkedStoreTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString error = runScript(QStringLiteral("chunked_cases.py"),
                                    {m_dir.path(), QStringLiteral("12"), QStringLiteral("70")});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString counting = runScript(QStringLiteral("counting_store.py"), {m_dir.path()}, &m_truncatedSize);
    QVERIFY2(counting.isEmpty(), qPrintable(counting));
}

void ChunkedStoreTest::agreesWithNumpy()
{
    QFile file(m_dir.filePath(QStringLiteral("manifest.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto manifest = nlohmann::json::parse(file.readAll().toStdString());
    int arrays = 0, views = 0, failures = 0;
    for (const auto &c : manifest) {
        const std::string path = c["path"];
        auto exporter = open(path);
        if (!exporter) {
            ++failures;
            continue;
        }
        ++arrays;
        const Descriptor &d = exporter->descriptor();
        auto layout = parseFormat(d.format);
        auto descr = layout ? numpyDescr(layout->root) : Result<nlohmann::json>(layout.error());
        if (!descr || *descr != c["descr"] || d.shape != c["shape"].get<std::vector<std::int64_t>>()) {
            qWarning("%s: format '%s' shape %s, numpy %s %s", path.c_str(), d.format.c_str(),
                     nlohmann::json(d.shape).dump().c_str(), c["descr"].dump().c_str(),
                     c["shape"].dump().c_str());
            ++failures;
            continue;
        }
        for (const auto &v : c["views"]) {
            const std::string expression = v["expression"];
            QFile expectedFile(m_dir.filePath(QString::fromStdString(v["bytes"].get<std::string>())));
            QVERIFY(expectedFile.open(QIODevice::ReadOnly));
            const QByteArray expected = expectedFile.readAll();
            auto view = View::create(*exporter, expression);
            if (!view) {
                qWarning("%s%s: %s", path.c_str(), expression.c_str(), view.error().message.c_str());
                ++failures;
                continue;
            }
            const Descriptor &vd = (*view)->descriptor();
            auto bytes = sourceBytes(**view, Order::C);
            // An empty array's strides are NumPy's own choice (it counts 0 extents as 1);
            // PEP 3118's (CPython's init_strides_from_shape) multiply them in. Both are valid.
            const bool empty = vd.len == 0;
            const bool same = bytes && asBytes(*bytes) == expected &&
                              vd.shape == v["shape"].get<std::vector<std::int64_t>>() &&
                              (empty || vd.strides == v["strides"].get<std::vector<std::int64_t>>());
            if (!same) {
                qWarning("%s%s: shape %s strides %s %s", path.c_str(), expression.c_str(),
                         nlohmann::json(vd.shape).dump().c_str(), nlohmann::json(vd.strides).dump().c_str(),
                         bytes ? "bytes differ" : bytes.error().message.c_str());
                ++failures;
            }
            ++views;
        }
    }
    qInfo("%d arrays, %d views agree with NumPy", arrays - failures, views);
    QCOMPARE(failures, 0);
    QVERIFY(arrays >= 200);
}

void ChunkedStoreTest::countsChunks()
{
    const std::string path = m_dir.filePath(QStringLiteral("counting.zarr")).toStdString();
    auto exporter = open(path);
    QVERIFY(exporter);
    auto *chunked = dynamic_cast<ChunkedExporter *>(exporter.get());
    QVERIFY(chunked);
    QCOMPARE(chunked->chunkReader().chunkCount(), std::uint64_t(64 * 8 * 8));
    {
        auto plane = View::create(*exporter, "[5]");
        QVERIFY(plane);
        auto bytes = sourceBytes(**plane, Order::C);
        QVERIFY2(bytes, bytes ? "" : bytes.error().message.c_str());
        QCOMPARE(chunked->chunkReader().chunksLoaded(), std::uint64_t(64));
        QCOMPARE(chunked->chunkReader().chunksDecoded(), std::uint64_t(64));
        // Values as counting_store.py wrote them: z*4096 + y + ((x // 512) * 8 + x % 8) / 64.
        std::vector<float> values(bytes->size() / 4);
        std::memcpy(values.data(), bytes->data(), bytes->size());
        int wrong = 0;
        for (std::int64_t y = 0; y < 4096; y += 37)
            for (std::int64_t x = 0; x < 4096; x += 13)
                wrong += values[std::size_t(y * 4096 + x)] !=
                         float(5 * 4096 + y + ((x / 512) * 8 + x % 8) / 64.0);
        QCOMPARE(wrong, 0);
    }
    auto fresh = open(path);
    auto *second = dynamic_cast<ChunkedExporter *>(fresh.get());
    QVERIFY(second);
    auto rows = View::create(*fresh, "[:, 100, :]");
    QVERIFY(rows);
    QCOMPARE((*rows)->descriptor().shape, (std::vector<std::int64_t>{64, 4096}));
    auto bytes = sourceBytes(**rows, Order::C);
    QVERIFY(bytes);
    QCOMPARE(second->chunkReader().chunksLoaded(), std::uint64_t(64 * 8));
    QCOMPARE(second->chunkReader().chunksDecoded(), std::uint64_t(64 * 8));
    std::vector<float> values(bytes->size() / 4);
    std::memcpy(values.data(), bytes->data(), bytes->size());
    int wrong = 0;
    for (std::int64_t z = 0; z < 64; ++z)
        for (std::int64_t x = 0; x < 4096; x += 7)
            wrong += values[std::size_t(z * 4096 + x)] != float(z * 4096 + 100 + ((x / 512) * 8 + x % 8) / 64.0);
    QCOMPARE(wrong, 0);
    // The same rows again come from the chunk cache: nothing more is loaded.
    second->chunkReader().cache().clear();
    auto again = View::create(*fresh, "[:, 100:101, :]");
    QVERIFY(again);
    QVERIFY(sourceBytes(**again, Order::C));
    QCOMPARE(second->chunkReader().chunksLoaded(), std::uint64_t(64 * 8));
    // An absent chunk reads as the fill value (-1) and is loaded, not decoded.
    auto absent = View::create(*fresh, "[7, 600, 3:5]");
    QVERIFY(absent);
    auto fill = sourceBytes(**absent, Order::C);
    QVERIFY(fill);
    std::vector<float> two(2);
    std::memcpy(two.data(), fill->data(), 8);
    QCOMPARE(two, (std::vector<float>{-1.0f, -1.0f}));
    QCOMPARE(second->chunkReader().chunksLoaded(), std::uint64_t(64 * 8 + 1));
    QCOMPARE(second->chunkReader().chunksDecoded(), std::uint64_t(64 * 8));
}

void ChunkedStoreTest::corruptChunksAreErrors()
{
    auto exporter = open(m_dir.filePath(QStringLiteral("corrupt.zarr")).toStdString());
    QVERIFY(exporter);
    // The rest still reads: the rows of chunk '0.0' (one run each; a covering read of
    // [0:2, 0:2] would reach into '0.1', see fetch.cpp's density rule).
    for (int row : {0, 1}) {
        auto good = View::create(*exporter, "[" + std::to_string(row) + ", 0:2]");
        QVERIFY(good);
        auto bytes = sourceBytes(**good, Order::C);
        QVERIFY2(bytes, bytes ? "" : bytes.error().message.c_str());
        const std::int32_t expected[2] = {row * 4, row * 4 + 1};
        QCOMPARE(asBytes(*bytes), QByteArray(reinterpret_cast<const char *>(expected), 8));
    }

    auto garbage = View::create(*exporter, "[0:2, 2:4]");
    QVERIFY(garbage);
    auto refused = sourceBytes(**garbage, Order::C);
    QVERIFY(!refused);
    QCOMPARE(refused.error().category, ErrorCategory::Io);
    QCOMPARE(QString::fromStdString(refused.error().message),
             QStringLiteral("zarr: chunk '0.1' (bytes 0..8) cannot be decoded: zstd: not a zstd frame"));

    auto truncated = View::create(*exporter, "[3]");
    QVERIFY(truncated);
    refused = sourceBytes(**truncated, Order::C);
    QVERIFY(!refused);
    QCOMPARE(QString::fromStdString(refused.error().message),
             QStringLiteral("zarr: chunk '1.0' (bytes 0..%1) cannot be decoded: zstd: Src size is incorrect")
                 .arg(QString::fromUtf8(m_truncatedSize)));
}

void ChunkedStoreTest::groupsListTheirArrays()
{
    const QString group = m_dir.filePath(QStringLiteral("group.zarr"));
    const QString error = [&] {
        auto run = testing::runPython(QStringLiteral(
            "import sys, zarr, numpy as np\n"
            "g = zarr.open_group(sys.argv[1], mode='w')\n"
            "g.create_dataset('raw/0', data=np.arange(12).reshape(3, 4), chunks=(2, 2))\n"
            "g.create_dataset('raw/1', data=np.ones(5, 'f4'))\n"), {}, {group});
        return run.ok ? QString() : run.error;
    }();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto list = listChunkedArrays(group.toStdString());
    QVERIFY(list && *list);
    QCOMPARE(**list, (std::vector<std::string>{"raw/0", "raw/1"}));
    auto refused = openFile(group.toStdString(), std::nullopt);
    QVERIFY(!refused);
    QCOMPARE(QString::fromStdString(refused.error().message),
             QStringLiteral("open: '%1' is a group of 2 arrays (raw/0, raw/1); name one as '%1::raw/0'").arg(group));
    auto inner = open(group.toStdString() + "::raw/0");
    QVERIFY(inner);
    QCOMPARE(inner->descriptor().shape, (std::vector<std::int64_t>{3, 4}));
    auto bytes = sourceBytes(*inner, Order::C);
    QVERIFY(bytes);
    std::vector<std::int64_t> values(12);
    std::memcpy(values.data(), bytes->data(), 96);
    QCOMPARE(values, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));

    // An HDF5 file without a dataset named lists its datasets.
    const std::string h5 = m_dir.filePath(QStringLiteral("h5_0.h5")).toStdString();
    auto datasets = listChunkedArrays(h5);
    QVERIFY(datasets && *datasets);
    QCOMPARE(**datasets, (std::vector<std::string>{"/entry/frames", "/entry/other"}));
}

void ChunkedStoreTest::reopensFromSourceInfo()
{
    const std::string path = m_dir.filePath(QStringLiteral("h5_1.h5")).toStdString() + "::/entry/frames";
    auto exporter = open(path);
    QVERIFY(exporter);
    const SourceInfo info = exporter->source();
    QCOMPARE(QString::fromStdString(info.kind), QStringLiteral("hdf5"));
    QCOMPARE(info.path, path);
    auto again = openSource(info);
    QVERIFY(again);
    QCOMPARE((*again)->descriptor().shape, exporter->descriptor().shape);
    QCOMPARE((*again)->descriptor().format, exporter->descriptor().format);
    auto a = sourceBytes(*exporter, Order::C), b = sourceBytes(**again, Order::C);
    QVERIFY(a && b);
    QVERIFY(*a == *b);
    const std::string zarrPath = m_dir.filePath(QStringLiteral("v3_1.zarr")).toStdString();
    auto v3 = open(zarrPath);
    QVERIFY(v3);
    QCOMPARE(QString::fromStdString(v3->source().kind), QStringLiteral("zarr"));
    QVERIFY(openSource(v3->source()));
}

void ChunkedStoreTest::crc32cKnownValue()
{
    // RFC 3720's check value, as the crc32c package (the oracle of the v3 stores) gives it.
    const char *text = "123456789";
    QCOMPARE(crc32c(std::as_bytes(std::span(text, 9))), 0xE3069283u);
}

void ChunkedStoreTest::cacheStaysInBudget()
{
    auto exporter = open(m_dir.filePath(QStringLiteral("counting.zarr")).toStdString());
    auto *chunked = dynamic_cast<ChunkedExporter *>(exporter.get());
    QVERIFY(chunked);
    // 4 MiB of cache for 64 chunks of 1 MiB: read in groups, never more than the budget held.
    chunked->chunkReader().chunkCache().setBudget(std::size_t(4) << 20);
    auto plane = View::create(*exporter, "[5, ::2, ::2]");
    QVERIFY(plane);
    QVERIFY(sourceBytes(**plane, Order::C));
    QCOMPARE(chunked->chunkReader().chunksLoaded(), std::uint64_t(64));
    QVERIFY(chunked->chunkReader().chunkCache().bytesHeld() <= (std::size_t(4) << 20));
}

void ChunkedStoreTest::cliInfoListsArrays()
{
#ifndef BUFFERSCOPE_CLI
    QSKIP("bufferscope-cli is not built");
#else
    auto info = [](const QString &path) {
        QProcess cli;
        cli.start(QStringLiteral(BUFFERSCOPE_CLI), {QStringLiteral("info"), path});
        cli.waitForFinished(60000);
        return nlohmann::json::parse(cli.readAllStandardOutput().toStdString(), nullptr, false);
    };
    const QString h5 = m_dir.filePath(QStringLiteral("h5_2.h5"));
    const auto listed = info(h5);
    QCOMPARE(QString::fromStdString(listed.dump()),
             QString::fromStdString(nlohmann::json{{"arrays", {"/entry/frames", "/entry/other"}},
                                                   {"path", h5.toStdString()}}.dump()));
    const auto array = info(m_dir.filePath(QStringLiteral("counting.zarr")));
    QCOMPARE(QString::fromStdString(array["shape"].dump()), QStringLiteral("[64,4096,4096]"));
    QCOMPARE(QString::fromStdString(array["format"].get<std::string>()), QStringLiteral("<f"));
    QCOMPARE(QString::fromStdString(array["storage"]["chunk_shape"].dump()), QStringLiteral("[1,512,512]"));
    QCOMPARE(QString::fromStdString(array["storage"]["codecs"][0]["name"].get<std::string>()), QStringLiteral("zstd"));
    // The store's metadata file names the store (what File > Open can choose).
    const auto byMetadata = info(m_dir.filePath(QStringLiteral("counting.zarr/.zarray")));
    QVERIFY(byMetadata["shape"] == array["shape"]);
#endif
}

QTEST_GUILESS_MAIN(ChunkedStoreTest)
#include "chunked_store_test.moc"
