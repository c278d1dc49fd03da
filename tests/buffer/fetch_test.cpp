// SPDX-License-Identifier: GPL-3.0-or-later
// Reading buffers on demand (fetch.h) through a real process_vm_readv reader pointed at this
// very process: every _testbuffer layout (PIL pointer arrays included) and every NumPy view of
// the copy tests must fetch to memoryview's / NumPy's tobytes('C'); subBox must agree with
// slicing; the bytes read must follow what was asked (a contiguous slice reads itself once,
// a row slice reads its rows); a bad address and an ended process are errors, not faults.
#include "buffer/copy.h"
#include "buffer/fetch.h"
#include "exporters/live/process_memory_reader.h"
#include "testbuffer_cases.h"
#include "views/steps.h"

#include <QTest>

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

using namespace bufferscope;

class FetchTest : public QObject
{
    Q_OBJECT
private slots:
    void againstMemoryview();
    void againstNumpy();
    void subBoxAgreesWithSlicing();
    void bytesReadFollowTheRequest();
    void costlyGapsAreNotCovered();
    void badAddressIsAnError();
    void endedProcessIsAnError();
    void cacheReturnsTheSameCopyUntilInvalidated();
};

namespace {

QByteArray asBytes(const std::vector<std::byte> &bytes)
{
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

Result<std::vector<std::byte>> fetched(const Descriptor &d, const ByteReader &reader)
{
    std::vector<std::byte> out(static_cast<std::size_t>(d.len));
    if (auto status = fetchToContiguous(d, reader, out); !status)
        return status.error();
    return out;
}

Descriptor contiguousFloats(std::vector<float> &memory, std::vector<std::int64_t> shape)
{
    Descriptor d;
    d.buf = reinterpret_cast<std::byte *>(memory.data());
    d.itemsize = 4;
    d.format = "f";
    d.shape = shape;
    d.strides.resize(shape.size());
    ByteOffset stride = 4;
    for (std::size_t i = shape.size(); i-- > 0;) {
        d.strides[i] = stride;
        stride *= shape[i];
    }
    d.len = stride;
    return d;
}

} // namespace

void FetchTest::againstMemoryview()
{
    QString error;
    auto cases = testing::loadTestbufferCases(error);
    QVERIFY2(!cases.empty(), qPrintable(error));
    const ProcessMemoryReader reader(::getpid());
    int agreed = 0, pil = 0;
    for (auto &tc : cases) {
        auto bytes = fetched(tc->descriptor(), reader);
        const bool same = bytes.ok() && asBytes(*bytes) == tc->tobytesC;
        if (!same)
            qWarning("%s: fetch differs from memoryview.tobytes('C')%s", qPrintable(tc->name()),
                     bytes.ok() ? "" : (": " + bytes.error().message).c_str());
        agreed += same ? 1 : 0;
        pil += tc->pil ? 1 : 0;
    }
    qInfo("fetch: %d of %d _testbuffer layouts (%d PIL-style) agree with memoryview.tobytes('C')",
          agreed, int(cases.size()), pil);
    QCOMPARE(agreed, int(cases.size()));
    QVERIFY(pil > 0);
}

void FetchTest::againstNumpy()
{
    QFile script(QStringLiteral(BUFFERSCOPE_TEST_DATA "/numpy_copy_cases.py"));
    QVERIFY(script.open(QIODevice::ReadOnly));
    const testing::PythonRun run =
        testing::runPython(QString::fromUtf8(script.readAll()), {}, {QStringLiteral("11")});
    QVERIFY2(run.ok, qPrintable(run.error));
    const QJsonArray cases = QJsonDocument::fromJson(run.out).array();
    QVERIFY(!cases.isEmpty());
    const ProcessMemoryReader reader(::getpid());
    int agreed = 0;
    for (const QJsonValue &value : cases) {
        const QJsonObject o = value.toObject();
        const QByteArray raw = QByteArray::fromHex(o.value("memory").toString().toLatin1());
        Descriptor d;
        d.buf = reinterpret_cast<std::byte *>(const_cast<char *>(raw.constData())) +
                o.value("offset").toInteger();
        d.itemsize = o.value("itemsize").toInteger();
        d.shape = testing::toVector<std::int64_t>(o.value("shape"));
        d.strides = testing::toVector<ByteOffset>(o.value("strides"));
        d.len = d.itemsize;
        for (auto n : d.shape)
            d.len *= n;
        const QByteArray c = QByteArray::fromHex(o.value("tobytesC").toString().toLatin1());
        auto bytes = fetched(d, reader);
        const bool same = bytes.ok() && asBytes(*bytes) == c;
        if (!same)
            qWarning("NumPy case '%s' (seed 11): fetch differs",
                     qPrintable(o.value("name").toString()));
        agreed += same ? 1 : 0;
    }
    qInfo("fetch: %d of %d NumPy views agree with tobytes('C')", agreed, int(cases.size()));
    QCOMPARE(agreed, int(cases.size()));
}

void FetchTest::subBoxAgreesWithSlicing()
{
    QString error;
    auto cases = testing::loadTestbufferCases(error);
    QVERIFY2(!cases.empty(), qPrintable(error));
    const ProcessMemoryReader reader(::getpid());
    int compared = 0;
    for (auto &tc : cases) {
        const Descriptor d = tc->descriptor();
        if (d.ndim() == 0)
            continue;
        // A box of every axis: start at a third of it, half of what remains.
        std::vector<Index> start, count;
        std::string expression = "[";
        for (int axis = 0; axis < d.ndim(); ++axis) {
            const Index n = d.shape[std::size_t(axis)];
            const Index s = n / 3, c = (n - s + 1) / 2;
            start.push_back(s);
            count.push_back(c);
            expression += (axis ? "," : "") + std::to_string(s) + ":" + std::to_string(s + c);
        }
        expression += "]";
        auto sliced = applyExpression(d, expression);
        QVERIFY2(sliced.ok(), qPrintable(tc->name()));
        const Descriptor box = subBox(d, start, count);
        QCOMPARE(box.shape, sliced->shape);
        QCOMPARE(box.strides, sliced->strides);
        QVERIFY2(box.buf == sliced->buf, qPrintable(tc->name()));
        QCOMPARE(box.len, sliced->len);
        auto a = fetched(box, reader);
        auto b = toBytes(*sliced, Order::C);
        QVERIFY2(a.ok() && b.ok() && *a == *b, qPrintable(tc->name()));
        ++compared;
    }
    qInfo("subBox: %d _testbuffer layouts agree with slicing", compared);
    QVERIFY(compared >= 450); // the 0-d layouts have no box
}

void FetchTest::bytesReadFollowTheRequest()
{
    // A (16, 64, 256) float32 volume.
    std::vector<float> memory(16 * 64 * 256);
    for (std::size_t i = 0; i < memory.size(); ++i)
        memory[i] = float(i);
    const Descriptor volume = contiguousFloats(memory, {16, 64, 256});
    struct Row
    {
        const char *expression;
        double maxReadPerByte; // bytes read / bytes of the result
    };
    // [5]: one contiguous run; [:, 10, :]: one row run per slice; [:, :, 100]: single items;
    // [::2] of rows: covering run of each dense block; .T: one block, transposed locally.
    const Row rows[] = {{"[5]", 1.0},          {"[:, 10, :]", 1.0}, {"[:, :, 100]", 1.0},
                        {"[:, ::2, :]", 1.0},  {"[3].T", 1.0},      {"[:, :, ::2]", 2.0},
                        {"[::-1, ::-1]", 1.0}, {"[2, 1:60:3, 5:250]", 1.0}};
    for (const Row &row : rows) {
        auto view = applyExpression(volume, row.expression);
        QVERIFY(view.ok());
        const ProcessMemoryReader reader(::getpid());
        auto bytes = fetched(*view, reader);
        QVERIFY2(bytes.ok(), row.expression);
        QCOMPARE(asBytes(*bytes), asBytes(*toBytes(*view, Order::C)));
        const double ratio = double(reader.bytesRead()) / double(view->len);
        qInfo("%-20s %8lld bytes, read %8llu (%.2fx)", row.expression, (long long)view->len,
              (unsigned long long)reader.bytesRead(), ratio);
        QVERIFY2(ratio <= row.maxReadPerByte + 1e-9, row.expression);
    }
}

namespace {

// A process reader that says gaps cost (as a chunked store's does) and keeps the runs it read.
class CostlyGapsReader : public ProcessMemoryReader
{
public:
    explicit CostlyGapsReader(bool cheap) : ProcessMemoryReader(::getpid()), m_cheap(cheap) {}
    bool gapsAreCheap() const override { return m_cheap; }
    mutable std::vector<ReadRun> runs;

protected:
    Status readRuns(std::span<const ReadRun> batch) const override
    {
        runs.insert(runs.end(), batch.begin(), batch.end());
        return ProcessMemoryReader::readRuns(batch);
    }

private:
    bool m_cheap;
};

} // namespace

void FetchTest::costlyGapsAreNotCovered()
{
    // a[:, :, :200:2] of a (16, 64, 256) float32 volume: a covering run of a slice's rows would
    // also read columns 200-255 of every row but the last (the chunks of those columns, in a
    // chunked store); with costly gaps only the rows' own spans are read.
    std::vector<float> memory(16 * 64 * 256);
    for (std::size_t i = 0; i < memory.size(); ++i)
        memory[i] = float(i);
    const Descriptor volume = contiguousFloats(memory, {16, 64, 256});
    auto view = applyExpression(volume, "[:, :, :200:2]");
    QVERIFY(view.ok());
    const auto base = reinterpret_cast<Address>(memory.data());
    auto widestColumn = [&](const CostlyGapsReader &reader) {
        std::uint64_t widest = 0;
        for (const ReadRun &run : reader.runs) {
            const std::uint64_t first = (run.address - base) / 4;
            const std::uint64_t last = first + run.size / 4 - 1;
            if (first / 256 != last / 256)
                return std::uint64_t(256); // spans rows: reaches every column
            widest = std::max(widest, last % 256);
        }
        return widest;
    };
    for (const bool cheap : {true, false}) {
        const CostlyGapsReader reader(cheap);
        auto bytes = fetched(*view, reader);
        QVERIFY(bytes.ok());
        QCOMPARE(asBytes(*bytes), asBytes(*toBytes(*view, Order::C)));
        qInfo("gaps %s: %zu runs, %llu bytes read for %lld, last column read %llu",
              cheap ? "cheap" : "costly", reader.runs.size(),
              (unsigned long long)reader.bytesRead(), (long long)view->len,
              (unsigned long long)widestColumn(reader));
        if (cheap)
            QVERIFY(widestColumn(reader) > 199); // the covering run: what costly gaps avoid
        else
            QCOMPARE(widestColumn(reader), std::uint64_t(198));
        // Costly or not, one run per row at most (no item-by-item reads).
        QVERIFY(reader.runs.size() <= std::size_t(16 * 64));
    }
}

void FetchTest::badAddressIsAnError()
{
    const long page = ::sysconf(_SC_PAGESIZE);
    void *guard = ::mmap(nullptr, std::size_t(page), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    QVERIFY(guard != MAP_FAILED);
    Descriptor d;
    d.buf = static_cast<std::byte *>(guard);
    d.itemsize = 1;
    d.shape = {16};
    d.strides = {1};
    d.len = 16;
    const ProcessMemoryReader reader(::getpid());
    auto bytes = fetched(d, reader);
    QVERIFY(!bytes.ok());
    const std::string expected = "live: bytes " + addressRange(Address(std::uintptr_t(guard)), 16) +
                                 " of process " + std::to_string(::getpid()) +
                                 " cannot be read (Bad address)";
    QCOMPARE(bytes.error().message, expected);
    QCOMPARE(bytes.error().category, ErrorCategory::Io);
    // A PIL-style pointer to the guard page: the pointer is read, its row is not.
    std::vector<std::byte *> rows{static_cast<std::byte *>(guard)};
    Descriptor pil = d;
    pil.buf = reinterpret_cast<std::byte *>(rows.data());
    pil.shape = {1, 16};
    pil.strides = {ByteOffset(sizeof(void *)), 1};
    pil.suboffsets = {0, -1};
    auto viaPointer = fetched(pil, reader);
    QVERIFY(!viaPointer.ok());
    QCOMPARE(viaPointer.error().message, expected);
    ::munmap(guard, std::size_t(page));
}

void FetchTest::endedProcessIsAnError()
{
    std::vector<float> memory(8, 1.0f);
    const Descriptor d = contiguousFloats(memory, {8});
    ProcessMemoryReader reader(::getpid());
    reader.markEnded();
    auto bytes = fetched(d, reader);
    QVERIFY(!bytes.ok());
    QCOMPARE(bytes.error().message, "live: process " + std::to_string(::getpid()) + " has ended");
}

void FetchTest::cacheReturnsTheSameCopyUntilInvalidated()
{
    std::vector<float> memory(64 * 64);
    const Descriptor d = contiguousFloats(memory, {64, 64});
    ProcessMemoryReader reader(::getpid());
    auto first = fetchLocal(d, reader);
    auto second = fetchLocal(d, reader);
    QVERIFY(first.ok() && second.ok());
    QCOMPARE(first->get(), second->get());
    QCOMPARE(reader.bytesRead(), std::uint64_t(d.len));
    memory[5] = 42.0f;
    reader.invalidate();
    auto third = fetchLocal(d, reader);
    QVERIFY(third.ok());
    QVERIFY(third->get() != first->get());
    float value = 0;
    std::memcpy(&value, (*third)->descriptor.buf + 5 * 4, 4);
    QCOMPARE(value, 42.0f);
    QCOMPARE(reader.bytesRead(), std::uint64_t(2 * d.len));
}

QTEST_GUILESS_MAIN(FetchTest)
#include "fetch_test.moc"
