// SPDX-License-Identifier: GPL-3.0-or-later
// Zarr stores over HTTP (libcurl) against a server this test starts on 127.0.0.1
// (http_server.py): the random v2/v3 stores of chunked_cases.py read over HTTP agree with
// NumPy byte for byte whether the server honours Range requests or not, with delays, and
// when the first transfer of every key is cut short (the retry recovers); a server that
// always cuts transfers short is a clear error after the retries; missing keys are absent
// chunks (the stores have some) and a missing array is an error naming it. A consolidated
// group is listed over HTTP (which cannot list directories) from its .zmetadata; a read of a
// slow server superseded by a newer request stops loading its chunks.
#include "buffer/read_cancel.h"
#include "exporters/chunked/chunked_exporter.h"
#include "exporters/open_source.h"
#include "exporters/source_bytes.h"
#include "python_oracle.h"
#include "views/view.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstring>
#include <thread>

using namespace bufferscope;

class HttpStoreTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void agreesOverHttp_data();
    void agreesOverHttp();
    void truncatedTransfersAreErrors();
    void missingArrayIsAnError();
    void consolidatedGroupOverHttp();
    void supersededReadOfASlowServer();

private:
    QString url(const QString &mode, const QString &name) const
    {
        return QStringLiteral("http://127.0.0.1:%1/%2/%3").arg(m_port).arg(mode, name);
    }
    QTemporaryDir m_dir;
    QProcess m_server;
    int m_port = 0;
    nlohmann::json m_manifest;
};

void HttpStoreTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QFile script(QStringLiteral(BUFFERSCOPE_TEST_DATA "/chunked_cases.py"));
    QVERIFY(script.open(QIODevice::ReadOnly));
    auto run = testing::runPython(QString::fromUtf8(script.readAll()), {},
                                  {m_dir.path(), QStringLiteral("5"), QStringLiteral("16")});
    QVERIFY2(run.ok, qPrintable(run.error));
    run = testing::runPython(
        QStringLiteral(
            "import os, sys, numcodecs, numpy as np, zarr\n"
            "g = zarr.open_group(os.path.join(sys.argv[1], 'group.zarr'), mode='w')\n"
            "g.create_dataset('raw/0', data=np.arange(12).reshape(3, 4), chunks=(2, 2))\n"
            "g.create_dataset('labels', data=np.ones(5, 'u1'))\n"
            "zarr.consolidate_metadata(os.path.join(sys.argv[1], 'group.zarr'))\n"
            "z = zarr.open_array(os.path.join(sys.argv[1], 'planes.zarr'), mode='w', shape=(16, "
            "64, 64),\n"
            "                    chunks=(1, 16, 16), dtype='<f4', "
            "compressor=numcodecs.Zstd(level=1))\n"
            "z[...] = np.arange(16 * 64 * 64, dtype='<f4').reshape(16, 64, 64)\n"),
        {}, {m_dir.path()});
    QVERIFY2(run.ok, qPrintable(run.error));
    QFile manifest(m_dir.filePath(QStringLiteral("manifest.json")));
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    m_manifest = nlohmann::json::parse(manifest.readAll().toStdString());
    m_server.setProgram(QStringLiteral(BUFFERSCOPE_PYTHON));
    m_server.setArguments({QStringLiteral(BUFFERSCOPE_TEST_DATA "/http_server.py"), m_dir.path()});
    m_server.start();
    QVERIFY(m_server.waitForStarted());
    QVERIFY(m_server.waitForReadyRead(20000));
    m_port = m_server.readLine().trimmed().toInt();
    QVERIFY(m_port > 0);
}

void HttpStoreTest::cleanupTestCase()
{
    m_server.kill();
    m_server.waitForFinished();
}

void HttpStoreTest::agreesOverHttp_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("whole bodies (Range ignored)") << QStringLiteral("plain");
    QTest::newRow("range requests") << QStringLiteral("range");
    QTest::newRow("slow server") << QStringLiteral("slow");
    QTest::newRow("first transfer of each key cut short") << QStringLiteral("flaky");
}

void HttpStoreTest::agreesOverHttp()
{
    QFETCH(QString, mode);
    int arrays = 0, failures = 0;
    for (const auto &c : m_manifest) {
        const QString local = QString::fromStdString(c["path"].get<std::string>());
        if (!local.endsWith(QStringLiteral(".zarr")))
            continue;
        const std::string name = QFileInfo(local).fileName().toStdString();
        if (mode == QStringLiteral("slow") && arrays >= 4)
            break;
        auto exporter = openFile(url(mode, QString::fromStdString(name)).toStdString(), std::nullopt);
        if (!exporter) {
            qWarning("%s: %s", name.c_str(), exporter.error().message.c_str());
            ++failures;
            continue;
        }
        ++arrays;
        for (const auto &v : c["views"]) {
            QFile expected(m_dir.filePath(QString::fromStdString(v["bytes"].get<std::string>())));
            QVERIFY(expected.open(QIODevice::ReadOnly));
            auto view = View::create(**exporter, v["expression"].get<std::string>());
            QVERIFY(view);
            auto bytes = sourceBytes(**view, Order::C);
            if (!bytes || QByteArray(reinterpret_cast<const char *>(bytes->data()), qsizetype(bytes->size())) !=
                              expected.readAll()) {
                qWarning("%s%s: %s", name.c_str(), v["expression"].get<std::string>().c_str(),
                         bytes ? "bytes differ" : bytes.error().message.c_str());
                ++failures;
            }
        }
    }
    QCOMPARE(failures, 0);
    QVERIFY(arrays >= 4);
}

void HttpStoreTest::truncatedTransfersAreErrors()
{
    QFile zarray(m_dir.filePath(QStringLiteral("v2_0.zarr/.zarray")));
    QVERIFY(zarray.open(QIODevice::ReadOnly));
    const qint64 missing = zarray.size() - zarray.size() / 2;
    const QString where = url(QStringLiteral("broken"), QStringLiteral("v2_0.zarr"));
    auto refused = openFile(where.toStdString(), std::nullopt);
    QVERIFY(!refused);
    QCOMPARE(refused.error().category, ErrorCategory::Io);
    QCOMPARE(QString::fromStdString(refused.error().message),
             QStringLiteral("zarr: GET '%1/.zarray' failed after 3 attempts: transfer closed with %2 "
                            "bytes remaining to read")
                 .arg(where)
                 .arg(missing));
}

void HttpStoreTest::missingArrayIsAnError()
{
    const QString where = url(QStringLiteral("range"), QStringLiteral("nothing.zarr"));
    auto refused = openFile(where.toStdString(), std::nullopt);
    QVERIFY(!refused);
    QCOMPARE(QString::fromStdString(refused.error().message),
             QStringLiteral("zarr: '%1' has no .zarray or zarr.json").arg(where));
}

void HttpStoreTest::consolidatedGroupOverHttp()
{
    const QString where = url(QStringLiteral("range"), QStringLiteral("group.zarr"));
    auto refused = openFile(where.toStdString(), std::nullopt);
    QVERIFY(!refused);
    QCOMPARE(QString::fromStdString(refused.error().message),
             QStringLiteral(
                 "open: '%1' is a group of 2 arrays (labels, raw/0); name one as '%1::labels'")
                 .arg(where));
    auto raw = openFile((where + QStringLiteral("::raw/0")).toStdString(), std::nullopt);
    QVERIFY2(raw, raw ? "" : raw.error().message.c_str());
    auto bytes = sourceBytes(**raw, Order::C);
    QVERIFY(bytes);
    std::vector<std::int64_t> values(12);
    std::memcpy(values.data(), bytes->data(), 96);
    QCOMPARE(values, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
}

void HttpStoreTest::supersededReadOfASlowServer()
{
    // Every chunk takes 0.2 s; request A (plane 5, 16 chunks, about 1.6 s on two threads) is
    // superseded after 0.5 s by B (a quarter of plane 6): A's remaining chunks are dropped.
    auto opened = openFile(url(QStringLiteral("slow"), QStringLiteral("planes.zarr")).toStdString(),
                           std::nullopt);
    QVERIFY(opened);
    auto *chunked = dynamic_cast<ChunkedExporter *>(opened->get());
    QVERIFY(chunked);
    chunked->chunkReader().setThreads(2);
    std::atomic<int> latest = 1;
    auto a = View::create(**opened, "[5]");
    QVERIFY(a);
    std::optional<Error> aError;
    std::thread reader([&] {
        ReadCancelScope scope([&] { return latest.load() == 1; });
        auto bytes = sourceBytes(**a, Order::C);
        if (!bytes)
            aError = bytes.error();
    });
    QThread::msleep(500);
    latest = 2;
    reader.join();
    QVERIFY(aError);
    QCOMPARE(QString::fromStdString(aError->message),
             QStringLiteral("read: cancelled, a newer request superseded it"));
    const std::uint64_t aLoaded = chunked->chunkReader().chunksLoaded();
    const std::uint64_t aDropped = chunked->chunkReader().chunksCancelled();
    qInfo("request A loaded %llu of 16 chunks, dropped %llu", (unsigned long long)aLoaded,
          (unsigned long long)aDropped);
    QVERIFY(aLoaded < 10);
    QCOMPARE(aLoaded + aDropped, std::uint64_t(16));

    // B: the first row of chunks of plane 6 (its covering read spans all 64 columns).
    auto b = View::create(**opened, "[6, 0:16, 0:16]");
    QVERIFY(b);
    ReadCancelScope scope([&] { return latest.load() == 2; });
    auto bytes = sourceBytes(**b, Order::C);
    QVERIFY2(bytes, bytes ? "" : bytes.error().message.c_str());
    std::vector<float> values(16 * 16);
    std::memcpy(values.data(), bytes->data(), bytes->size());
    QCOMPARE(values[17], float(6 * 4096 + 64 + 1));
    QCOMPARE(chunked->chunkReader().chunksLoaded(), aLoaded + 4);
}

QTEST_GUILESS_MAIN(HttpStoreTest)
#include "http_store_test.moc"
