// SPDX-License-Identifier: GPL-3.0-or-later
// Opens a 4 GiB sparse raw file and prints how long opening took and how much resident
// memory it cost. Nothing here asserts on time: machines differ. It asserts only that the
// file opened and that reading one element faults in a page, not the file.
#include "exporters/raw/raw_file_exporter.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>

#include <unistd.h>

using namespace bufferscope;

namespace {

// VmRSS from /proc/self/status, in KiB (-1 when unavailable).
long residentKiB()
{
    // /proc files report size 0, so atEnd() is true at once: read everything instead.
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    return -1;
}

} // namespace

class RawLargeFileTest : public QObject
{
    Q_OBJECT

private slots:
    void opensFourGibibytesWithoutReadingThem()
    {
        QTemporaryDir dir(QStringLiteral("/tmp/bufferscope-large-XXXXXX"));
        QVERIFY(dir.isValid());
        const std::string path = (dir.path() + "/large.bin").toStdString();
        const std::int64_t size = 4LL << 30;
        {
            QFile file(QString::fromStdString(path));
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(size)); // ftruncate: sparse, no blocks written
        }
        const long rssBefore = residentKiB();
        const auto start = std::chrono::steady_clock::now();
        auto exporter =
            RawFileExporter::open(path, RawOptions{"<f", {1024, 1024, 1024}, 0, Order::C, false});
        const auto opened = std::chrono::steady_clock::now();
        QVERIFY2(exporter.ok(), exporter.ok() ? "" : exporter.error().message.c_str());
        const long rssAfterOpen = residentKiB();
        QCOMPARE((*exporter)->descriptor().len, size);

        // Read one element in the middle: one page (plus read-ahead) becomes resident.
        const auto *middle = (*exporter)->descriptor().buf + size / 2;
        volatile std::byte sink = *middle;
        (void)sink;
        const long rssAfterRead = residentKiB();
        QVERIFY(rssBefore > 0);
        // Opening must not read the file: far less than 1 GiB may become resident.
        QVERIFY(rssAfterRead - rssBefore < (1L << 20));
        qInfo("4 GiB sparse raw file: open %.3f ms; VmRSS %ld KiB before, %ld KiB after open "
              "(+%ld), %ld KiB after reading one element (+%ld)",
              std::chrono::duration<double, std::milli>(opened - start).count(), rssBefore,
              rssAfterOpen, rssAfterOpen - rssBefore, rssAfterRead, rssAfterRead - rssAfterOpen);
        QVERIFY((*exporter)->close().ok());
    }
};

QTEST_GUILESS_MAIN(RawLargeFileTest)
#include "raw_large_file_test.moc"
