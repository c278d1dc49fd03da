// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the built bufferscope-cli (its path comes from CMake) and collects what it printed.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace bufferscope::testing {

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline CliRun runCli(const QStringList &args, const QString &workingDirectory = {},
                     const QByteArray &input = {})
{
    QProcess process;
    process.setProgram(QStringLiteral(BUFFERSCOPE_CLI));
    process.setArguments(args);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start();
    CliRun run;
    if (!process.waitForStarted())
        return run;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace bufferscope::testing
