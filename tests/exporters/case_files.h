// SPDX-License-Identifier: GPL-3.0-or-later
// Small file helpers shared by the exporter case files: write the oracle's output into the
// case directory once, read it back for every fixture.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

#include <cstddef>
#include <span>

namespace bufferscope::testing {

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline QByteArray toQByteArray(std::span<const std::byte> bytes)
{
    return QByteArray(reinterpret_cast<const char *>(bytes.data()),
                      static_cast<qsizetype>(bytes.size()));
}

// Deterministic content for in-memory cases: a fixed linear congruential sequence, so a
// failing case can be reproduced byte for byte.
inline QByteArray patternBytes(qsizetype n, quint32 seed)
{
    QByteArray bytes(n, '\0');
    quint32 state = seed;
    for (qsizetype i = 0; i < n; ++i) {
        state = state * 1664525u + 1013904223u;
        bytes[i] = static_cast<char>(state >> 24);
    }
    return bytes;
}

} // namespace bufferscope::testing
