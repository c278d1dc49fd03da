// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the .npy tests: running this folder's Python scripts (NumPy is the oracle) and
// building .npy files byte by byte for the malformed-file cases.
#pragma once

#include "python_oracle.h"

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QString>
#include <QStringList>

namespace bufferscope::testing {

inline QString npyScript(const QString &name)
{
    QFile file(QStringLiteral(BUFFERSCOPE_TEST_DATA "/") + name);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// Runs tests/npy/<script> and parses its JSON output; `error` says why it failed.
inline QJsonDocument runNpyScript(const QString &script, const QStringList &args,
                                  const QByteArray &input, QString *error)
{
    const QString program = npyScript(script);
    if (program.isEmpty()) {
        *error = QStringLiteral("cannot read %1").arg(script);
        return {};
    }
    const auto run = runPython(program, input, args);
    if (!run.ok) {
        *error = run.error;
        return {};
    }
    QJsonParseError parseError;
    auto document = QJsonDocument::fromJson(run.out, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        *error = parseError.errorString();
    return document;
}

// A .npy file as NumPy's _wrap_header writes it: magic, version, little-endian length, the
// header text padded with spaces and a newline so the data starts on a 64-byte boundary.
inline QByteArray npyFile(int major, const QByteArray &header, const QByteArray &data = {},
                          int minor = 0)
{
    const int lengthBytes = major == 1 ? 2 : 4;
    QByteArray text = header;
    const int unpadded = 8 + lengthBytes + static_cast<int>(text.size()) + 1;
    text += QByteArray((64 - unpadded % 64) % 64, ' ') + '\n';
    QByteArray out("\x93NUMPY", 6);
    out += static_cast<char>(major);
    out += static_cast<char>(minor);
    quint32 length = static_cast<quint32>(text.size());
    for (int i = 0; i < lengthBytes; ++i, length >>= 8)
        out += static_cast<char>(length & 0xFF);
    return out + text + data;
}

} // namespace bufferscope::testing
