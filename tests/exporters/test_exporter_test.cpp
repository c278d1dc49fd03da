// SPDX-License-Identifier: GPL-3.0-or-later
// The test exporter's fault switches: a getBuffer that fails once with a chosen error, a
// layout that changes under live consumers, and descriptors nothing else would build.
#include "case_files.h"

#include "buffer/copy.h"
#include "buffer/layout.h"
#include "testing/test_exporter.h"

#include <QTest>

using namespace bufferscope;
using namespace bufferscope::testing;

namespace {

std::span<const std::byte> asBytes(const QByteArray &bytes)
{
    return {reinterpret_cast<const std::byte *>(bytes.constData()),
            static_cast<std::size_t>(bytes.size())};
}

} // namespace

class TestExporterTest : public QObject
{
    Q_OBJECT

private slots:
    void failNextGetBufferFailsOnceWithoutCounting()
    {
        const QByteArray bytes = patternBytes(12, 1);
        TestLayout layout;
        layout.shape = {12};
        auto exporter = TestExporter::direct(asBytes(bytes), layout);
        std::vector<int> seen;
        exporter->exportCount().subscribe([&](int n) { seen.push_back(n); });
        const Error failure = makeError(ErrorCategory::Export, "test: getbuffer failed");
        exporter->failNextGetBuffer(failure);
        auto refused = exporter->getBuffer(request::Simple);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error(), failure);
        QCOMPARE(exporter->exports(), 0);
        QVERIFY(seen.empty());
        QVERIFY(exporter->getBuffer(request::Simple).ok());
        QCOMPARE(seen, (std::vector<int>{1}));
        exporter->releaseBuffer();
    }

    void layoutChangesUnderLiveConsumers()
    {
        const QByteArray bytes = patternBytes(24, 2);
        TestLayout layout;
        layout.format = "<i";
        layout.itemsize = 4;
        layout.shape = {2, 3};
        auto exporter = TestExporter::direct(asBytes(bytes), layout);
        QCOMPARE(exporter->descriptor().strides, (std::vector<ByteOffset>{12, 4}));
        auto granted = exporter->getBuffer(request::FullRO);
        QVERIFY(granted.ok());
        const Descriptor before = granted->descriptor;

        TestLayout changed;
        changed.format = "B";
        changed.shape = {3, 8};
        changed.strides = {-8, 1};
        changed.start = 16;
        changed.readonly = false;
        exporter->setLayout(changed);
        QCOMPARE(exporter->exports(), 1);
        QCOMPARE(exporter->descriptor().shape, (std::vector<std::int64_t>{3, 8}));
        QCOMPARE(exporter->descriptor().buf, exporter->data().data() + 16);
        QCOMPARE(granted->descriptor.shape, before.shape);
        QCOMPARE(granted->descriptor.strides, before.strides);
        QCOMPARE(toQByteArray(*toBytes(granted->descriptor, Order::C)), bytes);
        // Rows reversed: the last 8 bytes first.
        QCOMPARE(toQByteArray(*toBytes(exporter->descriptor(), Order::C)),
                 bytes.mid(16, 8) + bytes.mid(8, 8) + bytes.mid(0, 8));
        exporter->releaseBuffer();
        QVERIFY(exporter->close().ok());
    }

    void pilLayoutHasOneAllocationPerRow()
    {
        const QByteArray bytes = patternBytes(3 * 4 * 2, 3);
        auto exporter = TestExporter::pil("B", 1, {3, 4, 2}, asBytes(bytes), 5, true);
        const Descriptor &d = exporter->descriptor();
        QCOMPARE(d.suboffsets, (std::vector<ByteOffset>{5, -1, -1}));
        QCOMPARE(d.strides, (std::vector<ByteOffset>{-ByteOffset(sizeof(void *)), 2, 1}));
        QCOMPARE(d.buf, exporter->data().data() + 2 * sizeof(void *));
        QCOMPARE(exporter->allocations().size(), std::size_t(4));
        QCOMPARE(exporter->allocations()[1].size(), std::size_t(5 + 8));
        QVERIFY(validateDescriptor(d).ok());
        QCOMPARE(toQByteArray(*toBytes(d, Order::C)), bytes);
    }

    void buildsInvalidDescriptorsOnPurpose()
    {
        TestLayout layout;
        layout.shape = {2, 3};
        layout.strides = {3};
        auto exporter = TestExporter::direct(asBytes(patternBytes(6, 4)), layout);
        auto invalid = validateDescriptor(exporter->descriptor());
        QVERIFY(!invalid.ok());
        QCOMPARE(QString::fromStdString(invalid.error().message),
                 QStringLiteral("descriptor: 1 strides for 2 dimensions"));
    }

    void closeCountsExportsAndThenRefusesGetBuffer()
    {
        TestLayout layout;
        layout.shape = {4};
        auto exporter = TestExporter::direct(asBytes(patternBytes(4, 5)), layout);
        QVERIFY(exporter->getBuffer(request::Simple).ok());
        QVERIFY(exporter->getBuffer(request::Simple).ok());
        QCOMPARE(QString::fromStdString(exporter->close().error().message),
                 QStringLiteral("test exporter has 2 exported buffers"));
        exporter->releaseBuffer();
        exporter->releaseBuffer();
        QVERIFY(exporter->close().ok());
        QCOMPARE(QString::fromStdString(exporter->getBuffer(request::Simple).error().message),
                 QStringLiteral("test exporter is closed"));
        QVERIFY(exporter->allocations().empty());
    }
};

QTEST_GUILESS_MAIN(TestExporterTest)
#include "test_exporter_test.moc"
