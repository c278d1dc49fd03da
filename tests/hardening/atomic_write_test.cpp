// SPDX-License-Identifier: GPL-3.0-or-later
// Atomic writes under failure: a directory the writer may not write to, a full disk (a
// 64 KiB tmpfs, mounted when the test runs as root) and a writer killed with SIGKILL half way
// all leave the old file whole, byte for byte.
#include "common/atomic_write.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <vector>

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace bufferscope;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

bool writePlain(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

std::vector<std::byte> pattern(std::size_t size, unsigned seed)
{
    std::vector<std::byte> bytes(size);
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<std::byte>((i * 31 + seed) & 0xff);
    return bytes;
}

// Entries of `dir` other than `keep`: temporary files left behind.
QStringList leftovers(const QString &dir, const QString &keep)
{
    QStringList names = QDir(dir).entryList(QDir::Files | QDir::Hidden);
    names.removeAll(keep);
    return names;
}

} // namespace

class AtomicWriteTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_mount;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void unwritableDirectoryKeepsTheOldFile()
    {
        const QString dir = m_dir.path() + "/locked";
        QVERIFY(QDir().mkpath(dir));
        const QString target = dir + "/out.bin";
        const QByteArray old("the old contents");
        QVERIFY(writePlain(target, old));
        QVERIFY(::chmod(dir.toLocal8Bit().constData(), 0555) == 0);
        QVERIFY(::chmod(m_dir.path().toLocal8Bit().constData(), 0755) == 0);
        const std::string path = target.toStdString();
        const std::string expected = "tobytes: cannot write '" + path + "': Permission denied";
        if (::geteuid() == 0) {
            // Root writes anywhere: write as nobody, in a child, and report by exit status.
            const pid_t child = ::fork();
            if (child == 0) {
                if (::setgid(65534) != 0 || ::setuid(65534) != 0)
                    ::_exit(3);
                const Status status = writeFileAtomically(path, pattern(100, 1), "tobytes");
                ::_exit(!status && status.error().message == expected ? 0 : 4);
            }
            int status = 0;
            ::waitpid(child, &status, 0);
            QVERIFY(WIFEXITED(status));
            QCOMPARE(WEXITSTATUS(status), 0);
        } else {
            const Status status = writeFileAtomically(path, pattern(100, 1), "tobytes");
            QVERIFY(!status);
            QCOMPARE(status.error().message, expected);
        }
        QCOMPARE(readAll(target), old);
        QCOMPARE(leftovers(dir, "out.bin"), QStringList());
        QVERIFY(::chmod(dir.toLocal8Bit().constData(), 0755) == 0);
    }

    void fullDiskKeepsTheOldFile()
    {
        if (::geteuid() != 0)
            QSKIP("mounting a 64 KiB tmpfs needs root");
        m_mount = m_dir.path() + "/tiny";
        QVERIFY(QDir().mkpath(m_mount));
        if (::mount("tmpfs", m_mount.toLocal8Bit().constData(), "tmpfs", 0, "size=64k") != 0)
            QSKIP("this sandbox refuses to mount a tmpfs");
        const QString target = m_mount + "/out.bin";
        const QByteArray old(20000, 'o');
        QVERIFY(writePlain(target, old));
        const Status status =
            writeFileAtomically(target.toStdString(), pattern(200000, 2), "tobytes");
        QVERIFY(!status);
        QCOMPARE(QString::fromStdString(status.error().message),
                 "tobytes: cannot write '" + target + "': No space left on device");
        QCOMPARE(readAll(target), old);
        QCOMPARE(leftovers(m_mount, "out.bin"), QStringList()); // the temporary file is gone
        // The disk is not left full: a write that fits succeeds afterwards.
        QVERIFY(writeFileAtomically(target.toStdString(), pattern(10000, 3), "tobytes").ok());
        QCOMPARE(readAll(target).size(), 10000);
    }

    void killedWriterKeepsTheOldFile()
    {
        const QString dir = m_dir.path() + "/killed";
        QVERIFY(QDir().mkpath(dir));
        const QString target = dir + "/out.bin";
        const QByteArray old(4096, 'k');
        int killedMidWrite = 0;
        for (int attempt = 0; attempt < 6 && killedMidWrite < 2; ++attempt) {
            QVERIFY(writePlain(target, old));
            const pid_t child = ::fork();
            if (child == 0) {
                const Status status = writeFileAtomically(
                    target.toStdString(), pattern(std::size_t{48} << 20, 4), "tobytes");
                ::_exit(status ? 0 : 1);
            }
            // Kill the writer once its temporary file holds some, not all, of the bytes.
            QElapsedTimer timer;
            timer.start();
            bool killed = false;
            while (timer.elapsed() < 10000) {
                const QStringList temporary = leftovers(dir, "out.bin");
                if (!temporary.isEmpty() && QFileInfo(dir + "/" + temporary.first()).size() > 0) {
                    ::kill(child, SIGKILL);
                    killed = true;
                    break;
                }
                int status = 0;
                if (::waitpid(child, &status, WNOHANG) == child)
                    break; // finished before we caught it
                ::usleep(200);
            }
            int status = 0;
            if (killed)
                ::waitpid(child, &status, 0);
            const QByteArray now = readAll(target);
            if (killed && WIFSIGNALED(status)) {
                ++killedMidWrite;
                QCOMPARE(now, old); // whole: the rename never happened
            } else {
                QCOMPARE(now.size(), qsizetype{48} << 20); // or wholly the new file
            }
            for (const QString &name : leftovers(dir, "out.bin"))
                QFile::remove(dir + "/" + name); // a killed writer leaves its temporary file
        }
        qInfo("writer killed mid-write %d times, the old file whole each time", killedMidWrite);
        QVERIFY2(killedMidWrite > 0, "the writer always finished before it could be killed");
    }

    void cleanupTestCase()
    {
        if (!m_mount.isEmpty())
            ::umount(m_mount.toLocal8Bit().constData());
    }
};

QTEST_GUILESS_MAIN(AtomicWriteTest)
#include "atomic_write_test.moc"
