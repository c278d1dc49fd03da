// SPDX-License-Identifier: GPL-3.0-or-later
// NpyExporter against NumPy: hundreds of files written by np.save / write_array (every
// version, integer width, byte order, float, complex, string, record layout, C and F order,
// empty and 0-d arrays) must open with NumPy's shape, memoryview strides, itemsize and bytes,
// and a format NumPy's own PEP 3118 parser reads back as the file's dtype.
#include "case_files.h"
#include "npy_test_support.h"

#include "buffer/copy.h"
#include "exporters/npy/npy_exporter.h"
#include "format/parser.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace bufferscope;
using namespace bufferscope::testing;

namespace {

std::vector<std::int64_t> toInts(const QJsonValue &value)
{
    std::vector<std::int64_t> out;
    for (const auto &item : value.toArray())
        out.push_back(static_cast<std::int64_t>(item.toDouble()));
    return out;
}

QString text(const Error &error)
{
    return QString::fromStdString(error.message);
}

} // namespace

class NpyExporterTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void generatedFilesMatchNumpy();
    void formatsReadBackByNumpy();
    void formatsParseInCore();
    void openReadsNothingButHeader();
    void copyOnWriteIsPrivate();
    void closeRefusedWhileExported();

private:
    QTemporaryDir m_dir;
    QJsonArray m_cases;
    int m_seed = 0;
    // Opened once per case; index-aligned with m_cases (null where opening failed).
    std::vector<std::unique_ptr<NpyExporter>> m_exporters;
};

void NpyExporterTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    const auto document =
        runNpyScript(QStringLiteral("generate_npy_cases.py"), {m_dir.path()}, {}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_seed = document.object()["seed"].toInt();
    m_cases = document.object()["cases"].toArray();
    QVERIFY(m_cases.size() > 300);
    for (const auto &value : m_cases) {
        auto exporter = NpyExporter::open(value.toObject()["path"].toString().toStdString());
        m_exporters.push_back(exporter ? std::move(*exporter) : nullptr);
    }
}

void NpyExporterTest::generatedFilesMatchNumpy()
{
    QStringList failures;
    int exactFormats = 0;
    for (qsizetype i = 0; i < m_cases.size(); ++i) {
        const QJsonObject c = m_cases[i].toObject();
        const QString where = QStringLiteral("%1 descr %2 (seed %3)")
                                  .arg(c["name"].toString(), c["descr"].toString())
                                  .arg(m_seed);
        auto fail = [&](const QString &what) { failures << where + ": " + what; };
        const std::string path = c["path"].toString().toStdString();
        auto reopened = NpyExporter::open(path);
        if (!reopened) {
            fail(QStringLiteral("open failed: ") + text(reopened.error()));
            continue;
        }
        const NpyExporter &exporter = **reopened;
        const Descriptor &d = exporter.descriptor();
        const auto shape = toInts(c["shape"]);
        if (d.shape != shape)
            fail(QStringLiteral("shape differs"));
        if (d.strides != toInts(c["mvStrides"]))
            fail(QStringLiteral("strides differ from memoryview's"));
        // ndarray.strides says the same as memoryview except for empty arrays, where NumPy
        // computes strides as if each zero-length dimension had length 1.
        const bool empty = std::find(shape.begin(), shape.end(), 0) != shape.end();
        if (!empty && d.strides != toInts(c["strides"]))
            fail(QStringLiteral("strides differ from ndarray.strides"));
        if (d.itemsize != c["itemsize"].toInt() || d.itemsize != c["mvItemsize"].toInt())
            fail(QStringLiteral("itemsize %1").arg(d.itemsize));
        if (!d.readonly)
            fail(QStringLiteral("not readonly"));
        if (exporter.dataOffset() != c["dataOffset"].toInt())
            fail(QStringLiteral("data offset %1").arg(exporter.dataOffset()));
        if (exporter.fortranOrder() != c["fortran"].toBool())
            fail(QStringLiteral("fortran_order differs"));
        const auto version = toInts(c["version"]);
        if (version != std::vector<std::int64_t>{exporter.versionMajor(), exporter.versionMinor()})
            fail(QStringLiteral("version differs"));
        if (QString::fromStdString(exporter.descr()) != c["descr"].toString())
            fail(QStringLiteral("descr repr %1").arg(QString::fromStdString(exporter.descr())));
        if (d.buf != exporter.data().data() + exporter.dataOffset() ||
            exporter.data().size() !=
                static_cast<std::size_t>(QFileInfo(c["path"].toString()).size()))
            fail(QStringLiteral("data() is not the whole file with buf at the data offset"));
        const auto source = exporter.source();
        if (source.kind != "npy" || source.path != path || !source.options.empty())
            fail(QStringLiteral("source() differs"));
        auto bytes = toBytes(d, Order::C);
        if (!bytes)
            fail(QStringLiteral("toBytes: ") + text(bytes.error()));
        else if (toQByteArray(*bytes).toHex() != c["hex"].toString().toLatin1())
            fail(QStringLiteral("bytes in C order differ"));
        if (QString::fromStdString(d.format) == c["mvFormat"].toString())
            ++exactFormats;
    }
    qInfo("%lld files compared; format string identical to memoryview(arr).format in %d",
          static_cast<long long>(m_cases.size()), exactFormats);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 12).join('\n')));
}

void NpyExporterTest::formatsReadBackByNumpy()
{
    QJsonArray items;
    for (qsizetype i = 0; i < m_cases.size(); ++i) {
        QVERIFY(m_exporters[i]);
        items.append(
            QJsonObject{{"path", m_cases[i].toObject()["path"]},
                        {"format", QString::fromStdString(m_exporters[i]->descriptor().format)}});
    }
    QString error;
    const auto results =
        runNpyScript(QStringLiteral("check_formats.py"), {}, QJsonDocument(items).toJson(), &error)
            .array();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(results.size(), m_cases.size());
    QStringList failures;
    for (qsizetype i = 0; i < results.size(); ++i) {
        const auto r = results[i].toObject();
        if (!r["same"].toBool())
            failures << QStringLiteral("%1 (seed %2): %3 read as %4, file is %5")
                            .arg(m_cases[i].toObject()["descr"].toString())
                            .arg(m_seed)
                            .arg(items[i].toObject()["format"].toString(), r["ours"].toString(),
                                 r["numpy"].toString());
    }
    qInfo("%lld formats read by numpy's PEP 3118 parser as the file's layout: %lld",
          static_cast<long long>(results.size()),
          static_cast<long long>(results.size() - failures.size()));
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 12).join('\n')));
}

// Our own format parser must give the same itemsize as NumPy for every format we write.
void NpyExporterTest::formatsParseInCore()
{
    QStringList failures;
    for (qsizetype i = 0; i < m_cases.size(); ++i) {
        QVERIFY(m_exporters[i]);
        const auto &format = m_exporters[i]->descriptor().format;
        auto layout = parseFormat(format);
        if (!layout)
            failures << QString::fromStdString(format + ": " + layout.error().message);
        else if (layout->itemsize() != m_cases[i].toObject()["itemsize"].toInt())
            failures << QStringLiteral("%1: itemsize %2, numpy says %3")
                            .arg(QString::fromStdString(format))
                            .arg(layout->itemsize())
                            .arg(m_cases[i].toObject()["itemsize"].toInt());
    }
    failures.removeDuplicates();
    qInfo("parseFormat itemsize equals numpy's for %lld formats",
          static_cast<long long>(m_cases.size() - failures.size()));
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 12).join('\n')));
}

// Opening maps the file and parses the header; the data pages need not even exist. A
// header promising 1 GiB over a sparse file opens, and the exporter sees the full length.
void NpyExporterTest::openReadsNothingButHeader()
{
    const QString path = m_dir.filePath(QStringLiteral("sparse.npy"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray header =
        npyFile(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (131072, 1024), }");
    file.write(header);
    QVERIFY(file.resize(header.size() + (qint64(1) << 30)));
    file.close();
    auto exporter = NpyExporter::open(path.toStdString());
    QVERIFY2(exporter, exporter ? "" : exporter.error().message.c_str());
    QCOMPARE((*exporter)->descriptor().len, qint64(1) << 30);
    QCOMPARE((*exporter)->descriptor().strides, (std::vector<ByteOffset>{8192, 8}));
}

void NpyExporterTest::copyOnWriteIsPrivate()
{
    QVERIFY(!m_cases.isEmpty());
    const QString path = m_cases[0].toObject()["path"].toString();
    const QByteArray before = readFile(path);
    auto exporter = NpyExporter::open(path.toStdString(), true);
    QVERIFY2(exporter, exporter ? "" : exporter.error().message.c_str());
    const Descriptor &d = (*exporter)->descriptor();
    QVERIFY(!d.readonly);
    QVERIFY(d.len > 0);
    d.buf[0] = static_cast<std::byte>(~static_cast<unsigned char>(d.buf[0]));
    QCOMPARE(readFile(path), before);
}

void NpyExporterTest::closeRefusedWhileExported()
{
    QVERIFY(!m_cases.isEmpty());
    auto opened = NpyExporter::open(m_cases[0].toObject()["path"].toString().toStdString());
    QVERIFY(opened);
    NpyExporter &exporter = **opened;
    auto granted = exporter.getBuffer(request::FullRO);
    QVERIFY(granted);
    auto refused = exporter.close();
    QVERIFY(!refused);
    QCOMPARE(text(refused.error()), QStringLiteral("npy file has 1 exported buffer"));
    QVERIFY(!exporter.isClosed());
    exporter.releaseBuffer();
    QVERIFY(exporter.close());
    QVERIFY(exporter.isClosed());
    QVERIFY(exporter.data().empty());
    auto afterClose = exporter.getBuffer(request::Simple);
    QVERIFY(!afterClose);
    QCOMPARE(text(afterClose.error()), QStringLiteral("npy file is closed"));
    QCOMPARE(exporter.exports(), 0);
}

QTEST_GUILESS_MAIN(NpyExporterTest)
#include "npy_exporter_test.moc"
