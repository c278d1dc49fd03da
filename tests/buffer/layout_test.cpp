// SPDX-License-Identifier: GPL-3.0-or-later
// Descriptor construction and validation: contiguous strides compared with _testbuffer's own
// (C and Fortran, empty and length-1 dimensions), checkedProduct's overflow edge, and the
// exact refusal texts of makeContiguous and validateDescriptor.
#include "buffer/layout.h"
#include "python_oracle.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace bufferscope;

class LayoutTest : public QObject
{
    Q_OBJECT
private slots:
    void stridesAgainstTestbuffer();
    void checkedProductEdges();
    void makeContiguousRefusals();
    void validation_data();
    void validation();
};

void LayoutTest::stridesAgainstTestbuffer()
{
    constexpr int kSeed = 11;
    const QString program = QStringLiteral(R"(
import json, random, struct, sys
from _testbuffer import ndarray, ND_FORTRAN
rng = random.Random(int(sys.argv[1]))
out = []
for _ in range(300):
    fmt = rng.choice('Bhiqd')
    shape = [rng.choice([0, 1, 1, 2, 3, 4, 7]) for _ in range(rng.randint(0, 5))]
    fortran = rng.random() < 0.5
    count = 1
    for n in shape:
        count *= n
    nd = ndarray([1] * max(count, 1), shape=shape, format=fmt, flags=ND_FORTRAN if fortran else 0)
    out.append({'itemsize': struct.calcsize(fmt), 'shape': shape, 'fortran': fortran,
                'strides': list(nd.strides), 'len': nd.nbytes})
json.dump(out, sys.stdout)
)");
    const testing::PythonRun run = testing::runPython(program, {}, {QString::number(kSeed)});
    QVERIFY2(run.ok, qPrintable(run.error));
    const QJsonArray cases = QJsonDocument::fromJson(run.out).array();
    QVERIFY(!cases.isEmpty());
    int agreed = 0;
    for (const QJsonValue &value : cases) {
        const QJsonObject o = value.toObject();
        std::vector<std::int64_t> shape;
        for (const QJsonValue &n : o.value("shape").toArray())
            shape.push_back(n.toInteger());
        std::vector<ByteOffset> expected;
        for (const QJsonValue &s : o.value("strides").toArray())
            expected.push_back(s.toInteger());
        const Order order = o.value("fortran").toBool() ? Order::F : Order::C;
        const ByteOffset itemsize = o.value("itemsize").toInteger();
        std::array<std::byte, 1> dummy{};
        Result<Descriptor> d = makeContiguous(dummy.data(), "B", itemsize, shape, order, true);
        const bool same = contiguousStrides(shape, itemsize, order) == expected && d.ok() &&
                          d->strides == expected && d->len == o.value("len").toInteger() &&
                          validateDescriptor(*d).ok();
        if (!same)
            qWarning("strides differ from _testbuffer (seed %d)", kSeed);
        agreed += same ? 1 : 0;
    }
    qInfo("layout: %d of %d shapes agree with _testbuffer's strides and nbytes", agreed,
          int(cases.size()));
    QCOMPARE(agreed, int(cases.size()));
    // Order::A builds C strides, as PyBuffer_FillContiguousStrides does for anything but 'F'.
    const std::vector<std::int64_t> shape{2, 3};
    QCOMPARE(contiguousStrides(shape, 4, Order::A), contiguousStrides(shape, 4, Order::C));
}

void LayoutTest::checkedProductEdges()
{
    const std::vector<std::int64_t> big{std::int64_t(1) << 31, std::int64_t(1) << 31};
    QCOMPARE(checkedProduct(big, 1), std::optional<ByteOffset>(ByteOffset(1) << 62));
    QCOMPARE(checkedProduct(big, 2), std::nullopt);
    QCOMPARE(checkedProduct(big, 4), std::nullopt);
    const std::vector<std::int64_t> withZero{std::numeric_limits<std::int64_t>::max(), 0, 5};
    QCOMPARE(checkedProduct(withZero, 8), std::optional<ByteOffset>(0));
    QCOMPARE(checkedProduct({}, 8), std::optional<ByteOffset>(8));
}

void LayoutTest::makeContiguousRefusals()
{
    auto message = [](Result<Descriptor> r) {
        return r.ok() ? std::string("ok") : r.error().message;
    };
    QCOMPARE(
        message(makeContiguous(nullptr, "B", 1, std::vector<std::int64_t>(65, 1), Order::C, true)),
        std::string("descriptor: ndim 65 exceeds the limit of 64"));
    QCOMPARE(message(makeContiguous(nullptr, "B", 1, {3, -2}, Order::C, true)),
             std::string("descriptor: shape[1] is negative (-2)"));
    QCOMPARE(message(makeContiguous(nullptr, "B", 0, {3}, Order::C, true)),
             std::string("descriptor: itemsize must be positive, got 0"));
    const Result<Descriptor> overflow = makeContiguous(
        nullptr, "d", 8, {std::int64_t(1) << 31, std::int64_t(1) << 31}, Order::C, true);
    QCOMPARE(message(overflow), std::string("shape: product of dimensions overflows"));
    QCOMPARE(overflow.error().category, ErrorCategory::Limit);
    // Empty, but the strides of the other dimensions would still overflow.
    QCOMPARE(
        message(makeContiguous(nullptr, "d", 8, {0, std::int64_t(1) << 31, std::int64_t(1) << 31},
                               Order::C, true)),
        std::string("shape: product of dimensions overflows"));
    Result<Descriptor> ok = makeContiguous(nullptr, "<i", 4, {2, 0, 3}, Order::F, false);
    QVERIFY(ok.ok());
    QCOMPARE(ok->len, ByteOffset(0));
    QCOMPARE(ok->format, std::string("<i"));
    QVERIFY(!ok->readonly);
}

void LayoutTest::validation_data()
{
    QTest::addColumn<int>("breakage");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("category");
    const int structure = int(ErrorCategory::Structure);
    QTest::newRow("valid") << 0 << "" << 0;
    QTest::newRow("ndim") << 1 << "descriptor: ndim 65 exceeds the limit of 64"
                          << int(ErrorCategory::Limit);
    QTest::newRow("strides") << 2 << "descriptor: 1 strides for 2 dimensions" << structure;
    QTest::newRow("suboffsets") << 3 << "descriptor: 1 suboffsets for 2 dimensions (need none or 2)"
                                << structure;
    QTest::newRow("itemsize") << 4 << "descriptor: itemsize must be positive, got 0" << structure;
    QTest::newRow("shape") << 5 << "descriptor: shape[1] is negative (-2)" << structure;
    QTest::newRow("overflow") << 6 << "shape: product of dimensions overflows"
                              << int(ErrorCategory::Limit);
    QTest::newRow("len") << 7 << "descriptor: len is 10 but product(shape) * itemsize is 12"
                         << structure;
}

void LayoutTest::validation()
{
    QFETCH(int, breakage);
    QFETCH(QString, message);
    QFETCH(int, category);
    Descriptor d;
    d.itemsize = 2;
    d.shape = {2, 3};
    d.strides = {6, 2};
    d.len = 12;
    switch (breakage) {
    case 1:
        d.shape.assign(65, 1);
        d.strides.assign(65, 2);
        d.len = 2;
        break;
    case 2:
        d.strides = {6};
        break;
    case 3:
        d.suboffsets = {0};
        break;
    case 4:
        d.itemsize = 0;
        break;
    case 5:
        d.shape = {2, -2};
        break;
    case 6:
        d.shape = {std::int64_t(1) << 40, std::int64_t(1) << 40};
        break;
    case 7:
        d.len = 10;
        break;
    default:
        break;
    }
    const Status s = validateDescriptor(d);
    if (message.isEmpty()) {
        QVERIFY(s.ok());
        return;
    }
    QVERIFY(!s.ok());
    QCOMPARE(QString::fromStdString(s.error().message), message);
    QCOMPARE(int(s.error().category), category);
}

QTEST_GUILESS_MAIN(LayoutTest)
#include "layout_test.moc"
