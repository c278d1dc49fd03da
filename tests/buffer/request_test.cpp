// SPDX-License-Identifier: GPL-3.0-or-later
// Request decisions: memoryview's refusal order and texts as rows, then random flag
// combinations on 600 _testbuffer layouts compared with memoryview's own getbuffer.
#include "buffer/layout.h"
#include "buffer/request.h"
#include "testbuffer_cases.h"

#include <QTest>

using namespace bufferscope;

class RequestTest : public QObject
{
    Q_OBJECT
private slots:
    void refusals_data();
    void refusals();
    void grantedVisibility();
    void satisfiableNames();
    void againstMemoryview();
};

namespace {

Descriptor layout(std::vector<std::int64_t> shape, std::vector<ByteOffset> strides, bool readonly,
                  std::vector<ByteOffset> suboffsets = {})
{
    Descriptor d;
    d.itemsize = 4;
    d.format = "i";
    d.readonly = readonly;
    std::int64_t n = 1;
    for (auto s : shape)
        n *= s;
    d.len = n * 4;
    d.shape = std::move(shape);
    d.strides = std::move(strides);
    d.suboffsets = std::move(suboffsets);
    return d;
}

} // namespace

void RequestTest::refusals_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("refusal"); // empty: granted

    // kind 0: readonly F-contiguous 2x3; kind 1: writable PIL; kind 2: writable C 2x3
    QTest::newRow("simple on F") << 0 << request::Simple
                                 << "memoryview: underlying buffer is not C-contiguous";
    QTest::newRow("writable before contiguity")
        << 0 << request::Contig << "memoryview: underlying buffer is not writable";
    QTest::newRow("C asked on F") << 0 << request::CContiguous
                                  << "memoryview: underlying buffer is not C-contiguous";
    QTest::newRow("F asked on F") << 0 << request::FContiguous << "";
    QTest::newRow("any on F") << 0 << request::AnyContiguous << "";
    QTest::newRow("strided_ro on F") << 0 << request::StridedRO << "";
    QTest::newRow("C and F on F") << 0 << (request::CContiguous | request::FContiguous)
                                  << "memoryview: underlying buffer is not C-contiguous";
    QTest::newRow("PIL without indirect")
        << 1 << request::Strided << "memoryview: underlying buffer requires suboffsets";
    QTest::newRow("PIL any contiguous")
        << 1 << request::AnyContiguous << "memoryview: underlying buffer is not contiguous";
    QTest::newRow("PIL F contiguous")
        << 1 << request::FContiguous << "memoryview: underlying buffer is not Fortran contiguous";
    QTest::newRow("PIL full") << 1 << request::Full << "";
    QTest::newRow("format without ND")
        << 2 << (request::Format | request::Writable)
        << "memoryview: cannot cast to unsigned bytes if the format flag is present";
    QTest::newRow("simple on C") << 2 << request::Simple << "";
    QTest::newRow("records on C") << 2 << request::Records << "";
}

void RequestTest::refusals()
{
    QFETCH(int, kind);
    QFETCH(int, flags);
    QFETCH(QString, refusal);
    const Descriptor d = kind == 0   ? layout({2, 3}, {4, 8}, true)
                         : kind == 1 ? layout({2, 3}, {8, 4}, false, {0, -1})
                                     : layout({2, 3}, {12, 4}, false);
    const Result<GrantedBuffer> r = satisfyRequest(d, flags);
    if (refusal.isEmpty()) {
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    } else {
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.error().message), refusal);
        QCOMPARE(r.error().category, ErrorCategory::Export);
    }
}

void RequestTest::grantedVisibility()
{
    const Descriptor d = layout({2, 3}, {12, 4}, false);
    Result<GrantedBuffer> simple = satisfyRequest(d, request::Simple);
    QVERIFY(simple.ok());
    QVERIFY(!simple->formatVisible);
    QVERIFY(!simple->shapeVisible);
    QVERIFY(!simple->stridesVisible);
    QCOMPARE(simple->descriptor.shape, d.shape); // our own copy stays complete
    Result<GrantedBuffer> contig = satisfyRequest(d, request::ContigRO | request::Format);
    QVERIFY(contig.ok());
    QVERIFY(contig->formatVisible);
    QVERIFY(contig->shapeVisible);
    QVERIFY(!contig->stridesVisible);
    Result<GrantedBuffer> full =
        satisfyRequest(layout({2, 3}, {8, 4}, false, {0, -1}), request::Full);
    QVERIFY(full.ok());
    QVERIFY(full->suboffsetsVisible && full->stridesVisible && full->formatVisible);
}

void RequestTest::satisfiableNames()
{
    const std::vector<std::string> readonlyF = satisfiableRequests(layout({2, 3}, {4, 8}, true));
    const std::vector<std::string> expected{"STRIDES",  "F_CONTIGUOUS", "ANY_CONTIGUOUS",
                                            "INDIRECT", "STRIDED_RO",   "RECORDS_RO",
                                            "FULL_RO"};
    QCOMPARE(readonlyF, expected);
}

void RequestTest::againstMemoryview()
{
    QString error;
    auto cases = testing::loadTestbufferCases(error);
    QVERIFY2(!cases.empty(), qPrintable(error));
    int agreed = 0;
    int total = 0;
    int namesAgreed = 0;
    for (auto &tc : cases) {
        const Descriptor d = tc->descriptor();
        for (const auto &[flags, refusal] : tc->requests) {
            const Result<GrantedBuffer> r = satisfyRequest(d, flags);
            const bool same = refusal ? (!r.ok() && r.error().message == *refusal) : r.ok();
            if (!same)
                qWarning("%s: flags 0x%x: memoryview says '%s', we say '%s'",
                         qPrintable(tc->name()), flags, refusal ? refusal->c_str() : "granted",
                         r.ok() ? "granted" : r.error().message.c_str());
            agreed += same ? 1 : 0;
            ++total;
        }
        const bool sameNames = satisfiableRequests(d) == tc->satisfiable;
        if (!sameNames)
            qWarning("%s: satisfiable request names differ", qPrintable(tc->name()));
        namesAgreed += sameNames ? 1 : 0;
    }
    qInfo("requests: %d of %d random flag combinations agree with memoryview's getbuffer", agreed,
          total);
    qInfo("requests: %d of %d satisfiable-name lists (17 named requests) agree", namesAgreed,
          int(cases.size()));
    QCOMPARE(agreed, total);
    QCOMPARE(namesAgreed, int(cases.size()));
}

QTEST_GUILESS_MAIN(RequestTest)
#include "request_test.moc"
