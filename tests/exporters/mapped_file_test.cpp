// SPDX-License-Identifier: GPL-3.0-or-later
// MappedFile: mapping, copy-on-write isolation, the open errors word for word, and change
// detection after the file is truncated, replaced, removed or rewritten.
#include "case_files.h"

#include "exporters/mapped_file.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace bufferscope;
using namespace bufferscope::testing;

class MappedFileTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const char *name) const { return m_dir.path() + "/" + name; }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void mapsTheWholeFileReadOnly()
    {
        const QByteArray content = patternBytes(10000, 1);
        QVERIFY(writeFile(path("a.bin"), content));
        auto file = MappedFile::open(path("a.bin").toStdString(), MapMode::ReadOnly);
        QVERIFY(file.ok());
        QCOMPARE((*file)->size(), 10000);
        QVERIFY(!(*file)->writable());
        QCOMPARE(toQByteArray((*file)->bytes()), content);
        QCOMPARE(QString::fromStdString((*file)->path()), path("a.bin"));
        QVERIFY((*file)->checkUnchanged().ok());
    }

    void copyOnWriteNeverReachesTheFile()
    {
        const QByteArray content = patternBytes(5000, 2);
        QVERIFY(writeFile(path("cow.bin"), content));
        auto file = MappedFile::open(path("cow.bin").toStdString(), MapMode::CopyOnWrite);
        QVERIFY(file.ok());
        QVERIFY((*file)->writable());
        auto bytes = (*file)->bytes();
        for (std::size_t i = 0; i < bytes.size(); i += 97)
            bytes[i] = std::byte{0xAB};
        QCOMPARE(readFile(path("cow.bin")), content);
        QCOMPARE(static_cast<unsigned char>(bytes[97]), 0xAB);
    }

    void emptyFileMapsNothing()
    {
        QVERIFY(writeFile(path("empty.bin"), {}));
        auto file = MappedFile::open(path("empty.bin").toStdString(), MapMode::ReadOnly);
        QVERIFY(file.ok());
        QCOMPARE((*file)->size(), 0);
        QVERIFY((*file)->bytes().empty());
        QVERIFY((*file)->checkUnchanged().ok());
    }

    void openErrorsNameTheFile_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        const QString missing = path("no/such.bin");
        QTest::newRow("missing") << missing
                                 << "open: cannot open '" + missing +
                                        "': No such file or directory";
        QTest::newRow("directory")
            << m_dir.path() << "open: cannot open '" + m_dir.path() + "': Is a directory";
        QTest::newRow("fifo") << path("fifo")
                              << "open: cannot open '" + path("fifo") + "': not a regular file";
        QTest::newRow("device") << "/dev/null"
                                << QStringLiteral(
                                       "open: cannot open '/dev/null': not a regular file");
    }

    void openErrorsNameTheFile()
    {
        QFETCH(QString, file);
        QFETCH(QString, message);
        if (file.endsWith("fifo") && !QFile::exists(file))
            QCOMPARE(::mkfifo(file.toLocal8Bit().constData(), 0600), 0);
        for (auto mode : {MapMode::ReadOnly, MapMode::CopyOnWrite}) {
            auto opened = MappedFile::open(file.toStdString(), mode);
            QVERIFY(!opened.ok());
            QCOMPARE(opened.error().category, ErrorCategory::Io);
            QCOMPARE(QString::fromStdString(opened.error().message), message);
        }
    }

    void permissionDenied()
    {
        if (::geteuid() == 0)
            QSKIP("running as root: root bypasses file permissions, so EACCES cannot happen");
        QVERIFY(writeFile(path("secret.bin"), "x"));
        QVERIFY(QFile::setPermissions(path("secret.bin"), QFileDevice::WriteOwner));
        auto opened = MappedFile::open(path("secret.bin").toStdString(), MapMode::ReadOnly);
        QVERIFY(!opened.ok());
        QCOMPARE(QString::fromStdString(opened.error().message),
                 "open: cannot open '" + path("secret.bin") + "': Permission denied");
    }

    void checkUnchangedSeesTruncation()
    {
        QVERIFY(writeFile(path("shrink.bin"), patternBytes(100, 3)));
        auto file = MappedFile::open(path("shrink.bin").toStdString(), MapMode::ReadOnly);
        QVERIFY(file.ok());
        // Pages past the new end must not be touched any more (SIGBUS); only stat is used.
        QCOMPARE(::truncate(path("shrink.bin").toLocal8Bit().constData(), 40), 0);
        auto changed = (*file)->checkUnchanged();
        QVERIFY(!changed.ok());
        QCOMPARE(changed.error().category, ErrorCategory::Io);
        QCOMPARE(QString::fromStdString(changed.error().message),
                 "file '" + path("shrink.bin") + "' changed on disk: size 100 is now 40");
    }

    void checkUnchangedSeesReplacementRemovalAndRewrite()
    {
        QVERIFY(writeFile(path("r.bin"), patternBytes(64, 4)));
        auto file = MappedFile::open(path("r.bin").toStdString(), MapMode::ReadOnly);
        QVERIFY(file.ok());
        const QString prefix = "file '" + path("r.bin") + "' changed on disk: ";

        // Same size, same inode, new modification time.
        struct timespec times[2] = {{0, UTIME_OMIT}, {1000000, 0}};
        QCOMPARE(::utimensat(AT_FDCWD, path("r.bin").toLocal8Bit().constData(), times, 0), 0);
        QCOMPARE(QString::fromStdString((*file)->checkUnchanged().error().message),
                 prefix + "its modification time changed");

        QVERIFY(writeFile(path("r2.bin"), patternBytes(64, 5)));
        QCOMPARE(::rename(path("r2.bin").toLocal8Bit().constData(),
                          path("r.bin").toLocal8Bit().constData()),
                 0);
        QCOMPARE(QString::fromStdString((*file)->checkUnchanged().error().message),
                 prefix + "it was replaced by another file");
        // The mapping still shows the old, unlinked file.
        QCOMPARE(toQByteArray((*file)->bytes()), patternBytes(64, 4));

        QVERIFY(QFile::remove(path("r.bin")));
        QCOMPARE(QString::fromStdString((*file)->checkUnchanged().error().message),
                 prefix + "it no longer exists");
    }
};

QTEST_GUILESS_MAIN(MappedFileTest)
#include "mapped_file_test.moc"
