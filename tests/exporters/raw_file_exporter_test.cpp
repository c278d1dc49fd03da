// SPDX-License-Identifier: GPL-3.0-or-later
// RawFileExporter and parseRawOptions: C and Fortran order against NumPy (random arrays
// written with tofile after a random header), the option parser's exact messages, and the
// open errors.
#include "case_files.h"
#include "python_oracle.h"

#include "buffer/copy.h"
#include "exporters/raw/raw_file_exporter.h"
#include "format/parser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace bufferscope;
using namespace bufferscope::testing;

Q_DECLARE_METATYPE(std::vector<std::int64_t>)

namespace {

QString message(const Error &error)
{
    return QString::fromStdString(error.message);
}

// Random arrays: dtype, ndim 0..4, each length 0..5, header 0..40 bytes, C or F order.
const char *kRandomFiles = R"PY(
import json, sys
import numpy as np
seed, count, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(seed)
dtypes = ['u1', 'i1', '<i2', '>i2', '<u4', '>i4', '<i8', '<f4', '>f8', 'f2', 'c8', '?', 'S3']
cases = []
for k in range(count):
    dtype = dtypes[k % len(dtypes)]
    ndim = int(rng.integers(0, 5))
    shape = tuple(int(n) for n in rng.integers(0 if k % 7 == 0 else 1, 6, ndim))
    arr = rng.integers(0, 256, int(np.prod(shape)) * np.dtype(dtype).itemsize,
                       dtype=np.uint8).view(dtype).reshape(shape)
    offset = int(rng.integers(0, 41))
    order = 'F' if rng.integers(0, 2) else 'C'
    path = '%s/random-%d.bin' % (folder, k)
    with open(path, 'wb') as f:
        f.write(rng.integers(0, 256, offset, dtype=np.uint8).tobytes())
        (arr.T if order == 'F' else arr).tofile(f)
    cases.append({'path': path, 'format': memoryview(arr).format, 'shape': list(shape),
                  'offset': offset, 'order': order, 'c': arr.tobytes('C').hex(),
                  'f': arr.tobytes('F').hex()})
print(json.dumps({'seed': seed, 'cases': cases}))
)PY";

} // namespace

class RawFileExporterTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string path(const char *name) const { return (m_dir.path() + "/" + name).toStdString(); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void parsesOptions_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("offset");
        QTest::addColumn<QString>("order");
        QTest::addColumn<std::vector<std::int64_t>>("expectedShape");
        QTest::addColumn<qint64>("expectedOffset");
        QTest::addColumn<bool>("fortran");
        QTest::newRow("plain") << "3,4,5"
                               << ""
                               << "" << std::vector<std::int64_t>{3, 4, 5} << qint64(0) << false;
        QTest::newRow("blanks and parentheses")
            << " ( 3 , 4 ) "
            << " 128 "
            << "F" << std::vector<std::int64_t>{3, 4} << qint64(128) << true;
        QTest::newRow("tuple comma") << "(7,)"
                                     << "0"
                                     << "c" << std::vector<std::int64_t>{7} << qint64(0) << false;
        QTest::newRow("0-d") << "()"
                             << "9"
                             << "f" << std::vector<std::int64_t>{} << qint64(9) << true;
        QTest::newRow("empty text is 0-d")
            << ""
            << ""
            << "C" << std::vector<std::int64_t>{} << qint64(0) << false;
        QTest::newRow("zero length") << "0,5"
                                     << ""
                                     << "" << std::vector<std::int64_t>{0, 5} << qint64(0) << false;
    }

    void parsesOptions()
    {
        QFETCH(QString, shape);
        QFETCH(QString, offset);
        QFETCH(QString, order);
        QFETCH(std::vector<std::int64_t>, expectedShape);
        QFETCH(qint64, expectedOffset);
        QFETCH(bool, fortran);
        auto options =
            parseRawOptions("<f", shape.toStdString(), offset.toStdString(), order.toStdString());
        QVERIFY2(options.ok(), options.ok() ? "" : options.error().message.c_str());
        QCOMPARE(options->format, std::string("<f"));
        QCOMPARE(options->shape, expectedShape);
        QCOMPARE(options->offset, expectedOffset);
        QCOMPARE(options->order, fortran ? Order::F : Order::C);
        QVERIFY(!options->copyOnWrite);
    }

    void refusesBadOptions_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("offset");
        QTest::addColumn<QString>("order");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("position");
        QTest::newRow("letter") << "B"
                                << "3,4,x"
                                << ""
                                << ""
                                << "raw: shape entry 2 is not a non-negative integer: 'x'" << 4;
        QTest::newRow("negative") << "B"
                                  << "3, -4"
                                  << ""
                                  << ""
                                  << "raw: shape entry 1 is not a non-negative integer: '-4'" << 3;
        QTest::newRow("empty entry") << "B"
                                     << "3,,4"
                                     << ""
                                     << ""
                                     << "raw: shape entry 1 is not a non-negative integer: ''" << 2;
        QTest::newRow("decimal") << "B"
                                 << "2.5"
                                 << ""
                                 << ""
                                 << "raw: shape entry 0 is not a non-negative integer: '2.5'" << 0;
        QTest::newRow("huge") << "B"
                              << "99999999999999999999"
                              << ""
                              << ""
                              << "raw: shape entry 0 is too large: '99999999999999999999'" << 0;
        QTest::newRow("offset sign") << "B"
                                     << "3"
                                     << "-3"
                                     << ""
                                     << "raw: offset must be a non-negative integer: '-3'" << 0;
        QTest::newRow("offset hex") << "B"
                                    << "3"
                                    << " 0x10"
                                    << ""
                                    << "raw: offset must be a non-negative integer: '0x10'" << 1;
        QTest::newRow("order") << "B"
                               << "3"
                               << ""
                               << "A"
                               << "raw: order must be 'C' or 'F': 'A'" << 0;
        QTest::newRow("too many dims") << "B" << QString("1,").repeated(65) << ""
                                       << ""
                                       << "raw: shape has more than 64 dimensions" << 128;
    }

    void refusesBadOptions()
    {
        QFETCH(QString, format);
        QFETCH(QString, shape);
        QFETCH(QString, offset);
        QFETCH(QString, order);
        QFETCH(QString, message);
        QFETCH(int, position);
        auto options = parseRawOptions(format.toStdString(), shape.toStdString(),
                                       offset.toStdString(), order.toStdString());
        QVERIFY(!options.ok());
        QCOMPARE(::message(options.error()), message);
        QCOMPARE(options.error().position, std::optional<std::size_t>(position));
    }

    void badFormatIsTheParsersError()
    {
        auto options = parseRawOptions("T{i:a:", "3", "", "");
        QVERIFY(!options.ok());
        QCOMPARE(options.error(), parseFormat("T{i:a:").error());
    }

    void matchesNumpyInBothOrders()
    {
        const int seed = 20260425;
        const int count = 60;
        const auto run = runPython(QString::fromLatin1(kRandomFiles), {},
                                   {QString::number(seed), QString::number(count), m_dir.path()});
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray cases = QJsonDocument::fromJson(run.out).object()["cases"].toArray();
        QCOMPARE(cases.size(), count);
        int agreed = 0;
        for (const auto &value : cases) {
            const QJsonObject c = value.toObject();
            RawOptions options;
            options.format = c["format"].toString().toStdString();
            for (const auto &n : c["shape"].toArray())
                options.shape.push_back(n.toInteger());
            options.offset = c["offset"].toInteger();
            options.order = c["order"].toString() == "F" ? Order::F : Order::C;
            const QString where =
                QStringLiteral("seed %1, %2 format %3 order %4")
                    .arg(seed)
                    .arg(c["path"].toString(), c["format"].toString(), c["order"].toString());
            auto exporter = RawFileExporter::open(c["path"].toString().toStdString(), options);
            QVERIFY2(
                exporter.ok(),
                qPrintable(where + ": " + (exporter.ok() ? QString() : message(exporter.error()))));
            const Descriptor &d = (*exporter)->descriptor();
            QCOMPARE(d.buf - (*exporter)->data().data(), options.offset);
            QVERIFY(d.readonly);
            auto cBytes = toBytes(d, Order::C);
            auto fBytes = toBytes(d, Order::F);
            QVERIFY2(cBytes.ok() && fBytes.ok(), qPrintable(where));
            QVERIFY2(toQByteArray(*cBytes).toHex() == c["c"].toString().toLatin1(),
                     qPrintable(where + ": C order"));
            QVERIFY2(toQByteArray(*fBytes).toHex() == c["f"].toString().toLatin1(),
                     qPrintable(where + ": F order"));
            ++agreed;
        }
        qInfo("raw: %d of %d NumPy arrays agree in C and F order (seed %d)", agreed, count, seed);
    }

    void sourceAndOptionsRoundTrip()
    {
        QVERIFY(writeFile(QString::fromStdString(path("src.bin")), patternBytes(64, 1)));
        auto options = parseRawOptions("<h", "3,4", "16", "F");
        QVERIFY(options.ok());
        auto exporter = RawFileExporter::open(path("src.bin"), *options);
        QVERIFY(exporter.ok());
        const SourceInfo source = (*exporter)->source();
        QCOMPARE(source.kind, std::string("raw"));
        QCOMPARE(source.path, path("src.bin"));
        QCOMPARE(source.options.dump(),
                 std::string(R"({"format":"<h","offset":16,"order":"F","shape":[3,4]})"));
        QCOMPARE((*exporter)->descriptor().strides, (std::vector<ByteOffset>{2, 6}));
        QCOMPARE((*exporter)->data().size(), std::size_t(64)); // the whole file, header included
    }

    void copyOnWriteIsWritableAndPrivate()
    {
        const QByteArray content = patternBytes(32, 2);
        QVERIFY(writeFile(QString::fromStdString(path("cow.bin")), content));
        RawOptions options{"B", {16}, 8, Order::C, true};
        auto exporter = RawFileExporter::open(path("cow.bin"), options);
        QVERIFY(exporter.ok());
        auto granted = (*exporter)->getBuffer(request::Writable);
        QVERIFY(granted.ok());
        granted->descriptor.buf[0] = std::byte{0x5A};
        (*exporter)->releaseBuffer();
        QCOMPARE(readFile(QString::fromStdString(path("cow.bin"))), content);
        QCOMPARE(static_cast<unsigned char>((*exporter)->data()[8]), 0x5A);

        options.copyOnWrite = false;
        auto readonly = RawFileExporter::open(path("cow.bin"), options);
        QVERIFY(readonly.ok());
        auto refused = (*readonly)->getBuffer(request::Writable);
        QVERIFY(!refused.ok());
        QCOMPARE(message(refused.error()),
                 QStringLiteral("memoryview: underlying buffer is not writable"));
    }

    void openErrors()
    {
        const RawOptions options{"<i", {2, 3}, 4, Order::C, false};
        const std::string missing = path("missing.bin");
        auto opened = RawFileExporter::open(missing, options);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().category, ErrorCategory::Io);
        QCOMPARE(message(opened.error()), QString::fromStdString("open: cannot open '" + missing +
                                                                 "': No such file or directory"));

        opened = RawFileExporter::open(m_dir.path().toStdString(), options);
        QVERIFY(!opened.ok());
        QCOMPARE(message(opened.error()),
                 "open: cannot open '" + m_dir.path() + "': Is a directory");

        QVERIFY(writeFile(QString::fromStdString(path("small.bin")), patternBytes(27, 3)));
        opened = RawFileExporter::open(path("small.bin"), options);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().category, ErrorCategory::Io);
        QCOMPARE(message(opened.error()),
                 QString::fromStdString(
                     "raw: file '" + path("small.bin") +
                     "' is too small: offset 4 + 24 data bytes = 28 needed, 27 available"));
        QVERIFY(writeFile(QString::fromStdString(path("exact.bin")), patternBytes(28, 3)));
        QVERIFY(RawFileExporter::open(path("exact.bin"), options).ok());

        QVERIFY(writeFile(QString::fromStdString(path("empty.bin")), {}));
        opened = RawFileExporter::open(path("empty.bin"), RawOptions{"B", {1}, 0, Order::C, false});
        QVERIFY(!opened.ok());
        QCOMPARE(message(opened.error()),
                 QString::fromStdString(
                     "raw: file '" + path("empty.bin") +
                     "' is too small: offset 0 + 1 data bytes = 1 needed, 0 available"));
        auto empty =
            RawFileExporter::open(path("empty.bin"), RawOptions{"d", {0, 3}, 0, Order::F, false});
        QVERIFY(empty.ok());
        QCOMPARE((*empty)->descriptor().len, 0);
        QCOMPARE(toBytes((*empty)->descriptor(), Order::C)->size(), std::size_t(0));

        opened =
            RawFileExporter::open(path("exact.bin"), RawOptions{"B", {1, -1}, 0, Order::C, false});
        QVERIFY(!opened.ok());
        QCOMPARE(message(opened.error()), QStringLiteral("descriptor: shape[1] is negative (-1)"));
        opened = RawFileExporter::open(path("exact.bin"), RawOptions{"B", {1}, 0, Order::A, false});
        QVERIFY(!opened.ok());
        QCOMPARE(message(opened.error()), QStringLiteral("raw: order must be 'C' or 'F'"));
    }

    void permissionDenied()
    {
        if (::geteuid() == 0)
            QSKIP("running as root: root bypasses file permissions, so EACCES cannot happen");
        QVERIFY(writeFile(QString::fromStdString(path("secret.bin")), "1234"));
        QVERIFY(QFile::setPermissions(QString::fromStdString(path("secret.bin")),
                                      QFileDevice::WriteOwner));
        auto opened =
            RawFileExporter::open(path("secret.bin"), RawOptions{"B", {4}, 0, Order::C, false});
        QVERIFY(!opened.ok());
        QCOMPARE(message(opened.error()),
                 QString::fromStdString("open: cannot open '" + path("secret.bin") +
                                        "': Permission denied"));
    }

    void detectsTruncationAndRefusesAfterClose()
    {
        QVERIFY(writeFile(QString::fromStdString(path("t.bin")), patternBytes(100, 4)));
        auto exporter =
            RawFileExporter::open(path("t.bin"), RawOptions{"B", {100}, 0, Order::C, false});
        QVERIFY(exporter.ok());
        QVERIFY((*exporter)->checkUnchanged().ok());
        QCOMPARE(::truncate(path("t.bin").c_str(), 40), 0);
        auto changed = (*exporter)->checkUnchanged();
        QVERIFY(!changed.ok());
        QCOMPARE(message(changed.error()),
                 QString::fromStdString("file '" + path("t.bin") +
                                        "' changed on disk: size 100 is now 40"));
        QVERIFY((*exporter)->close().ok());
        auto refused = (*exporter)->getBuffer(request::Simple);
        QVERIFY(!refused.ok());
        QCOMPARE(message(refused.error()), QStringLiteral("raw file is closed"));
        QVERIFY((*exporter)->data().empty());
    }
};

QTEST_GUILESS_MAIN(RawFileExporterTest)
#include "raw_file_exporter_test.moc"
