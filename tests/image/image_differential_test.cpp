// SPDX-License-Identifier: GPL-3.0-or-later
// The image exporter's PIL-style buffers against CPython: the same (H, W, C) pixels are put
// into a _testbuffer.ndarray with ND_PIL, and memoryview's answers (descriptor fields,
// tobytes('C'/'F'), contiguity, request refusals) are the expectation for ours.
#include "image/image_exporter.h"

#include "buffer/contiguity.h"
#include "buffer/copy.h"
#include "buffer/request.h"
#include "image_fixtures.h"
#include "python_oracle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace bufferscope;
using bufferscope::testing::PixelKind;

namespace {

constexpr std::uint32_t kSeed = 77031;

// Reads cases [{"shape": [H, W, C], "items": [...]}] and requests [flag, ...] from stdin.
const char *kOracle = R"PY(
import json, sys, _testbuffer as tb
job = json.load(sys.stdin)
out = []
for case in job["cases"]:
    nd = tb.ndarray(case["items"], shape=tuple(case["shape"]), format='B', flags=tb.ND_PIL)
    m = memoryview(nd)
    requests = {}
    for flag in job["requests"]:
        try:
            tb.ndarray(m, getbuf=flag)
            requests[str(flag)] = ""
        except BufferError as e:
            requests[str(flag)] = str(e)
    out.append({"c": m.tobytes('C').hex(), "f": m.tobytes('F').hex(),
                "a": m.tobytes('A').hex(),
                "shape": list(m.shape), "strides": list(m.strides),
                "suboffsets": list(m.suboffsets), "len": m.nbytes, "itemsize": m.itemsize,
                "format": m.format, "readonly": m.readonly,
                "c_contiguous": m.c_contiguous, "f_contiguous": m.f_contiguous,
                "requests": requests})
print(json.dumps(out))
)PY";

std::vector<std::int64_t> toInts(const QJsonValue &value)
{
    std::vector<std::int64_t> ints;
    for (const auto &item : value.toArray())
        ints.push_back(item.toInteger());
    return ints;
}

QString hex(const std::vector<std::byte> &bytes)
{
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size())).toHex());
}

} // namespace

class ImageDifferentialTest : public QObject
{
    Q_OBJECT

private slots:
    void againstTestbuffer();
};

void ImageDifferentialTest::againstTestbuffer()
{
    struct Case
    {
        PixelKind kind;
        int width, height;
    };
    const Case cases[] = {
        {PixelKind::Gray, 1, 1},  {PixelKind::Rgb, 1, 1},   {PixelKind::Rgba, 1, 1},
        {PixelKind::Gray, 7, 3},  {PixelKind::Rgb, 7, 3},   {PixelKind::Rgba, 7, 3},
        {PixelKind::Gray, 1, 6},  {PixelKind::Rgb, 1, 6},   {PixelKind::Rgba, 6, 1},
        {PixelKind::Gray, 13, 5}, {PixelKind::Rgb, 16, 9},  {PixelKind::Rgba, 9, 16},
        {PixelKind::Rgb, 2, 2},   {PixelKind::Rgba, 3, 11}, {PixelKind::Gray, 31, 2},
    };
    const RequestFlags flags[] = {
        request::Simple,      request::ND,          request::Strides,
        request::StridedRO,   request::RecordsRO,   request::ContigRO,
        request::CContiguous, request::FContiguous, request::AnyContiguous,
        request::Indirect,    request::FullRO,      request::Full,
        request::Strided,     request::Records,     request::Contig,
        request::Format,      request::Writable,    request::Indirect | request::Writable,
    };

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::vector<std::unique_ptr<ImageExporter>> images;
    QJsonArray jobCases;
    std::uint32_t seed = kSeed;
    for (const Case &c : cases) {
        const auto sample = bufferscope::testing::makeSample(c.kind, c.width, c.height, ++seed);
        const QString path = dir.filePath(QStringLiteral("case%1.png").arg(images.size()));
        QVERIFY(bufferscope::testing::saveSample(sample, path, "png"));
        auto opened = ImageExporter::open(path.toStdString());
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        images.push_back(std::move(opened).value());

        // The oracle's input is the pixels drawn for the file, not what we decoded.
        QJsonArray items;
        for (std::byte b : sample.bytes)
            items.append(int(b));
        jobCases.append(QJsonObject{{"shape", QJsonArray{c.height, c.width, sample.channels}},
                                    {"items", items}});
    }
    QJsonArray jobRequests;
    for (RequestFlags flag : flags)
        jobRequests.append(flag);
    const QJsonObject job{{"cases", jobCases}, {"requests", jobRequests}};

    const auto run = bufferscope::testing::runPython(
        QString::fromLatin1(kOracle), QJsonDocument(job).toJson(QJsonDocument::Compact));
    QVERIFY2(run.ok, qPrintable(run.error));
    const QJsonArray answers = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(answers.size(), qsizetype(images.size()));

    int agreed = 0;
    int requestsAgreed = 0;
    for (qsizetype i = 0; i < answers.size(); ++i) {
        const QJsonObject answer = answers[i].toObject();
        const Descriptor &d = images[std::size_t(i)]->descriptor();
        const QByteArray where = QStringLiteral("case %1 (seed %2)").arg(i).arg(kSeed).toUtf8();

        QVERIFY2(d.shape == toInts(answer["shape"]), where.constData());
        QVERIFY2(d.strides == toInts(answer["strides"]), where.constData());
        QVERIFY2(d.suboffsets == toInts(answer["suboffsets"]), where.constData());
        QVERIFY2(d.len == answer["len"].toInteger(), where.constData());
        QVERIFY2(d.itemsize == answer["itemsize"].toInteger(), where.constData());
        QVERIFY2(QString::fromStdString(d.format) == answer["format"].toString(),
                 where.constData());
        QVERIFY2(d.readonly == answer["readonly"].toBool(), where.constData());
        QVERIFY2(isCContiguous(d) == answer["c_contiguous"].toBool(), where.constData());
        QVERIFY2(isFContiguous(d) == answer["f_contiguous"].toBool(), where.constData());

        for (auto [order, key] : {std::pair{Order::C, "c"}, {Order::F, "f"}, {Order::A, "a"}}) {
            auto bytes = toBytes(d, order);
            QVERIFY2(bytes.ok(), where.constData());
            QCOMPARE(hex(*bytes), answer[QLatin1String(key)].toString());
        }

        const QJsonObject requests = answer["requests"].toObject();
        for (RequestFlags flag : flags) {
            const QString expected = requests[QString::number(flag)].toString();
            auto granted = satisfyRequest(d, flag);
            const QString ours =
                granted.ok() ? QString() : QString::fromStdString(granted.error().message);
            const QByteArray message = where + " flags " + QByteArray::number(flag) + ": " +
                                       ours.toUtf8() + " != " + expected.toUtf8();
            QVERIFY2(ours == expected, message.constData());
            ++requestsAgreed;
        }
        ++agreed;
    }
    qInfo("image vs _testbuffer ND_PIL: %d cases agreed (descriptor, tobytes C/F/A), "
          "%d request outcomes agreed",
          agreed, requestsAgreed);
}

QTEST_GUILESS_MAIN(ImageDifferentialTest)
#include "image_differential_test.moc"
