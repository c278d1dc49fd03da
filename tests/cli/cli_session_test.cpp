// SPDX-License-Identifier: GPL-3.0-or-later
// `bufferscope-cli session` transcripts: every tests/cli/sessions/NAME.txt is run in a folder
// holding the files it opens, and its output must equal NAME.expected exactly (the folder's
// path written as $DIR). The transcripts walk every export-lock rule: counts per view,
// refused release/resize/close with exports, reshape while exported, released/closed names.
#include "cli_support.h"
#include "python_oracle.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bufferscope;

namespace {

const char *const kMakeFiles = R"(
import numpy as np, sys, os
os.chdir(sys.argv[1])
np.save('a.npy', np.arange(12, dtype='<i4').reshape(3, 4))
np.arange(24, dtype='>i2').tofile('raw.bin')
open('notes.txt', 'w').write('x\n')
)";

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString sessionsDir()
{
    return QStringLiteral(BUFFERSCOPE_TEST_DATA "/sessions");
}

} // namespace

class CliSessionTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto made = testing::runPython(QString::fromUtf8(kMakeFiles), {}, {m_dir.path()});
        QVERIFY2(made.ok, qPrintable(made.error));
    }

    void transcripts_data()
    {
        QTest::addColumn<QString>("script");
        const auto scripts = QDir(sessionsDir()).entryList({"*.txt"}, QDir::Files, QDir::Name);
        QVERIFY(scripts.size() >= 7);
        for (const auto &script : scripts)
            QTest::newRow(qPrintable(script)) << script;
    }

    void transcripts()
    {
        QFETCH(QString, script);
        const QString path = sessionsDir() + '/' + script;
        const auto run = testing::runCli({"session", path}, m_dir.path());
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.err, QByteArray());
        QByteArray out = run.out;
        out.replace(m_dir.path().toUtf8(), "$DIR");
        QString expectedPath = path;
        expectedPath.replace(QLatin1String(".txt"), QLatin1String(".expected"));
        const QList<QByteArray> actual = out.split('\n');
        const QList<QByteArray> expected = readAll(expectedPath).split('\n');
        // Line by line first, so a failure names the command that differs.
        for (qsizetype i = 0; i < std::min(actual.size(), expected.size()); ++i)
            QCOMPARE(actual[i], expected[i]);
        QCOMPARE(actual.size(), expected.size());
    }

    void readsStdin()
    {
        const QByteArray script = readAll(sessionsDir() + "/exports.txt");
        const auto fromFile = testing::runCli({"session", sessionsDir() + "/exports.txt"});
        const auto fromStdin = testing::runCli({"session"}, m_dir.path(), script);
        QCOMPARE(fromStdin.exitCode, 0);
        QCOMPARE(fromStdin.out, fromFile.out);
        QVERIFY(!fromStdin.out.isEmpty());
    }

    // Every isspace character separates words, and the expression of `view` starts after
    // the fourth word wherever the blanks are (with '\v' it was lost, and a line of '\v'
    // alone crashed the session).
    void blanksOtherThanSpace()
    {
        const QByteArray script = "new a h 2,3\n"
                                  "view\vv\v=\va\v[1]\v\n"
                                  "\v\f\n"
                                  "view 'my v' = a\f[::-1] \r\n"
                                  "view\vw\v=\va\n"
                                  "\v# a comment after a blank\n"
                                  "exports a\n";
        const auto run = testing::runCli({"session"}, m_dir.path(), script);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.err, QByteArray());
        QCOMPARE(run.out, QByteArray("ok: a = new memory shape (2, 3) format 'h'\n"
                                     "ok: v = a[1] shape (3,) exports of a: 1\n"
                                     "ok: my v = a[::-1] shape (2, 3) exports of a: 2\n"
                                     "ok: w = a shape (2, 3) exports of a: 3\n"
                                     "exports a: 3\n"));
    }

    void unreadableScriptExitsTwo()
    {
        const auto run = testing::runCli({"session", "no-such-script.txt"}, m_dir.path());
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.out, QByteArray());
        QCOMPARE(run.err,
                 QByteArray("error: session: cannot read 'no-such-script.txt': No such file or "
                            "directory\n"));
    }
};

QTEST_GUILESS_MAIN(CliSessionTest)
#include "cli_session_test.moc"
