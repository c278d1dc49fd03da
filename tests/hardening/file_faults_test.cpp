// SPDX-License-Identifier: GPL-3.0-or-later
// Bad files, each refused with an exact error naming the file and the problem, never a crash
// or a hang: missing, a directory, unreadable, empty, truncated .npy data, a header claiming
// more bytes than the file has, absurd shapes, a corrupt image, and files truncated,
// replaced or removed on disk while they are mapped and viewed.
#include "python_oracle.h"

#include "buffer/copy.h"
#include "commands.h"
#include "common/memory_limit.h"
#include "exporters/memory/memory_exporter.h"
#include "exporters/npy/npy_exporter.h"
#include "exporters/open_source.h"
#include "exporters/raw/raw_file_exporter.h"
#include "image/image_opener.h"
#include "views/view.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sstream>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace bufferscope;

namespace {

template<class T> QString errorOf(const Result<T> &result)
{
    return result ? QStringLiteral("<no error>") : QString::fromStdString(result.error().message);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class FileFaultsTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.path() + "/" + name; }
    std::string spath(const QString &name) const { return path(name).toStdString(); }

    // NumPy writes the .npy files the tests damage.
    void saveWithNumpy(const QString &name, const QString &expression)
    {
        const auto run = testing::runPython("import numpy as np, sys\nnp.save(sys.argv[1], " +
                                                expression + ")\n",
                                            {}, {path(name)});
        QVERIFY2(run.ok, qPrintable(run.error));
    }

    // Runs `open` on `file` as the unprivileged user nobody (in a child: the test stays root)
    // and returns the error text it got.
    QString errorAsNobody(const std::string &file)
    {
        int pipeFds[2];
        if (::pipe(pipeFds) != 0)
            return "pipe failed";
        const pid_t child = ::fork();
        if (child == 0) {
            ::close(pipeFds[0]);
            if (::setgid(65534) != 0 || ::setuid(65534) != 0)
                ::_exit(3);
            auto opened = openFile(file, std::nullopt);
            const std::string text = opened ? "<no error>" : opened.error().message;
            (void)!::write(pipeFds[1], text.data(), text.size());
            ::_exit(0);
        }
        ::close(pipeFds[1]);
        QByteArray text;
        char buffer[512];
        ssize_t got = 0;
        while ((got = ::read(pipeFds[0], buffer, sizeof buffer)) > 0)
            text.append(buffer, got);
        ::close(pipeFds[0]);
        int status = 0;
        ::waitpid(child, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            return "child failed";
        return QString::fromUtf8(text);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        registerImageOpener();
    }

    void missingFile()
    {
        const QString expected =
            "open: cannot open '" + path("missing.npy") + "': No such file or directory";
        QCOMPARE(errorOf(openFile(spath("missing.npy"), std::nullopt)), expected);
        QCOMPARE(errorOf(NpyExporter::open(spath("missing.npy"))), expected);
        RawOptions raw{"B", {4}};
        QCOMPARE(errorOf(RawFileExporter::open(spath("missing.npy"), raw)), expected);
    }

    void directory()
    {
        QVERIFY(QDir(m_dir.path()).mkdir("folder.npy"));
        const QString expected = "open: cannot open '" + path("folder.npy") + "': Is a directory";
        QCOMPARE(errorOf(openFile(spath("folder.npy"), std::nullopt)), expected);
        QCOMPARE(errorOf(NpyExporter::open(spath("folder.npy"))), expected);
        QCOMPARE(errorOf(RawFileExporter::open(spath("folder.npy"), RawOptions{"B", {1}})),
                 expected);
    }

    void noPermission()
    {
        QVERIFY(QDir(m_dir.path()).mkdir("shared"));
        QVERIFY(::chmod(path("shared").toLocal8Bit().constData(), 0755) == 0);
        QVERIFY(::chmod(m_dir.path().toLocal8Bit().constData(), 0755) == 0);
        saveWithNumpy("shared/secret.npy", "np.arange(4)");
        QVERIFY(::chmod(path("shared/secret.npy").toLocal8Bit().constData(), 0) == 0);
        const QString expected =
            "open: cannot open '" + path("shared/secret.npy") + "': Permission denied";
        if (::geteuid() == 0) // root reads anything: ask as nobody, in a child
            QCOMPARE(errorAsNobody(spath("shared/secret.npy")), expected);
        else
            QCOMPARE(errorOf(openFile(spath("shared/secret.npy"), std::nullopt)), expected);
    }

    void emptyFile()
    {
        QVERIFY(writeFile(path("empty.npy"), {}));
        QCOMPARE(errorOf(openFile(spath("empty.npy"), std::nullopt)),
                 "open: '" + path("empty.npy") +
                     "' is not a .npy file or a supported image; give --raw FMT --shape ...");
        QCOMPARE(errorOf(NpyExporter::open(spath("empty.npy"))),
                 "npy: '" + path("empty.npy") +
                     "': magic needs 6 bytes at byte 0 but the file has 0");
        QCOMPARE(errorOf(RawFileExporter::open(spath("empty.npy"), RawOptions{"<i", {1}})),
                 "raw: file '" + path("empty.npy") +
                     "' is too small: offset 0 + 4 data bytes = 4 needed, 0 available");
        // No data needed: an empty raw file of shape (0,) opens.
        QVERIFY(RawFileExporter::open(spath("empty.npy"), RawOptions{"<i", {0}}).ok());
    }

    void truncatedNpyData()
    {
        saveWithNumpy("short.npy", "np.arange(100, dtype='<f4')");
        const QByteArray whole = readFile(path("short.npy"));
        QCOMPARE(whole.size(), 128 + 400);
        QVERIFY(writeFile(path("short.npy"), whole.left(128 + 300)));
        QCOMPARE(errorOf(NpyExporter::open(spath("short.npy"))),
                 "npy: '" + path("short.npy") +
                     "': data needs 400 bytes at byte 128 but the file has 428");
    }

    void headerClaimsMoreThanTheFile()
    {
        saveWithNumpy("long_header.npy", "np.zeros(3)");
        QByteArray bytes = readFile(path("long_header.npy"));
        bytes[8] = char(0x60); // header length 0xEA60 = 60000, little-endian
        bytes[9] = char(0xEA);
        QVERIFY(writeFile(path("long_header.npy"), bytes));
        QCOMPARE(errorOf(NpyExporter::open(spath("long_header.npy"))),
                 "npy: '" + path("long_header.npy") +
                     "': header needs 60000 bytes at byte 10 but the file has 152");
    }

    void absurdShapes()
    {
        // A header NumPy itself writes for an array far beyond any memory.
        const auto run = testing::runPython(
            "import numpy as np, sys\n"
            "with open(sys.argv[1], 'wb') as f:\n"
            "    np.lib.format.write_array_header_1_0(f, {'descr': '<f8', 'fortran_order': False,"
            " 'shape': (2**40, 2**40, 2**40)})\n",
            {}, {path("huge.npy")});
        QVERIFY2(run.ok, qPrintable(run.error));
        QCOMPARE(errorOf(NpyExporter::open(spath("huge.npy"))),
                 "npy: '" + path("huge.npy") +
                     "': shape (1099511627776, 1099511627776, 1099511627776) of itemsize 8 "
                     "overflows at byte 60");

        QVERIFY(writeFile(path("small.bin"), QByteArray(64, 'x')));
        auto options = parseRawOptions("<d", "4611686018427387904,4", "", "");
        QVERIFY(options.ok());
        QCOMPARE(errorOf(RawFileExporter::open(spath("small.bin"), *options)),
                 QString("shape: product of dimensions overflows"));
        // Fits 64 bits but not the file.
        options = parseRawOptions("<d", "1099511627776", "", "");
        QCOMPARE(errorOf(RawFileExporter::open(spath("small.bin"), *options)),
                 "raw: file '" + path("small.bin") +
                     "' is too small: offset 0 + 8796093022208 data bytes = 8796093022208 "
                     "needed, 64 available");

        QCOMPARE(errorOf(MemoryExporter::create("<d", {std::int64_t{1} << 62, 4})),
                 QString("shape: product of dimensions overflows"));
        // Fits 64 bits, far beyond the memory limit: refused before allocating.
        QCOMPARE(errorOf(MemoryExporter::create("<d", {std::int64_t{1} << 50})),
                 "memory: needs " + QString::number(std::int64_t{8} << 50) +
                     " bytes, more than the memory limit of " + QString::number(memoryLimit()) +
                     " bytes");
        auto memory = MemoryExporter::create("<d", {4});
        QVERIFY(memory.ok());
        const Status resized = (*memory)->resize(std::int64_t{8} << 50);
        QVERIFY(!resized);
        QCOMPARE(QString::fromStdString(resized.error().message),
                 "memory: needs " + QString::number(std::int64_t{8} << 50) +
                     " bytes, more than the memory limit of " + QString::number(memoryLimit()) +
                     " bytes");
        QCOMPARE((*memory)->descriptor().len, 32); // refused: nothing changed
    }

    void corruptImage()
    {
        QByteArray png("\x89PNG\r\n\x1a\n", 8);
        png += QByteArray(200, '\x7f');
        QVERIFY(writeFile(path("broken.png"), png));
        QCOMPARE(errorOf(openFile(spath("broken.png"), std::nullopt)),
                 "image: cannot read '" + path("broken.png") + "': Unable to read image data");
    }

    void npyTruncatedWhileViewed()
    {
        saveWithNumpy("live.npy", "np.arange(1, 4097, dtype='<i4').reshape(64, 64)");
        auto exporter = NpyExporter::open(spath("live.npy"));
        QVERIFY(exporter.ok());
        auto view = View::create(**exporter, "[::2, ::-1]");
        QVERIFY(view.ok());
        QVERIFY(::truncate(path("live.npy").toLocal8Bit().constData(), 1000) == 0);
        auto bytes = toBytes((*view)->descriptor(), Order::C);
        QVERIFY(bytes.ok()); // the read goes on with zeros instead of SIGBUS
        const Status status = (*view)->rootExporter().checkData();
        QVERIFY(!status);
        QCOMPARE(QString::fromStdString(status.error().message),
                 "file '" + path("live.npy") +
                     "' changed on disk while mapped: size 16512 is now 1000; bytes past the new "
                     "end read as zeros");
    }

    void rawTruncatedWhileViewed()
    {
        QVERIFY(writeFile(path("live.bin"), QByteArray(3 * 4096, '\1')));
        auto exporter = RawFileExporter::open(spath("live.bin"), RawOptions{"B", {3, 4096}});
        QVERIFY(exporter.ok());
        auto view = View::create(**exporter, "[2]");
        QVERIFY(view.ok());
        QVERIFY((*exporter)->checkData().ok());
        QVERIFY(::truncate(path("live.bin").toLocal8Bit().constData(), 0) == 0);
        auto bytes = toBytes((*view)->descriptor(), Order::C);
        QVERIFY(bytes.ok());
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(bytes->data()), 4096),
                 QByteArray(4096, '\0'));
        QCOMPARE(QString::fromStdString((*exporter)->checkData().error().message),
                 "file '" + path("live.bin") +
                     "' changed on disk while mapped: size 12288 is now 0; bytes past the new "
                     "end read as zeros");
    }

    void cliRefusesEachBadFile()
    {
        // The command line reports every fault with exit status 2 and the error text.
        const struct
        {
            QString file;
            QString error;
        } cases[] = {
            {path("missing.npy"),
             "error: open: cannot open '" + path("missing.npy") + "': No such file or directory\n"},
            {path("folder.npy"),
             "error: open: cannot open '" + path("folder.npy") + "': Is a directory\n"},
            {path("short.npy"), "error: npy: '" + path("short.npy") +
                                    "': data needs 400 bytes at byte 128 but the file has 428\n"},
        };
        for (const auto &c : cases) {
            std::ostringstream out, err;
            const int status = cli::runView(c.file.toStdString(), "", {}, {spath("out.bin"), "C"},
                                            cli::ViewOutput::Descriptor, out, err);
            QCOMPARE(status, cli::kExitError);
            QCOMPARE(QString::fromStdString(err.str()), c.error);
            QCOMPARE(QString::fromStdString(out.str()), QString());
            QVERIFY(!QFile::exists(path("out.bin")));
        }
    }
};

QTEST_GUILESS_MAIN(FileFaultsTest)
#include "file_faults_test.moc"
