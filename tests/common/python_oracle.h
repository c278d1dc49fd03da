// SPDX-License-Identifier: GPL-3.0-or-later
// Runs /usr/bin/python3 (with NumPy and CPython's _testbuffer) as the oracle of differential
// tests: the expectations come from CPython and NumPy, never from this code.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace bufferscope::testing {

struct PythonRun
{
    bool ok = false;
    QByteArray out;
    QString error; // why the run failed: start failure, exit status, stderr
};

// Runs a Python program given as text, feeding `input` on stdin; returns its stdout.
inline PythonRun runPython(const QString &program, const QByteArray &input = {},
                           const QStringList &args = {}, int timeoutMs = 600000)
{
    PythonRun run;
    QProcess process;
    process.setProgram(QStringLiteral(BUFFERSCOPE_PYTHON));
    process.setArguments(QStringList{QStringLiteral("-c"), program} + args);
    process.start();
    if (!process.waitForStarted()) {
        run.error = QStringLiteral("cannot start %1").arg(QStringLiteral(BUFFERSCOPE_PYTHON));
        return run;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        run.error = QStringLiteral("python timed out");
        return run;
    }
    run.out = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        run.error = QString::fromUtf8(process.readAllStandardError());
        return run;
    }
    run.ok = true;
    return run;
}

} // namespace bufferscope::testing
