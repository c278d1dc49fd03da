// SPDX-License-Identifier: GPL-3.0-or-later
// The exporter interface suite: one set of checks that every exporter's cases (registered in
// *_exporter_cases.cpp, see exporter_cases.h) must pass. Request decisions are compared with
// CPython's memoryview, through _testbuffer.ndarray(memoryview(x), getbuf=flags) over an
// object with the same shape, strides, readonly flag and suboffsets.
#include "case_files.h"
#include "exporter_cases.h"
#include "python_oracle.h"

#include "buffer/bounds.h"
#include "buffer/copy.h"
#include "buffer/fetch.h"
#include "buffer/layout.h"
#include "exporters/source_bytes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <utility>

using namespace bufferscope;
using namespace bufferscope::testing;

namespace {

// The bytes a granted descriptor describes, read as its exporter's bytes are read (fetched
// through the reader of a read-on-demand exporter).
Result<std::vector<std::byte>> grantedBytes(const Exporter &exporter, const Descriptor &granted)
{
    const auto reader = exporter.reader();
    if (!reader)
        return toBytes(granted, Order::C);
    auto local = fetchLocal(granted, *reader);
    if (!local)
        return local.error();
    const auto *first = (*local)->descriptor.buf;
    return std::vector<std::byte>(first, first + (*local)->descriptor.len);
}

// Every flag and composite CPython names, with its name for failure messages.
const std::vector<std::pair<const char *, RequestFlags>> kRequests = {
    {"PyBUF_SIMPLE", request::Simple},
    {"PyBUF_WRITABLE", request::Writable},
    {"PyBUF_FORMAT", request::Format},
    {"PyBUF_ND", request::ND},
    {"PyBUF_STRIDES", request::Strides},
    {"PyBUF_C_CONTIGUOUS", request::CContiguous},
    {"PyBUF_F_CONTIGUOUS", request::FContiguous},
    {"PyBUF_ANY_CONTIGUOUS", request::AnyContiguous},
    {"PyBUF_INDIRECT", request::Indirect},
    {"PyBUF_CONTIG", request::Contig},
    {"PyBUF_CONTIG_RO", request::ContigRO},
    {"PyBUF_STRIDED", request::Strided},
    {"PyBUF_STRIDED_RO", request::StridedRO},
    {"PyBUF_RECORDS", request::Records},
    {"PyBUF_RECORDS_RO", request::RecordsRO},
    {"PyBUF_FULL", request::Full},
    {"PyBUF_FULL_RO", request::FullRO},
    {"PyBUF_ND|PyBUF_FORMAT", request::ND | request::Format},
    {"PyBUF_WRITABLE|PyBUF_FORMAT", request::Writable | request::Format},
    {"PyBUF_WRITABLE|PyBUF_C_CONTIGUOUS", request::Writable | request::CContiguous},
};

// Builds, in Python, an object with the descriptor's shape, strides, offset, readonly flag
// and (for PIL layouts) suboffsets, and prints memoryview's answer to every request.
const char *kRequestOracle = R"PY(
import json, math, sys
from _testbuffer import *
d = json.load(sys.stdin)
flags = 0 if d['readonly'] else ND_WRITABLE
if d['pil']:
    n = max(1, math.prod(d['shape']))
    x = ndarray([0] * n, shape=d['shape'], format='B', flags=flags | ND_PIL)
else:
    # _testbuffer wants the offset to be a multiple of itemsize; requests do not depend on
    # it, so round it up and pad the buffer to keep every element inside.
    # A 0-d ndarray takes exactly one item and no offset.
    size = d['itemsize']
    count = d['size'] // size + 2 if d['shape'] else 1
    offset = -(-d['start'] // size) * size if d['shape'] else 0
    x = ndarray([b'\0' * size] * count, shape=d['shape'], strides=d['strides'],
                offset=offset, format='%ds' % size, flags=flags)
m = memoryview(x)
out = []
for name in d['requests']:
    flag = 0
    for part in name.split('|'):
        flag |= globals()[part]
    try:
        ndarray(m, getbuf=flag)
        out.append('ok')
    except BufferError as e:
        out.append(str(e))
print(json.dumps(out))
)PY";

QString describe(const Error &error)
{
    return QString::fromStdString(error.message);
}

} // namespace

class ExporterInterfaceTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    ExporterFixture make()
    {
        QFETCH(int, caseIndex);
        auto fixture = exporterCases().at(static_cast<std::size_t>(caseIndex)).make(m_dir.path());
        if (!fixture.setupError.isEmpty())
            qWarning("setup failed: %s", qPrintable(fixture.setupError));
        return fixture;
    }

    void caseRows()
    {
        QTest::addColumn<int>("caseIndex");
        const auto &cases = exporterCases();
        for (std::size_t i = 0; i < cases.size(); ++i)
            QTest::newRow(qPrintable(cases[i].name)) << static_cast<int>(i);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(exporterCases().size() >= 6, "the memory, raw and test cases are registered");
        for (const auto &c : exporterCases()) {
            if (!c.prepare)
                continue;
            const QString error = c.prepare(m_dir.path());
            QVERIFY2(error.isEmpty(), qPrintable(c.name + ": " + error));
        }
    }

    void getBufferCountsUpAndReleaseCountsDown_data() { caseRows(); }
    void getBufferCountsUpAndReleaseCountsDown()
    {
        auto fixture = make();
        QVERIFY(fixture.exporter);
        Exporter &exporter = *fixture.exporter;
        std::vector<int> seen;
        const int token = exporter.exportCount().subscribe([&](int n) { seen.push_back(n); });
        QCOMPARE(exporter.exports(), 0);
        for (int expected = 1; expected <= 3; ++expected) {
            auto granted = exporter.getBuffer(request::FullRO);
            QVERIFY2(granted.ok(), granted.ok() ? "" : granted.error().message.c_str());
            QCOMPARE(exporter.exports(), expected);
        }
        for (int expected = 2; expected >= 0; --expected) {
            exporter.releaseBuffer();
            QCOMPARE(exporter.exports(), expected);
        }
        exporter.exportCount().unsubscribe(token);
        (void)exporter.getBuffer(request::FullRO);
        exporter.releaseBuffer();
        QCOMPARE(seen, (std::vector<int>{1, 2, 3, 2, 1, 0})); // nothing after unsubscribe
    }

    void closeRefusedWhileExported_data() { caseRows(); }
    void closeRefusedWhileExported()
    {
        auto fixture = make();
        QVERIFY(fixture.exporter);
        Exporter &exporter = *fixture.exporter;
        QVERIFY(exporter.getBuffer(request::FullRO).ok());
        const Descriptor before = exporter.descriptor();
        auto refused = exporter.close();
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().category, ErrorCategory::Export);
        QCOMPARE(describe(refused.error()), fixture.what + " has 1 exported buffer");
        QVERIFY(exporter.getBuffer(request::FullRO).ok());
        refused = exporter.close();
        QVERIFY(!refused.ok());
        QCOMPARE(describe(refused.error()), fixture.what + " has 2 exported buffers");
        // The refusal changed nothing.
        QVERIFY(!exporter.isClosed());
        QCOMPARE(exporter.exports(), 2);
        QCOMPARE(exporter.descriptor().buf, before.buf);
        QCOMPARE(exporter.descriptor().shape, before.shape);
        QCOMPARE(toQByteArray(*sourceBytes(exporter, Order::C)), fixture.expectedCBytes);

        exporter.releaseBuffer();
        exporter.releaseBuffer();
        QVERIFY(exporter.close().ok());
        QVERIFY(exporter.isClosed());
        QVERIFY(exporter.close().ok()); // closing twice is harmless, as file.close()
        QVERIFY(validateDescriptor(exporter.descriptor()).ok());
        QCOMPARE(exporter.descriptor().len, 0);
        // Every closed exporter describes the same nothing, and refuses new exports by name.
        QVERIFY(exporter.descriptor().buf == nullptr);
        QCOMPARE(exporter.descriptor().shape, (std::vector<std::int64_t>{0}));
        QVERIFY(exporter.descriptor().suboffsets.empty());
        auto closed = exporter.getBuffer(request::FullRO);
        QVERIFY(!closed.ok());
        QCOMPARE(closed.error().category, ErrorCategory::Value);
        QCOMPARE(describe(closed.error()), fixture.what + " is closed");
        QCOMPARE(exporter.exports(), 0);
    }

    void descriptorValidatesAndIsInBounds_data() { caseRows(); }
    void descriptorValidatesAndIsInBounds()
    {
        auto fixture = make();
        QVERIFY(fixture.exporter);
        const Exporter &exporter = *fixture.exporter;
        const Descriptor &d = exporter.descriptor();
        auto valid = validateDescriptor(d);
        QVERIFY2(valid.ok(), valid.ok() ? "" : valid.error().message.c_str());
        const auto allocations = exporter.allocations();
        QVERIFY(!allocations.empty());
        auto inBounds = verifyBounds(d, allocations);
        QVERIFY2(inBounds.ok(), inBounds.ok() ? "" : inBounds.error().message.c_str());
        // buf lies in data() (the first allocation), which view offsets count from.
        const auto data = exporter.data();
        QVERIFY(d.buf >= data.data() && d.buf <= data.data() + data.size());
        QCOMPARE(QString::fromStdString(exporter.source().kind).isEmpty(), false);
    }

    void toBytesEqualsExpected_data() { caseRows(); }
    void toBytesEqualsExpected()
    {
        auto fixture = make();
        QVERIFY(fixture.exporter);
        auto bytes = sourceBytes(*fixture.exporter, Order::C);
        QVERIFY2(bytes.ok(), bytes.ok() ? "" : bytes.error().message.c_str());
        QCOMPARE(toQByteArray(*bytes), fixture.expectedCBytes);
        // A granted buffer describes the same bytes.
        auto granted = fixture.exporter->getBuffer(request::FullRO);
        QVERIFY(granted.ok());
        QCOMPARE(toQByteArray(*grantedBytes(*fixture.exporter, granted->descriptor)),
                 fixture.expectedCBytes);
        fixture.exporter->releaseBuffer();
    }

    void requestsAnsweredAsMemoryview_data() { caseRows(); }
    void requestsAnsweredAsMemoryview()
    {
        auto fixture = make();
        QVERIFY(fixture.exporter);
        Exporter &exporter = *fixture.exporter;
        const Descriptor &d = exporter.descriptor();
        QJsonObject input;
        QJsonArray shape;
        for (auto n : d.shape)
            shape.append(static_cast<qint64>(n));
        input["shape"] = shape;
        QJsonArray strides;
        for (auto s : d.strides)
            strides.append(static_cast<qint64>(s));
        input["strides"] = strides;
        input["itemsize"] = static_cast<qint64>(d.itemsize);
        input["readonly"] = d.readonly;
        input["pil"] = d.hasSuboffsets();
        input["start"] = static_cast<qint64>(d.buf - exporter.data().data());
        input["size"] = static_cast<qint64>(exporter.data().size());
        QJsonArray names;
        for (const auto &[name, flags] : kRequests)
            names.append(QString::fromLatin1(name));
        input["requests"] = names;
        const auto run = runPython(QString::fromLatin1(kRequestOracle),
                                   QJsonDocument(input).toJson(QJsonDocument::Compact));
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray answers = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(answers.size(), static_cast<qsizetype>(kRequests.size()));

        for (std::size_t i = 0; i < kRequests.size(); ++i) {
            const auto &[name, flags] = kRequests[i];
            const QString expected = answers[static_cast<qsizetype>(i)].toString();
            auto granted = exporter.getBuffer(flags);
            const QString actual = granted.ok() ? QStringLiteral("ok") : describe(granted.error());
            QVERIFY2(actual == expected,
                     qPrintable(QStringLiteral("%1: got '%2', memoryview says '%3'")
                                    .arg(QString::fromLatin1(name), actual, expected)));
            // A refusal never counts; a grant counts once.
            QCOMPARE(exporter.exports(), granted.ok() ? 1 : 0);
            if (granted.ok())
                exporter.releaseBuffer();
            else
                QCOMPARE(granted.error().category, ErrorCategory::Export);
        }
    }
};

QTEST_GUILESS_MAIN(ExporterInterfaceTest)
#include "exporter_interface_test.moc"
