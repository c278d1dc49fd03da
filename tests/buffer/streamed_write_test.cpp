// SPDX-License-Identifier: GPL-3.0-or-later
// The streamed writers of a buffer's bytes (exporters/source_bytes.h, common/atomic_write.h,
// npy_writer): writeSourceBytes cut into blocks of every size from 1 byte up, local and through
// a reader, agrees with memoryview.tobytes('C'/'F'/'A') on the 600 _testbuffer layouts; large
// outputs go through the second thread in order; a failing sink or exporter stops the walk and
// leaves the destination as it was, with no temporary file; .npy files load back in NumPy.
#include "buffer/copy.h"
#include "common/atomic_write.h"
#include "exporters/exporter.h"
#include "exporters/live/process_memory_reader.h"
#include "exporters/npy/npy_writer.h"
#include "exporters/source_bytes.h"
#include "testbuffer_cases.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <cstring>
#include <numeric>

using namespace bufferscope;

namespace {

// A descriptor over memory this test owns, as a local exporter or, with `remote`, as a
// read-on-demand one whose reader is this very process (addresses are pointers here).
class DescriptorExporter final : public Exporter
{
public:
    DescriptorExporter(Descriptor d, std::span<std::byte> data, bool remote,
                       Status check = Status())
        : m_descriptor(std::move(d)), m_data(data), m_check(std::move(check))
    {
        if (remote)
            m_reader = std::make_shared<ProcessMemoryReader>(::getpid());
    }
    const Descriptor &descriptor() const override { return m_descriptor; }
    SourceInfo source() const override { return {"test", "", nlohmann::json::object()}; }
    std::span<std::byte> data() const override { return m_data; }
    std::shared_ptr<const ByteReader> reader() const override { return m_reader; }
    Status checkData() const override { return m_check; }

protected:
    std::string closingName() const override { return "descriptor exporter"; }
    void freeData() override {}

private:
    Descriptor m_descriptor;
    std::span<std::byte> m_data;
    Status m_check;
    std::shared_ptr<const ByteReader> m_reader;
};

QByteArray asBytes(std::span<const std::byte> bytes)
{
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

// The streamed bytes, and whether every block kept to the size asked for.
struct Streamed
{
    Status status;
    QByteArray bytes;
    bool blocksFit = true;
    int blocks = 0;
};

Streamed stream(const BufferSource &source, Order order, std::size_t blockBytes)
{
    Streamed s;
    const auto itemsize = static_cast<std::size_t>(source.descriptor().itemsize);
    const ByteSink sink = [&](std::span<const std::byte> block) {
        s.blocksFit = s.blocksFit && !block.empty() &&
                      block.size() <= std::max(blockBytes, itemsize);
        s.bytes += asBytes(block);
        ++s.blocks;
        return Status();
    };
    s.status = writeSourceBytes(source, order, sink, blockBytes);
    return s;
}

Descriptor floats(std::vector<float> &memory, std::int64_t rows, std::int64_t columns)
{
    Descriptor d;
    d.buf = reinterpret_cast<std::byte *>(memory.data());
    d.itemsize = 4;
    d.format = "f";
    d.shape = {rows, columns};
    d.strides = {columns * 4, 4};
    d.len = rows * columns * 4;
    return d;
}

Descriptor transposed(Descriptor d)
{
    std::swap(d.shape[0], d.shape[1]);
    std::swap(d.strides[0], d.strides[1]);
    return d;
}

QStringList leftovers(const QString &dir)
{
    return QDir(dir).entryList({"*.tmp-*"}, QDir::Files | QDir::Hidden);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class StreamedWriteTest : public QObject
{
    Q_OBJECT
private slots:
    void againstMemoryview()
    {
        QString error;
        auto cases = testing::loadTestbufferCases(error);
        QVERIFY2(!cases.empty(), qPrintable(error));
        int agreed = 0;
        for (auto &tc : cases) {
            const Descriptor d = tc->descriptor();
            bool same = true;
            for (const bool remote : {false, true}) {
                const DescriptorExporter source(d, tc->memory, remote);
                const std::pair<Order, const QByteArray *> orders[] = {
                    {Order::C, &tc->tobytesC}, {Order::F, &tc->tobytesF}, {Order::A, &tc->tobytesA}};
                for (const auto &[order, expected] : orders) {
                    for (const std::size_t block : {std::size_t{1}, std::size_t{7},
                                                    std::size_t{64}, kSourceBlockBytes}) {
                        const Streamed s = stream(source, order, block);
                        same = same && s.status.ok() && s.blocksFit && s.bytes == *expected;
                    }
                    // Straight into a destination span.
                    std::vector<std::byte> out(static_cast<std::size_t>(d.len));
                    same = same && writeSourceBytes(source, order, out).ok() &&
                           asBytes(out) == *expected;
                }
            }
            if (!same)
                qWarning("%s: streamed bytes differ from memoryview.tobytes", qPrintable(tc->name()));
            agreed += same ? 1 : 0;
        }
        qInfo("streamed: %d of %d _testbuffer cases agree with memoryview.tobytes('C'/'F'/'A'), "
              "local and read on demand, blocks of 1, 7, 64 bytes and 1 MiB",
              agreed, int(cases.size()));
        QCOMPARE(agreed, int(cases.size()));
    }

    // 16 MiB of transposed float32: 16 blocks through the second thread, in order.
    void largeOutputsArePipelinedInOrder()
    {
        std::vector<float> memory(std::size_t{4096} * 1024);
        std::iota(memory.begin(), memory.end(), 0.0f);
        const Descriptor d = transposed(floats(memory, 4096, 1024));
        auto expected = toBytes(d, Order::C);
        QVERIFY(expected.ok());
        for (const bool remote : {false, true}) {
            const DescriptorExporter source(d, std::as_writable_bytes(std::span(memory)), remote);
            const Streamed s = stream(source, Order::C, kSourceBlockBytes);
            QVERIFY(s.status.ok());
            QVERIFY(s.blocksFit);
            QCOMPARE(s.blocks, 16);
            QVERIFY(s.bytes == asBytes(*expected));
        }
    }

    void sinkErrorStopsTheWalk()
    {
        std::vector<float> memory(std::size_t{1024} * 1024);
        const DescriptorExporter source(transposed(floats(memory, 1024, 1024)),
                                        std::as_writable_bytes(std::span(memory)), false);
        // 4 KiB blocks: 1024 of them, pipelined; 1.5 MiB: three blocks, written in turn.
        for (const std::size_t block : {std::size_t{4096}, std::size_t{3} << 19}) {
            int calls = 0;
            const ByteSink sink = [&](std::span<const std::byte>) {
                return ++calls == 3 ? Status(makeError(ErrorCategory::Io, "sink: full"))
                                    : Status();
            };
            const Status status = writeSourceBytes(source, Order::C, sink, block);
            QVERIFY(!status);
            QCOMPARE(QString::fromStdString(status.error().message), QString("sink: full"));
            // Pipelined or not, no block is handed over after the failing one.
            QCOMPARE(calls, 3);
        }
    }

    void atomicFileKeepsTheOldFileUntilCommit()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString target = dir.path() + "/out.bin";
        QFile old(target);
        QVERIFY(old.open(QIODevice::WriteOnly) && old.write("old") == 3);
        old.close();
        const std::vector<std::byte> bytes(10000, std::byte{7});
        {
            auto file = AtomicFile::create(target.toStdString(), "tobytes");
            QVERIFY(file.ok());
            QVERIFY(file->append(bytes).ok());
            QCOMPARE(leftovers(dir.path()).size(), 1); // the temporary file, not OUT
            QCOMPARE(readAll(target), QByteArray("old"));
        } // dropped without commit
        QCOMPARE(readAll(target), QByteArray("old"));
        QCOMPARE(leftovers(dir.path()), QStringList());

        for (const Durability durability : {Durability::Synced, Durability::Unsynced}) {
            auto file = AtomicFile::create(target.toStdString(), "tobytes");
            QVERIFY(file.ok());
            QVERIFY(file->append(std::span(bytes).first(4000)).ok());
            QVERIFY(file->append(std::span(bytes).subspan(4000)).ok());
            QVERIFY(file->commit(durability).ok());
            QCOMPARE(readAll(target), asBytes(bytes));
            QCOMPARE(leftovers(dir.path()), QStringList());
        }
        auto missing = AtomicFile::create((dir.path() + "/no/such/out.bin").toStdString(), "npy");
        QVERIFY(!missing);
        QCOMPARE(QString::fromStdString(missing.error().message),
                 "npy: cannot write '" + dir.path() + "/no/such/out.bin': No such file or directory");
    }

    // The exporter's data turns out untrustworthy after the copy (a file truncated while
    // mapped): nothing is written, the old file stays, no temporary file is left.
    void npyRefusedAfterCopyLeavesNothing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString target = dir.path() + "/a.npy";
        QFile old(target);
        QVERIFY(old.open(QIODevice::WriteOnly) && old.write("old") == 3);
        old.close();
        std::vector<float> memory(std::size_t{1024} * 1024);
        const DescriptorExporter broken(
            floats(memory, 1024, 1024), std::as_writable_bytes(std::span(memory)), false,
            Status(makeError(ErrorCategory::Io, "file 'x' changed on disk while mapped")));
        const Status status = writeNpy(target.toStdString(), broken);
        QVERIFY(!status);
        QCOMPARE(QString::fromStdString(status.error().message),
                 QString("file 'x' changed on disk while mapped"));
        QCOMPARE(readAll(target), QByteArray("old"));
        QCOMPARE(leftovers(dir.path()), QStringList());
    }

    // writeNpy streams a transposed view; NumPy loads it back equal to the view.
    void npyLoadsBackInNumpy()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::vector<float> memory(std::size_t{1500} * 1100);
        for (std::size_t i = 0; i < memory.size(); ++i)
            memory[i] = static_cast<float>(i % 9973) * 0.5f;
        const QString path = dir.path() + "/t.npy";
        for (const bool remote : {false, true}) {
            const DescriptorExporter source(transposed(floats(memory, 1500, 1100)),
                                            std::as_writable_bytes(std::span(memory)), remote);
            QVERIFY(writeNpy(path.toStdString(), source, Durability::Unsynced).ok());
            const auto run = testing::runPython(
                "import sys, numpy as np\n"
                "a = np.load(sys.argv[1])\n"
                "ref = (np.arange(1500 * 1100) % 9973).astype(np.float32).reshape(1500, 1100) * 0.5\n"
                "print(a.shape == (1100, 1500) and a.dtype == np.float32 and bool((a == ref.T).all()))\n",
                {}, {path});
            QVERIFY2(run.ok, qPrintable(run.error));
            QCOMPARE(run.out.trimmed(), QByteArray("True"));
        }
        QCOMPARE(leftovers(dir.path()), QStringList());
    }
};

QTEST_GUILESS_MAIN(StreamedWriteTest)
#include "streamed_write_test.moc"
