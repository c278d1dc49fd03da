// SPDX-License-Identifier: GPL-3.0-or-later
// Views of PIL-style (suboffset) buffers. Slicing is checked against CPython's
// _testbuffer.ndarray with ND_PIL (shape, strides, suboffsets and values: the same
// init_slice rule); other steps, which _testbuffer cannot do, are checked by their values
// against NumPy on the logical array. Plus the refusals that are ours, with exact texts,
// and memoryview's cast rule on an empty strided view.
#include "buffer/addressing.h"
#include "python_oracle.h"
#include "testing/test_exporter.h"
#include "views/steps.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTest>

#include <algorithm>

using namespace bufferscope;

namespace {

constexpr int kSeed = 7301;

const char *kOracle = R"PY(
import json, random, sys
import numpy as np
from _testbuffer import ndarray, ND_PIL
rng = random.Random(int(sys.argv[1]))

def rslice(n):
    while True:
        start = rng.choice([None, rng.randint(-n - 1, n + 1)])
        stop = rng.choice([None, rng.randint(-n - 1, n + 1)])
        step = rng.choice([None, 1, 2, -1, -2, 3])
        s = slice(start, stop, step)
        if len(range(*s.indices(n))) > 0:  # empty slices: NumPy and init_slice differ
            return s

def stext(s):
    t = ('' if s.start is None else str(s.start)) + ':' + ('' if s.stop is None else str(s.stop))
    return t + ('' if s.step is None else ':' + str(s.step))

for case in range(300):
    shape = [rng.randint(1, 5) for _ in range(rng.choice([2, 3]))]
    n = int(np.prod(shape))
    items = [(i * 7 + 3) % 256 for i in range(n)]
    out = {'shape': shape, 'items': items}
    if case % 2 == 0:
        nd = ndarray(items, shape=shape, format='B', flags=ND_PIL)
        expr = ''
        if rng.random() < 0.4:
            i = rng.randrange(-shape[0], shape[0])
            nd = nd[i]
            expr += '[%d]' % i
        sl = tuple(rslice(nd.shape[k]) for k in range(rng.randint(1, nd.ndim)))
        nd = nd[sl] if len(sl) > 1 else nd[sl[0]]
        expr += '[' + ', '.join(stext(s) for s in sl) + ']'
        out.update(kind='testbuffer', expression=expr, resultShape=list(nd.shape),
                   resultStrides=list(nd.strides), suboffsets=list(nd.suboffsets),
                   values=np.array(nd.tolist(), dtype=np.int64).ravel().tolist(), reversed=False)
    else:
        a = np.array(items, dtype=np.uint8).reshape(shape)
        choices = ['[..., ::-1]', '[None, 1:]', '[:, -1]', '[::-1, None, ::2]', '[-1]',
                   '[..., 0]', '[1:, ..., None]']
        if len(shape) == 3:
            choices += ['.transpose(0, 2, 1)', '.swapaxes(1, 2)', '[:, ::-1].transpose(0, -1, 1)']
        expr = rng.choice(choices)
        try:
            r = eval('a' + expr)
            out.update(kind='numpy', expression=expr, resultShape=list(r.shape),
                       values=r.astype(np.int64).ravel().tolist(), reversed=rng.random() < 0.5)
        except IndexError:
            continue
    print(json.dumps(out))
)PY";

std::vector<std::int64_t> ints(const QJsonValue &value)
{
    std::vector<std::int64_t> out;
    for (const QJsonValue &v : value.toArray())
        out.push_back(static_cast<std::int64_t>(v.toDouble()));
    return out;
}

// Every element through PyBuffer_GetPointer's walk, in C order.
std::vector<std::int64_t> values(const Descriptor &d)
{
    std::vector<std::int64_t> out;
    for (std::int64_t n : d.shape)
        if (n == 0)
            return out;
    std::vector<Index> index(d.ndim(), 0);
    for (;;) {
        out.push_back(std::to_integer<std::int64_t>(*elementPointer(d, index)));
        int i = d.ndim() - 1;
        while (i >= 0 && ++index[i] == d.shape[i])
            index[i--] = 0;
        if (i < 0)
            return out;
    }
}

std::unique_ptr<testing::TestExporter> pil(std::vector<std::int64_t> shape,
                                           const std::vector<std::int64_t> &items, bool reversed)
{
    std::vector<std::byte> logical;
    for (auto v : items)
        logical.push_back(static_cast<std::byte>(v));
    return testing::TestExporter::pil("B", 1, std::move(shape), logical, 0, reversed);
}

QString text(const Error &error)
{
    return QString::fromStdString(error.message);
}

} // namespace

class SuboffsetsTest : public QObject
{
    Q_OBJECT

private slots:
    void againstTestbufferAndNumpy()
    {
        const auto run =
            testing::runPython(QString::fromUtf8(kOracle), {}, {QString::number(kSeed)});
        QVERIFY2(run.ok, qPrintable(run.error));
        int cases = 0, testbuffer = 0;
        for (const QByteArray &line : run.out.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            ++cases;
            const QJsonObject c = QJsonDocument::fromJson(line).object();
            const std::string expression = c["expression"].toString().toStdString();
            const QByteArray where =
                QStringLiteral("seed %1 case %2: %3 on %4")
                    .arg(kSeed)
                    .arg(cases)
                    .arg(c["expression"].toString(),
                         QString::fromUtf8(
                             QJsonDocument(c["shape"].toArray()).toJson(QJsonDocument::Compact)))
                    .toUtf8();
            auto exporter = pil(ints(c["shape"]), ints(c["items"]), c["reversed"].toBool());
            const auto result = applyExpression(exporter->descriptor(), expression);
            QVERIFY2(
                result.ok(),
                (where + ": " + (result.ok() ? "" : result.error().message.c_str())).constData());
            QVERIFY2(result->shape == ints(c["resultShape"]), where.constData());
            QVERIFY2(values(*result) == ints(c["values"]), where.constData());
            if (c["kind"].toString() == QLatin1String("testbuffer")) {
                ++testbuffer;
                QVERIFY2(result->strides == ints(c["resultStrides"]), where.constData());
                // _testbuffer keeps all-negative suboffsets; we drop them (documented rule).
                auto expected = ints(c["suboffsets"]);
                if (std::all_of(expected.begin(), expected.end(), [](auto s) { return s < 0; }))
                    expected.clear();
                QVERIFY2(result->suboffsets == expected, where.constData());
            }
        }
        qInfo("suboffset views (seed %d): %d cases agree, %d of them with _testbuffer's layout",
              kSeed, cases, testbuffer);
        QVERIFY(cases >= 250);
    }

    void refusals()
    {
        const std::vector<std::int64_t> items(2 * 3 * 4, 1);
        auto exporter = pil({2, 3, 4}, items, false);
        const Descriptor &d = exporter->descriptor();
        auto r = applyExpression(d, ".T");
        QVERIFY(!r.ok());
        QCOMPARE(text(r.error()),
                 QStringLiteral("expression: step 1 '.T' at column 1: transpose: "
                                "cannot move axis 2 across a suboffset dereference"));
        r = applyExpression(d, ".reshape(6, 4)");
        QCOMPARE(text(r.error()),
                 QStringLiteral("expression: step 1 '.reshape(6, 4)' at column 1: "
                                "reshape: not supported on views with suboffsets"));
        r = applyExpression(d, ".cast('B')");
        QCOMPARE(text(r.error()), QStringLiteral("expression: step 1 '.cast('B')' at column 1: "
                                                 "memoryview: casts are restricted to C-contiguous "
                                                 "views"));
        // After following a row pointer the view is plain memory again.
        r = applyExpression(d, "[1].cast('B')");
        QVERIFY(r.ok());
        QVERIFY(!r->hasSuboffsets());
        QCOMPARE(r->shape, std::vector<std::int64_t>{12});
        r = applyExpression(d, ".reshape(2, 3, 4)"); // the same shape is no reshape at all
        QVERIFY(r.ok());

        // Two levels of pointers: removing the inner one needs the outer index first.
        Descriptor twoLevel = d;
        twoLevel.suboffsets = {0, 0, -1};
        r = applyExpression(twoLevel, "[:, 1]");
        QVERIFY(!r.ok());
        QCOMPARE(text(r.error()), QStringLiteral("expression: step 1 '[:, 1]' at column 1: index: "
                                                 "cannot remove axis 1: it dereferences pointers "
                                                 "after a kept axis (use a slice)"));

        // A field of a PIL record: its offset belongs after the row pointer.
        std::vector<std::byte> rgb(2 * 2 * 3);
        auto records = testing::TestExporter::pil("T{B:r:B:g:B:b:}", 3, {2, 2}, rgb, 5);
        r = applyExpression(records->descriptor(), "[:, ::-1]['g']");
        QVERIFY(r.ok());
        QCOMPARE(r->suboffsets, (std::vector<ByteOffset>{5 + 3 + 1, -1}));
        QCOMPARE(r->strides, (std::vector<ByteOffset>{ByteOffset(sizeof(void *)), -3}));
        QCOMPARE(r->itemsize, ByteOffset(1));
    }

    void castOfEmptyStridedView()
    {
        // memoryview keeps the stride of an empty slice, and then refuses to cast it; NumPy
        // normalises empty slices to step 1. We index as NumPy does, and cast as memoryview
        // does on the descriptor we hold.
        const auto run = testing::runPython(QStringLiteral(
            "m = memoryview(b'abcdef')[3:3:2]\n"
            "try:\n    m.cast('B'); print('ok')\nexcept TypeError as e:\n    print(e)\n"));
        QVERIFY(run.ok);
        std::vector<std::byte> bytes(6);
        Descriptor d;
        d.buf = bytes.data();
        d.len = 0;
        d.shape = {0};
        d.strides = {2};
        const auto r = applyExpression(d, ".cast('B')");
        QVERIFY(!r.ok());
        QCOMPARE("expression: step 1 '.cast('B')' at column 1: " + run.out.trimmed(),
                 QByteArray::fromStdString(r.error().message));
        const auto sliced = applyExpression(d, "[3:3:2]");
        QVERIFY(sliced.ok());
        QCOMPARE(sliced->strides, std::vector<ByteOffset>{2}); // stride * 1, NumPy's rule
    }
};

QTEST_GUILESS_MAIN(SuboffsetsTest)
#include "suboffsets_test.moc"
