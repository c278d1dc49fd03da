// SPDX-License-Identifier: GPL-3.0-or-later
// MemoryExporter's own rules: resize as bytearray (a change of size refused while exported,
// with bytearray's text taken from CPython; the current size accepted), metadata changes allowed
// while exported without touching the descriptors already granted, and the closed state.
#include "case_files.h"
#include "python_oracle.h"

#include "buffer/copy.h"
#include "exporters/memory/memory_exporter.h"
#include "format/parser.h"

#include <QTest>

#include <cstring>

using namespace bufferscope;
using namespace bufferscope::testing;

namespace {

std::unique_ptr<MemoryExporter> filled(std::string format, std::vector<std::int64_t> shape,
                                       quint32 seed)
{
    auto exporter = MemoryExporter::create(std::move(format), std::move(shape));
    if (!exporter)
        return nullptr;
    auto bytes = (*exporter)->data();
    const QByteArray content = patternBytes(static_cast<qsizetype>(bytes.size()), seed);
    if (!bytes.empty())
        std::memcpy(bytes.data(), content.constData(), bytes.size());
    return std::move(*exporter);
}

QString message(const Status &status)
{
    return status.ok() ? QStringLiteral("ok") : QString::fromStdString(status.error().message);
}

} // namespace

class MemoryExporterTest : public QObject
{
    Q_OBJECT

private slots:
    void createsAZeroFilledWritableCOrderArray()
    {
        auto exporter = MemoryExporter::create("<i", {2, 3});
        QVERIFY(exporter.ok());
        const Descriptor &d = (*exporter)->descriptor();
        QCOMPARE(d.itemsize, 4);
        QCOMPARE(d.len, 24);
        QCOMPARE(d.strides, (std::vector<ByteOffset>{12, 4}));
        QVERIFY(!d.readonly);
        QCOMPARE(toQByteArray((*exporter)->data()), QByteArray(24, '\0'));
        const SourceInfo source = (*exporter)->source();
        QCOMPARE(source.kind, std::string("memory"));
        QCOMPARE(source.path, std::string());
        QCOMPARE(source.options.dump(), std::string(R"({"format":"<i","shape":[2,3]})"));
    }

    void createRefusals()
    {
        auto negative = MemoryExporter::create("B", {3, -2});
        QVERIFY(!negative.ok());
        QCOMPARE(QString::fromStdString(negative.error().message),
                 QStringLiteral("descriptor: shape[1] is negative (-2)"));
        // A bad format is refused with the parser's own error, unchanged.
        auto badFormat = MemoryExporter::create("T{i", {1});
        QVERIFY(!badFormat.ok());
        QCOMPARE(badFormat.error(), parseFormat("T{i").error());
        auto huge = MemoryExporter::create("d", {1LL << 40, 1LL << 40});
        QVERIFY(!huge.ok());
        QCOMPARE(huge.error().category, ErrorCategory::Limit);
    }

    void resizeRefusedWhileExportedAsBytearray()
    {
        // bytearray's own words, from CPython.
        const auto run = runPython(QStringLiteral(R"PY(
b = bytearray(8); m = memoryview(b)
try:
    b.extend(b'x')
except BufferError as e:
    print(e, end='')
)PY"));
        QVERIFY2(run.ok, qPrintable(run.error));
        const QString bytearrayText = QString::fromUtf8(run.out);
        QVERIFY(!bytearrayText.isEmpty());

        auto exporter = filled("f", {3, 4}, 7);
        QVERIFY(exporter);
        const QByteArray before = toQByteArray(exporter->data());
        std::byte *const buf = exporter->descriptor().buf;
        QVERIFY(exporter->getBuffer(request::FullRO).ok());
        for (ByteOffset size : {ByteOffset(0), ByteOffset(44), ByteOffset(100), ByteOffset(7)}) {
            auto refused = exporter->resize(size);
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().category, ErrorCategory::Export);
            QCOMPARE(message(refused), bytearrayText);
        }
        // Nothing changed.
        QCOMPARE(exporter->descriptor().buf, buf);
        QCOMPARE(exporter->descriptor().shape, (std::vector<std::int64_t>{3, 4}));
        QCOMPARE(toQByteArray(exporter->data()), before);
        exporter->releaseBuffer();
        QVERIFY(exporter->resize(64).ok()); // free again once every export is released
    }

    // Issue 16: PyByteArray_Resize returns early when the size does not change, so it
    // succeeds while exported (b += b'' with a memoryview alive); only the shape changes.
    void resizeToCurrentSizeWhileExportedAsBytearray()
    {
        const auto run = runPython(QStringLiteral(R"PY(
b = bytearray(range(48)); m = memoryview(b)
b += b''
b.extend(b'')
print(len(b), bytes(m) == bytes(range(48)), end='')
)PY"));
        QVERIFY2(run.ok, qPrintable(run.error));
        QCOMPARE(run.out, QByteArray("48 True"));

        auto exporter = filled("f", {3, 4}, 11);
        QVERIFY(exporter);
        const QByteArray before = toQByteArray(exporter->data());
        std::byte *const buf = exporter->descriptor().buf;
        auto granted = exporter->getBuffer(request::FullRO);
        QVERIFY(granted.ok());
        QCOMPARE(message(exporter->resize(48)), QStringLiteral("ok"));
        QCOMPARE(exporter->exports(), 1);
        // No byte moved: the export still describes the same memory, holding the same bytes.
        QCOMPARE(exporter->descriptor().buf, buf);
        QCOMPARE(granted->descriptor.buf, buf);
        QCOMPARE(granted->descriptor.shape, (std::vector<std::int64_t>{3, 4}));
        QCOMPARE(toQByteArray(exporter->data()), before);
        QCOMPARE(exporter->descriptor().shape, (std::vector<std::int64_t>{12}));
        QCOMPARE(exporter->descriptor().strides, (std::vector<ByteOffset>{4}));
        QCOMPARE(exporter->descriptor().len, ByteOffset(48));
        // Any real change is still refused, and changes nothing.
        QCOMPARE(message(exporter->resize(52)),
                 QStringLiteral("Existing exports of data: object cannot be re-sized"));
        QCOMPARE(exporter->descriptor().shape, (std::vector<std::int64_t>{12}));
        exporter->releaseBuffer();
    }

    void resizeKeepsContentAndBecomesOneDimensional()
    {
        auto exporter = filled("<h", {2, 3}, 8);
        QVERIFY(exporter);
        const QByteArray before = toQByteArray(exporter->data());
        QVERIFY(exporter->resize(20).ok());
        QCOMPARE(exporter->descriptor().shape, (std::vector<std::int64_t>{10}));
        QCOMPARE(exporter->descriptor().strides, (std::vector<ByteOffset>{2}));
        QCOMPARE(exporter->descriptor().len, 20);
        QCOMPARE(exporter->descriptor().format, std::string("<h"));
        QCOMPARE(toQByteArray(exporter->data()), before + QByteArray(8, '\0'));
        QCOMPARE(toQByteArray(*toBytes(exporter->descriptor(), Order::C)),
                 before + QByteArray(8, '\0'));

        QVERIFY(exporter->resize(4).ok());
        QCOMPARE(toQByteArray(exporter->data()), before.left(4));
        QVERIFY(exporter->resize(0).ok());
        QCOMPARE(exporter->descriptor().shape, (std::vector<std::int64_t>{0}));
        QVERIFY(exporter->descriptor().buf != nullptr);
        QVERIFY(exporter->getBuffer(request::Simple).ok());
        exporter->releaseBuffer();
    }

    void resizeRefusesBadSizes()
    {
        auto exporter = filled("<i", {4}, 9);
        QVERIFY(exporter);
        QCOMPARE(message(exporter->resize(10)),
                 QStringLiteral("memory: size 10 is not a multiple of itemsize 4"));
        QCOMPARE(message(exporter->resize(-4)),
                 QStringLiteral("memory: size must be non-negative: -4"));
        QCOMPARE(exporter->descriptor().shape, (std::vector<std::int64_t>{4}));
    }

    void metadataChangesWhileExportedLeaveGrantedDescriptorsAlone()
    {
        auto exporter = filled("<i", {2, 6}, 10);
        QVERIFY(exporter);
        auto granted = exporter->getBuffer(request::FullRO);
        QVERIFY(granted.ok());
        const Descriptor grantedBefore = granted->descriptor;
        const QByteArray content = toQByteArray(*toBytes(granted->descriptor, Order::C));

        QCOMPARE(message(exporter->reshape({3, 4})), QStringLiteral("ok"));
        QCOMPARE(exporter->descriptor().shape, (std::vector<std::int64_t>{3, 4}));
        QCOMPARE(exporter->descriptor().strides, (std::vector<ByteOffset>{16, 4}));
        QCOMPARE(message(exporter->setFormat("<f")), QStringLiteral("ok"));
        QCOMPARE(exporter->descriptor().format, std::string("<f"));
        QCOMPARE(message(exporter->setLayout("<h", {4, 6})), QStringLiteral("ok"));
        QCOMPARE(exporter->descriptor().itemsize, 2);
        exporter->setReadonly(true);

        // The granted copy is exactly as it was, and still reads the same bytes.
        const Descriptor &g = granted->descriptor;
        QCOMPARE(g.shape, grantedBefore.shape);
        QCOMPARE(g.strides, grantedBefore.strides);
        QCOMPARE(g.format, grantedBefore.format);
        QCOMPARE(g.itemsize, grantedBefore.itemsize);
        QCOMPARE(g.readonly, grantedBefore.readonly);
        QCOMPARE(g.buf, grantedBefore.buf);
        QCOMPARE(toQByteArray(*toBytes(g, Order::C)), content);
        QCOMPARE(exporter->exports(), 1);
        // New requests see the new metadata.
        auto writable = exporter->getBuffer(request::Writable);
        QVERIFY(!writable.ok());
        QCOMPARE(QString::fromStdString(writable.error().message),
                 QStringLiteral("memoryview: underlying buffer is not writable"));
        exporter->releaseBuffer();
    }

    void metadataChangesMustFitTheBytes()
    {
        auto exporter = filled("<i", {6}, 11);
        QVERIFY(exporter);
        QCOMPARE(message(exporter->reshape({4, 2})),
                 QStringLiteral(
                     "memory: cannot lay out 24 bytes as shape (4,2) of format '<i' (32 bytes)"));
        QCOMPARE(message(exporter->setFormat("d")),
                 QStringLiteral(
                     "memory: cannot lay out 24 bytes as shape (6,) of format 'd' (48 bytes)"));
        QCOMPARE(message(exporter->reshape({-1, 6})),
                 QStringLiteral("descriptor: shape[0] is negative (-1)"));
        auto bad = exporter->setFormat("(2");
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error(), parseFormat("(2").error());
        QCOMPARE(exporter->descriptor().shape, (std::vector<std::int64_t>{6}));
        QCOMPARE(exporter->descriptor().format, std::string("<i"));
        QCOMPARE(message(exporter->setLayout("d", {3})), QStringLiteral("ok"));
        QCOMPARE(
            message(exporter->reshape({})),
            QStringLiteral("memory: cannot lay out 24 bytes as shape () of format 'd' (8 bytes)"));
    }

    void closedExporterRefusesEverything()
    {
        auto exporter = filled("B", {5}, 12);
        QVERIFY(exporter);
        QVERIFY(exporter->getBuffer(request::Simple).ok());
        QCOMPARE(message(exporter->close()), QStringLiteral("memory buffer has 1 exported buffer"));
        exporter->releaseBuffer();
        QCOMPARE(message(exporter->close()), QStringLiteral("ok"));
        auto refused = exporter->getBuffer(request::Simple);
        QVERIFY(!refused.ok());
        QCOMPARE(QString::fromStdString(refused.error().message),
                 QStringLiteral("memory buffer is closed"));
        QCOMPARE(exporter->exports(), 0);
        QCOMPARE(message(exporter->resize(5)), QStringLiteral("memory buffer is closed"));
        QCOMPARE(message(exporter->reshape({0})), QStringLiteral("memory buffer is closed"));
        QVERIFY(exporter->data().empty());
    }
};

QTEST_GUILESS_MAIN(MemoryExporterTest)
#include "memory_exporter_test.moc"
