// SPDX-License-Identifier: GPL-3.0-or-later
// The differential cases of the buffer tests: random _testbuffer.ndarray layouts made by
// testbuffer_cases.py, rebuilt here over a copy of their memory (PIL pointer arrays rewritten
// to point into the copy), with CPython's answers about them.
#pragma once

#include "buffer/descriptor.h"
#include "python_oracle.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bufferscope::testing {

inline constexpr int kTestbufferCaseCount = 600;
inline constexpr int kTestbufferSeed = 20240611;

struct TestbufferCase
{
    int id = 0;
    std::string format;
    ByteOffset itemsize = 1;
    bool pil = false;
    bool readonly = true;
    std::vector<std::int64_t> shape;
    std::vector<ByteOffset> strides;
    std::vector<ByteOffset> suboffsets;
    bool c = false, f = false, any = false;     // memoryview's flags
    bool isC = false, isF = false, isA = false; // PyBuffer_IsContiguous
    QByteArray tobytesC, tobytesF, tobytesA;
    std::vector<std::byte> memory;            // owned copy of the exporter's memory
    ByteOffset bufOffset = 0;                 // buf == memory.data() + bufOffset
    std::vector<ByteOffset> slotOffsets;      // PIL: where the row pointers are stored
    std::vector<ByteOffset> targetOffsets;    // PIL: where they point
    ByteOffset extentLow = 0, extentHigh = 0; // direct cases: min and max element offsets
    std::vector<std::pair<int, std::optional<std::string>>> requests; // flags, refusal text
    std::vector<std::string> satisfiable;

    // Rewrites the PIL row pointers stored in `target` (a copy of memory) to point into it.
    void pointInto(std::vector<std::byte> &target) const
    {
        for (std::size_t i = 0; i < slotOffsets.size(); ++i) {
            std::byte *p = target.data() + targetOffsets[i];
            std::memcpy(target.data() + slotOffsets[i], &p, sizeof p);
        }
    }

    // The layout over `target` (default: the case's own memory).
    Descriptor descriptor(std::vector<std::byte> *target = nullptr)
    {
        Descriptor d;
        d.buf = (target ? target : &memory)->data() + bufOffset;
        d.itemsize = itemsize;
        d.readonly = readonly;
        d.format = format;
        d.shape = shape;
        d.strides = strides;
        d.suboffsets = suboffsets;
        std::int64_t n = 1;
        for (std::int64_t s : shape)
            n *= s;
        d.len = n * itemsize;
        return d;
    }

    QString name() const
    {
        return QStringLiteral("case %1 (seed %2)").arg(id).arg(kTestbufferSeed);
    }
};

template<class T> std::vector<T> toVector(const QJsonValue &value)
{
    std::vector<T> out;
    for (const QJsonValue &v : value.toArray())
        out.push_back(static_cast<T>(v.toInteger()));
    return out;
}

// Runs the generator; on failure returns an empty list and sets `error`.
inline std::vector<std::unique_ptr<TestbufferCase>> loadTestbufferCases(QString &error)
{
    std::vector<std::unique_ptr<TestbufferCase>> cases;
    QFile script(QStringLiteral(BUFFERSCOPE_TEST_DATA "/testbuffer_cases.py"));
    if (!script.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot read testbuffer_cases.py");
        return cases;
    }
    const PythonRun run =
        runPython(QString::fromUtf8(script.readAll()), {},
                  {QString::number(kTestbufferCaseCount), QString::number(kTestbufferSeed)});
    if (!run.ok) {
        error = run.error;
        return cases;
    }
    const QJsonArray array = QJsonDocument::fromJson(run.out).object().value("cases").toArray();
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        auto c = std::make_unique<TestbufferCase>();
        c->id = o.value("id").toInt();
        c->format = o.value("format").toString().toStdString();
        c->itemsize = o.value("itemsize").toInteger();
        c->pil = o.value("pil").toBool();
        c->readonly = o.value("readonly").toBool();
        c->shape = toVector<std::int64_t>(o.value("shape"));
        c->strides = toVector<ByteOffset>(o.value("strides"));
        c->suboffsets = toVector<ByteOffset>(o.value("suboffsets"));
        c->c = o.value("c").toBool();
        c->f = o.value("f").toBool();
        c->any = o.value("any").toBool();
        c->isC = o.value("isC").toBool();
        c->isF = o.value("isF").toBool();
        c->isA = o.value("isA").toBool();
        c->tobytesC = QByteArray::fromHex(o.value("tobytesC").toString().toLatin1());
        c->tobytesF = QByteArray::fromHex(o.value("tobytesF").toString().toLatin1());
        c->tobytesA = QByteArray::fromHex(o.value("tobytesA").toString().toLatin1());
        const QByteArray memory = QByteArray::fromHex(o.value("memory").toString().toLatin1());
        c->memory.resize(static_cast<std::size_t>(memory.size()));
        if (!memory.isEmpty())
            std::memcpy(c->memory.data(), memory.constData(), c->memory.size());
        c->bufOffset = o.value("bufOffset").toInteger();
        c->slotOffsets = toVector<ByteOffset>(o.value("slotOffsets"));
        c->targetOffsets = toVector<ByteOffset>(o.value("targetOffsets"));
        c->pointInto(c->memory);
        const std::vector<ByteOffset> extent = toVector<ByteOffset>(o.value("extent"));
        if (extent.size() == 2) {
            c->extentLow = extent[0];
            c->extentHigh = extent[1];
        }
        for (const QJsonValue &r : o.value("requests").toArray()) {
            const QJsonArray pair = r.toArray();
            std::optional<std::string> refusal;
            if (!pair.at(1).isNull())
                refusal = pair.at(1).toString().toStdString();
            c->requests.emplace_back(pair.at(0).toInt(), refusal);
        }
        for (const QJsonValue &s : o.value("satisfiable").toArray())
            c->satisfiable.push_back(s.toString().toStdString());
        cases.push_back(std::move(c));
    }
    if (cases.empty())
        error = QStringLiteral("the generator produced no cases");
    return cases;
}

// Row-major (C order) walk over every index of a shape; false when there are no elements.
inline bool nextIndex(std::vector<std::int64_t> &index, const std::vector<std::int64_t> &shape)
{
    for (std::size_t k = index.size(); k-- > 0;) {
        if (++index[k] < shape[k])
            return true;
        index[k] = 0;
    }
    return false;
}

} // namespace bufferscope::testing
