// SPDX-License-Identifier: GPL-3.0-or-later
// Addressing: PyBuffer_GetPointer's walk on hand-made direct and PIL layouts, the checked
// variant's IndexError texts, and every element of 600 _testbuffer layouts (PIL included,
// over a copy of _testbuffer's own pointer arrays) compared with memoryview.tobytes('C').
#include "buffer/addressing.h"
#include "testbuffer_cases.h"

#include <QTest>

#include <array>
#include <cstring>

using namespace bufferscope;

class AddressingTest : public QObject
{
    Q_OBJECT
private slots:
    void directOffsets();
    void pilImage();
    void checkedIndex_data();
    void checkedIndex();
    void againstCPython();
};

void AddressingTest::directOffsets()
{
    std::array<std::byte, 24> memory{};
    Descriptor d;
    d.buf = memory.data() + 20; // reversed rows and columns: buf is the last element
    d.itemsize = 4;
    d.shape = {2, 3};
    d.strides = {-12, -4};
    d.len = 24;
    const std::array<Index, 2> last{1, 2};
    QCOMPARE(elementOffset(d, last), ByteOffset(-20));
    QCOMPARE(elementPointer(d, last), memory.data());
    const std::array<Index, 2> mid{0, 1};
    QCOMPARE(elementOffset(d, mid), ByteOffset(-4));
    QCOMPARE(elementPointer(d, mid), memory.data() + 16);
    Descriptor scalar;
    scalar.buf = memory.data() + 3;
    QCOMPARE(elementPointer(scalar, {}), memory.data() + 3);
    QCOMPARE(elementOffset(scalar, {}), ByteOffset(0));
}

void AddressingTest::pilImage()
{
    // Two rows of 3 pixels x 2 channels behind a 2-byte row header (suboffset 2), stored in
    // separate arrays, with an unaligned pointer array.
    std::array<std::byte, 8> row0{}, row1{};
    for (int i = 0; i < 6; ++i) {
        row0[2 + i] = std::byte(10 + i);
        row1[2 + i] = std::byte(20 + i);
    }
    std::array<std::byte, 1 + 2 * sizeof(void *)> pointers{};
    std::byte *p0 = row0.data();
    std::byte *p1 = row1.data();
    std::memcpy(pointers.data() + 1, &p0, sizeof p0);
    std::memcpy(pointers.data() + 1 + sizeof p0, &p1, sizeof p1);
    Descriptor d;
    d.buf = pointers.data() + 1;
    d.itemsize = 1;
    d.shape = {2, 3, 2};
    d.strides = {ByteOffset(sizeof(void *)), 2, 1};
    d.suboffsets = {2, -1, -1};
    d.len = 12;
    const std::array<Index, 3> a{1, 2, 1};
    QCOMPARE(*elementPointer(d, a), std::byte(25));
    const std::array<Index, 3> b{0, 1, 0};
    QCOMPARE(*elementPointer(d, b), std::byte(12));
}

void AddressingTest::checkedIndex_data()
{
    QTest::addColumn<QList<qint64>>("index");
    QTest::addColumn<int>("expectedOffset"); // -1: refused
    QTest::addColumn<QString>("refusal");
    QTest::newRow("first") << QList<qint64>{0, 0} << 0 << "";
    QTest::newRow("last") << QList<qint64>{1, 4} << 28 << "";
    QTest::newRow("negative wraps") << QList<qint64>{-1, -5} << 12 << "";
    QTest::newRow("too big") << QList<qint64>{0, 9} << -1
                             << "index 9 is out of bounds for axis 1 with size 5";
    QTest::newRow("too negative") << QList<qint64>{-3, 0} << -1
                                  << "index -3 is out of bounds for axis 0 with size 2";
    QTest::newRow("too many")
        << QList<qint64>{0, 0, 0} << -1
        << "too many indices for array: array is 2-dimensional, but 3 were indexed";
    QTest::newRow("too few")
        << QList<qint64>{1} << -1
        << "too few indices for array: array is 2-dimensional, but 1 were indexed";
}

void AddressingTest::checkedIndex()
{
    QFETCH(QList<qint64>, index);
    QFETCH(int, expectedOffset);
    QFETCH(QString, refusal);
    std::array<std::byte, 40> memory{};
    Descriptor d;
    d.buf = memory.data();
    d.itemsize = 4;
    d.shape = {2, 5};
    d.strides = {12, 4}; // rows padded to 12 bytes
    d.len = 40;
    const std::vector<Index> idx(index.begin(), index.end());
    const Result<std::byte *> r = checkedElementPointer(d, idx);
    if (expectedOffset < 0) {
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.error().message), refusal);
        QCOMPARE(r.error().category, ErrorCategory::Bounds);
    } else {
        QVERIFY(r.ok());
        QCOMPARE(*r - memory.data(), expectedOffset);
    }
}

void AddressingTest::againstCPython()
{
    QString error;
    auto cases = testing::loadTestbufferCases(error);
    QVERIFY2(!cases.empty(), qPrintable(error));
    int agreed = 0;
    int pilAgreed = 0;
    int pilTotal = 0;
    long long elements = 0;
    for (auto &tc : cases) {
        const Descriptor d = tc->descriptor();
        bool same = true;
        std::vector<std::int64_t> index(d.shape.size(), 0);
        bool more = d.len > 0;
        ByteOffset k = 0;
        while (more) {
            const std::byte *p = elementPointer(d, index);
            same = same && std::memcmp(p, tc->tobytesC.constData() + k, d.itemsize) == 0;
            if (!d.hasSuboffsets())
                same = same && p == d.buf + elementOffset(d, index);
            k += d.itemsize;
            ++elements;
            more = testing::nextIndex(index, d.shape);
        }
        same = same && k == tc->tobytesC.size();
        if (!same)
            qWarning("%s: element values differ from memoryview.tobytes('C')",
                     qPrintable(tc->name()));
        agreed += same ? 1 : 0;
        pilTotal += tc->pil ? 1 : 0;
        pilAgreed += tc->pil && same ? 1 : 0;
    }
    qInfo("addressing: %d of %d _testbuffer cases (%d of %d PIL) agree element by element "
          "(%lld elements)",
          agreed, int(cases.size()), pilAgreed, pilTotal, elements);
    QCOMPARE(agreed, int(cases.size()));
}

QTEST_GUILESS_MAIN(AddressingTest)
#include "addressing_test.moc"
