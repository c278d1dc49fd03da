// SPDX-License-Identifier: GPL-3.0-or-later
// Contiguity: CPython facts as rows, then 600 random _testbuffer layouts compared with
// memoryview's c_contiguous / f_contiguous / contiguous and PyBuffer_IsContiguous.
#include "buffer/contiguity.h"
#include "testbuffer_cases.h"

#include <QTest>

using namespace bufferscope;
using Shape = std::vector<std::int64_t>;
using Strides = std::vector<ByteOffset>;

class ContiguityTest : public QObject
{
    Q_OBJECT
private slots:
    void rules_data();
    void rules();
    void againstCPython();
};

void ContiguityTest::rules_data()
{
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<Strides>("strides");
    QTest::addColumn<Strides>("suboffsets");
    QTest::addColumn<qint64>("itemsize");
    QTest::addColumn<bool>("c");
    QTest::addColumn<bool>("f");
    QTest::addColumn<bool>("pyC"); // PyBuffer_IsContiguous
    QTest::addColumn<bool>("pyF");

    QTest::newRow("ndim 0") << Shape{} << Strides{} << Strides{} << 8LL << true << true << true
                            << true;
    QTest::newRow("1-D packed") << Shape{3} << Strides{4} << Strides{} << 4LL << true << true
                                << true << true;
    QTest::newRow("1-D every other")
        << Shape{3} << Strides{8} << Strides{} << 4LL << false << false << false << false;
    QTest::newRow("1-D length 1, any stride")
        << Shape{1} << Strides{100} << Strides{} << 4LL << true << true << true << true;
    // memoryview's ndim-1 rule ignores len 0; PyBuffer_IsContiguous does not.
    QTest::newRow("1-D empty, odd stride")
        << Shape{0} << Strides{8} << Strides{} << 4LL << false << false << true << true;
    QTest::newRow("1-D reversed") << Shape{3} << Strides{-4} << Strides{} << 4LL << false << false
                                  << false << false;
    QTest::newRow("2-D C") << Shape{2, 3} << Strides{12, 4} << Strides{} << 4LL << true << false
                           << true << false;
    QTest::newRow("2-D F") << Shape{2, 3} << Strides{4, 8} << Strides{} << 4LL << false << true
                           << false << true;
    QTest::newRow("2-D empty") << Shape{2, 0} << Strides{-7, 3} << Strides{} << 4LL << true << true
                               << true << true;
    QTest::newRow("2-D length-1 rows")
        << Shape{1, 3} << Strides{999, 4} << Strides{} << 4LL << true << true << true << true;
    QTest::newRow("2-D reversed rows")
        << Shape{2, 3} << Strides{-12, 4} << Strides{} << 4LL << false << false << false << false;
    QTest::newRow("2-D broadcast")
        << Shape{2, 3} << Strides{0, 4} << Strides{} << 4LL << false << false << false << false;
    QTest::newRow("PIL") << Shape{2, 3} << Strides{8, 1} << Strides{0, -1} << 1LL << false << false
                         << false << false;
}

void ContiguityTest::rules()
{
    QFETCH(Shape, shape);
    QFETCH(Strides, strides);
    QFETCH(Strides, suboffsets);
    QFETCH(qint64, itemsize);
    QFETCH(bool, c);
    QFETCH(bool, f);
    QFETCH(bool, pyC);
    QFETCH(bool, pyF);
    Descriptor d;
    d.shape = shape;
    d.strides = strides;
    d.suboffsets = suboffsets;
    d.itemsize = itemsize;
    QCOMPARE(isCContiguous(d), c);
    QCOMPARE(isFContiguous(d), f);
    QCOMPARE(isAnyContiguous(d), c || f);
    QCOMPARE(pyBufferIsContiguous(d, Order::C), pyC);
    QCOMPARE(pyBufferIsContiguous(d, Order::F), pyF);
    QCOMPARE(pyBufferIsContiguous(d, Order::A), pyC || pyF);
}

void ContiguityTest::againstCPython()
{
    QString error;
    auto cases = testing::loadTestbufferCases(error);
    QVERIFY2(!cases.empty(), qPrintable(error));
    int agreed = 0;
    for (auto &tc : cases) {
        const Descriptor d = tc->descriptor();
        const bool same = isCContiguous(d) == tc->c && isFContiguous(d) == tc->f &&
                          isAnyContiguous(d) == tc->any &&
                          pyBufferIsContiguous(d, Order::C) == tc->isC &&
                          pyBufferIsContiguous(d, Order::F) == tc->isF &&
                          pyBufferIsContiguous(d, Order::A) == tc->isA;
        if (!same)
            qWarning("%s: contiguity differs from CPython", qPrintable(tc->name()));
        agreed += same ? 1 : 0;
    }
    qInfo("contiguity: %d of %d _testbuffer cases agree with CPython", agreed, int(cases.size()));
    QCOMPARE(agreed, int(cases.size()));
}

QTEST_GUILESS_MAIN(ContiguityTest)
#include "contiguity_test.moc"
