// SPDX-License-Identifier: GPL-3.0-or-later
// The SIGBUS guard: a mapped file truncated on disk reads as zeros instead of killing the
// process, the damage is reported word for word, and a SIGBUS anywhere else still kills
// (checked in forked children so the test process survives).
#include "common/fault_guard.h"
#include "exporters/mapped_file.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace bufferscope;

namespace {

const long kPage = ::sysconf(_SC_PAGESIZE);

bool writeBytes(const QString &path, qsizetype size, char fill)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(QByteArray(size, fill)) == size;
}

// Reads every byte (volatile, so the compiler cannot skip the loads) and sums them.
std::uint64_t readAll(std::span<const std::byte> bytes)
{
    std::uint64_t sum = 0;
    const volatile std::byte *p = bytes.data();
    for (std::size_t i = 0; i < bytes.size(); ++i)
        sum += static_cast<std::uint8_t>(p[i]);
    return sum;
}

// Runs `body` in a child; returns its wait status.
template<class Body> int inChild(Body body)
{
    const pid_t child = ::fork();
    if (child == 0) {
        body();
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
}

} // namespace

class FaultGuardTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.path() + "/" + name; }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void truncatedFileReadsAsZerosAndIsReported()
    {
        for (MapMode mode : {MapMode::ReadOnly, MapMode::CopyOnWrite}) {
            const QString name = path(mode == MapMode::ReadOnly ? "ro.bin" : "cow.bin");
            QVERIFY(writeBytes(name, 4 * kPage, 1));
            auto file = MappedFile::open(name.toStdString(), mode);
            QVERIFY(file.ok());
            QVERIFY((*file)->checkData().ok());
            QVERIFY(::truncate(name.toLocal8Bit().constData(), kPage + 100) == 0);
            // The first page and the file's tail on the second page survive; pages 3 and 4
            // (and the rest of page 2 past EOF, which the kernel zero-fills) read as zeros.
            const std::uint64_t sum = readAll((*file)->bytes());
            QCOMPARE(sum, static_cast<std::uint64_t>(kPage + 100));
            QVERIFY((*file)->damaged());
            const std::string expected =
                "file '" + name.toStdString() + "' changed on disk while mapped: size " +
                std::to_string(4 * kPage) + " is now " + std::to_string(kPage + 100) +
                "; bytes past the new end read as zeros";
            const Status status = (*file)->checkData();
            QVERIFY(!status);
            QCOMPARE(status.error().message, expected);
            QCOMPARE(status.error().category, ErrorCategory::Io);
            if (mode == MapMode::CopyOnWrite) // the zero page is writable like the mapping
                (*file)->bytes()[3 * kPage] = std::byte{7};
        }
    }

    void truncatedToZeroThenRegrown()
    {
        // Same size again, but the pages were dropped in between: the data are zeros now and
        // the modification time tells.
        QVERIFY(writeBytes(path("regrow.bin"), 2 * kPage, 5));
        auto file = MappedFile::open(path("regrow.bin").toStdString(), MapMode::ReadOnly);
        QVERIFY(file.ok());
        QTest::qWait(20); // a distinct mtime
        QVERIFY(::truncate(path("regrow.bin").toLocal8Bit().constData(), 0) == 0);
        QVERIFY(::truncate(path("regrow.bin").toLocal8Bit().constData(), 2 * kPage) == 0);
        QCOMPARE(readAll((*file)->bytes()), std::uint64_t{0});
        QVERIFY(!(*file)->damaged()); // the pages exist again: no SIGBUS, no zero page
        const Status status = (*file)->checkData();
        QVERIFY(!status);
        QCOMPARE(QString::fromStdString(status.error().message),
                 "file '" + path("regrow.bin") +
                     "' changed on disk while mapped: its modification time changed");
    }

    void replacedFileKeepsTheOldBytes()
    {
        QVERIFY(writeBytes(path("old.bin"), kPage, 3));
        QVERIFY(writeBytes(path("new.bin"), 10, 4));
        auto file = MappedFile::open(path("old.bin").toStdString(), MapMode::ReadOnly);
        QVERIFY(file.ok());
        QVERIFY(::rename(path("new.bin").toLocal8Bit().constData(),
                         path("old.bin").toLocal8Bit().constData()) == 0);
        QCOMPARE(readAll((*file)->bytes()), static_cast<std::uint64_t>(3 * kPage));
        QVERIFY(!(*file)->damaged());
        QCOMPARE(QString::fromStdString((*file)->checkData().error().message),
                 "file '" + path("old.bin") +
                     "' changed on disk while mapped: it was replaced by another file");
        // The unchanged-file check keeps its own wording.
        QCOMPARE(QString::fromStdString((*file)->checkUnchanged().error().message),
                 "file '" + path("old.bin") + "' changed on disk: it was replaced by another file");
    }

    void removedWhileMapped()
    {
        QVERIFY(writeBytes(path("gone.bin"), kPage, 2));
        auto file = MappedFile::open(path("gone.bin").toStdString(), MapMode::ReadOnly);
        QVERIFY(file.ok());
        QVERIFY(QFile::remove(path("gone.bin")));
        QCOMPARE(readAll((*file)->bytes()), static_cast<std::uint64_t>(2 * kPage));
        QCOMPARE(QString::fromStdString((*file)->checkData().error().message),
                 "file '" + path("gone.bin") +
                     "' changed on disk while mapped: it no longer exists");
    }

    void manyFilesTruncatedAtOnce()
    {
        // Several guarded ranges: each fault repairs its own range and marks only its file.
        std::vector<std::unique_ptr<MappedFile>> files;
        for (int i = 0; i < 8; ++i) {
            const QString name = path("many") + QString::number(i);
            QVERIFY(writeBytes(name, 3 * kPage, 1));
            auto file = MappedFile::open(name.toStdString(), MapMode::ReadOnly);
            QVERIFY(file.ok());
            files.push_back(std::move(*file));
        }
        for (int i = 0; i < 8; i += 2)
            QVERIFY(::truncate((path("many") + QString::number(i)).toLocal8Bit().constData(),
                               kPage) == 0);
        for (int i = 0; i < 8; ++i) {
            const std::uint64_t expected = static_cast<std::uint64_t>((i % 2 ? 3 : 1) * kPage);
            QCOMPARE(readAll(files[i]->bytes()), expected);
            QCOMPARE(files[i]->damaged(), i % 2 == 0);
            QCOMPARE(faultguard::damagedPages(-1), std::size_t{0});
        }
    }

    void closedAndReopenedFileStartsUndamaged()
    {
        QVERIFY(writeBytes(path("reuse.bin"), 2 * kPage, 1));
        {
            auto file = MappedFile::open(path("reuse.bin").toStdString(), MapMode::ReadOnly);
            QVERIFY(::truncate(path("reuse.bin").toLocal8Bit().constData(), 0) == 0);
            (void)readAll((*file)->bytes());
            QVERIFY((*file)->damaged());
        }
        QVERIFY(writeBytes(path("reuse.bin"), 2 * kPage, 1));
        auto file = MappedFile::open(path("reuse.bin").toStdString(), MapMode::ReadOnly);
        QVERIFY(!(*file)->damaged()); // the freed slot was reset
        QVERIFY((*file)->checkData().ok());
    }

    void sigbusOutsideGuardedRangesStillKills()
    {
        // Install the guard (by mapping a file), then fault on a mapping it does not know.
        QVERIFY(writeBytes(path("guarded.bin"), kPage, 1));
        auto guarded = MappedFile::open(path("guarded.bin").toStdString(), MapMode::ReadOnly);
        QVERIFY(guarded.ok());
        QVERIFY(writeBytes(path("plain.bin"), 2 * kPage, 1));
        const QByteArray plain = path("plain.bin").toLocal8Bit();
        const int status = inChild([&] {
            const int fd = ::open(plain.constData(), O_RDONLY);
            void *p = ::mmap(nullptr, 2 * kPage, PROT_READ, MAP_SHARED, fd, 0);
            if (::ftruncate(::open(plain.constData(), O_WRONLY), 0) != 0)
                ::_exit(3);
            (void)readAll({static_cast<const std::byte *>(p), static_cast<std::size_t>(kPage)});
            ::_exit(4); // survived: the guard swallowed a fault that was not its own
        });
        // Plain build: killed by SIGBUS; under ASan its own handler reports and exits 1.
        QVERIFY2(!(WIFEXITED(status) && (WEXITSTATUS(status) == 4 || WEXITSTATUS(status) == 3)),
                 qPrintable(QString("child status %1").arg(status)));
        QVERIFY(WIFSIGNALED(status) || WIFEXITED(status));
    }

    void sigbusSentByKillStillKills()
    {
        QVERIFY(writeBytes(path("guarded2.bin"), kPage, 1));
        auto guarded = MappedFile::open(path("guarded2.bin").toStdString(), MapMode::ReadOnly);
        QVERIFY(guarded.ok());
        const int status = inChild([] {
            ::kill(::getpid(), SIGBUS);
            ::_exit(4);
        });
        QVERIFY2(!(WIFEXITED(status) && WEXITSTATUS(status) == 4),
                 qPrintable(QString("child status %1").arg(status)));
    }
};

// QTEST_GUILESS_MAIN, but without Qt Test's gdb stack dump: the children that must die of
// SIGBUS reach Qt Test's crash handler through the guard, which is right but slow to print.
int main(int argc, char **argv)
{
    qputenv("QTEST_DISABLE_STACK_DUMP", "1");
    QCoreApplication app(argc, argv);
    FaultGuardTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "fault_guard_test.moc"
