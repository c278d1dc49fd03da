// SPDX-License-Identifier: GPL-3.0-or-later
// Zarr stores over HTTP (libcurl) against a server this test starts on 127.0.0.1
// (http_server.py): the random v2/v3 stores of chunked_cases.py read over HTTP agree with
// NumPy byte for byte whether the server honours Range requests or not, with delays, and
// when the first transfer of every key is cut short (the retry recovers); a server that
// always cuts transfers short is a clear error after the retries; missing keys are absent
// chunks (the stores have some) and a missing array is an error naming it.
#include "exporters/open_source.h"
#include "exporters/source_bytes.h"
#include "python_oracle.h"
#include "views/view.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

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

QTEST_GUILESS_MAIN(HttpStoreTest)
#include "http_store_test.moc"
