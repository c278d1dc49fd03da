// SPDX-License-Identifier: GPL-3.0-or-later
// `bufferscope-cli info/view/load` on files written by NumPy: the bytes written by --tobytes
// equal NumPy's arr[expr].tobytes(order); descriptors load back; --python snippets rebuild
// NumPy's bytes; every refusal exits 2 with "error: ..." on stderr and writes nothing.
#include "cli_support.h"
#include "python_oracle.h"

#include "exporters/open_source.h"
#include "views/view.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using namespace bufferscope;
using Json = nlohmann::json;

namespace {

const char *const kMakeFiles = R"(
import numpy as np, sys, os
os.chdir(sys.argv[1])
np.save('a.npy', np.arange(24, dtype='<i4').reshape(4, 6))
np.save('q.npy', np.arange(16, dtype='<f4').reshape(2, 2, 2, 2))
np.save('f.npy', np.asfortranarray(np.linspace(0, 1, 60).astype('>f8').reshape(3, 4, 5)))
np.save('r.npy', np.array([(1, 2.5), (3, -1.0), (5, 7.25)], dtype=[('n', '<i2'), ('x', '<f4')]))
np.arange(24, dtype='>i2').tofile('raw.bin')
open('notes.txt', 'w').write('not an array\n')
)";

// For each case: NumPy's bytes of base[expr] in the order asked.
const char *const kExpected = R"(
import json, sys, os
import numpy as np
os.chdir(sys.argv[1])
out = []
for case in json.load(sys.stdin):
    if case['file'] == 'raw.bin':
        base = np.fromfile('raw.bin', dtype='>i2').reshape(4, 6, order='F')
    else:
        base = np.load(case['file'])
    view = eval('base' + case['expr'], {'base': base})
    out.append(np.asarray(view).tobytes(case['order']).hex())
print(json.dumps(out))
)";

struct Case
{
    const char *file;
    const char *expr;
    const char *order;
};

const Case kCases[] = {
    {"a.npy", "", "C"},
    {"a.npy", "[1:3]", "F"},
    {"a.npy", "[::-1, ::2]", "C"},
    {"a.npy", "[::-1, ::2]", "F"},
    {"a.npy", ".T", "A"},
    {"a.npy", "[2]", "C"},
    {"a.npy", "[None, :, 3]", "F"},
    {"a.npy", "[1:3].T[::-2]", "A"},
    {"f.npy", "", "A"},
    {"f.npy", "[1, ::2]", "C"},
    {"f.npy", ".transpose(2, 0, 1)", "F"},
    {"r.npy", "['x']", "C"},
    {"r.npy", "[::-1]['n']", "C"},
    {"r.npy", "[1:]", "F"},
    {"raw.bin", "[1:3, ::-2]", "C"},
    {"raw.bin", ".T", "A"},
    // Types as NumPy users type them (ndarray.view(numpy.dtype(T))).
    {"a.npy", ".view('<i2')", "C"},
    {"a.npy", "[::2].view('u1')", "C"},
    {"a.npy", "[1:3].view('float32')", "F"},
    {"f.npy", ".T.view('>i4')", "C"},
    {"r.npy", ".view('S6')", "C"},
    {"raw.bin", ".T.view('>u2')", "C"},
};

QStringList rawArguments(const QString &file)
{
    if (file != QLatin1String("raw.bin"))
        return {};
    return {"--raw", ">i2", "--shape", "4,6", "--order", "F"}; // NumPy's spelling of '>h'
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

} // namespace

class CliViewTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    void expectError(const QStringList &args, const QByteArray &message)
    {
        const auto run = testing::runCli(args, m_dir.path());
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.out, QByteArray());
        QCOMPARE(run.err, "error: " + message + '\n');
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto made = testing::runPython(QString::fromUtf8(kMakeFiles), {}, {m_dir.path()});
        QVERIFY2(made.ok, qPrintable(made.error));
    }

    void tobytesEqualsNumpy()
    {
        Json cases = Json::array();
        for (const auto &c : kCases)
            cases.push_back({{"file", c.file}, {"expr", c.expr}, {"order", c.order}});
        const auto expected = testing::runPython(
            QString::fromUtf8(kExpected), QByteArray::fromStdString(cases.dump()), {m_dir.path()});
        QVERIFY2(expected.ok, qPrintable(expected.error));
        const Json numpy = Json::parse(expected.out.toStdString());
        int agreed = 0;
        for (std::size_t i = 0; i < std::size(kCases); ++i) {
            const Case &c = kCases[i];
            const QString out = path(QStringLiteral("out%1.bin").arg(i));
            QStringList args{"view", c.file, c.expr};
            args += rawArguments(c.file);
            args += {"--tobytes", out, "--order", c.order};
            const auto run = testing::runCli(args, m_dir.path());
            const QString where = QStringLiteral("%1 '%2' %3").arg(c.file, c.expr, c.order);
            QVERIFY2(run.exitCode == 0, qPrintable(where + ": " + run.err));
            QCOMPARE(readAll(out).toHex(), QByteArray::fromStdString(numpy[i]));
            const Json descriptor = Json::parse(run.out.toStdString(), nullptr, false);
            QVERIFY2(descriptor.is_object(), qPrintable(where));
            QVERIFY(descriptor["expression"].is_string() && descriptor["version"] == 1);
            ++agreed;
        }
        qInfo("%d of %zu tobytes cases agree with NumPy", agreed, std::size(kCases));
    }

    void descriptorsLoadBack()
    {
        for (const auto &c : kCases) {
            QStringList args{"view", c.file, c.expr};
            args += rawArguments(c.file);
            const auto viewed =
                testing::runCli(args + QStringList{"--tobytes", path("v.bin")}, m_dir.path());
            QCOMPARE(viewed.exitCode, 0);
            QFile json(path("d.json"));
            QVERIFY(json.open(QIODevice::WriteOnly));
            json.write(viewed.out);
            json.close();
            // From another working directory: the descriptor names its file absolutely.
            const auto loaded = testing::runCli(
                {"load", path("d.json"), "--tobytes", path("l.bin")}, QDir::tempPath());
            QVERIFY2(loaded.exitCode == 0, loaded.err.constData());
            QCOMPARE(loaded.out, viewed.out);
            QCOMPARE(readAll(path("l.bin")), readAll(path("v.bin")));
        }
    }

    // Issue 16: a typed expression within the 4096-character limit whose canonical form
    // (what the descriptor saves) is longer: the descriptor still loads, to the same view,
    // and NumPy agrees on the bytes.
    void longCanonicalExpressionLoadsBack()
    {
        QString expression;
        for (int i = 0; i < 240; ++i)
            expression += QStringLiteral("[0:1,0:1,0:1,0:1]");
        QCOMPARE(expression.size(), 4080);
        const auto viewed = testing::runCli(
            {"view", "q.npy", expression, "--tobytes", path("long-v.bin")}, m_dir.path());
        QVERIFY2(viewed.exitCode == 0, viewed.err.constData());
        const Json descriptor = Json::parse(viewed.out.toStdString());
        QVERIFY(descriptor["expression"].get<std::string>().size() > 4096);
        QFile json(path("long.json"));
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write(viewed.out);
        json.close();
        const auto loaded = testing::runCli(
            {"load", path("long.json"), "--tobytes", path("long-l.bin")}, m_dir.path());
        QVERIFY2(loaded.exitCode == 0, loaded.err.constData());
        QCOMPARE(loaded.err, QByteArray());
        QCOMPARE(loaded.out, viewed.out);
        QCOMPARE(readAll(path("long-l.bin")), readAll(path("long-v.bin")));
        const auto numpy = testing::runPython(
            QString::fromUtf8(kExpected),
            QByteArray::fromStdString(
                Json::array(
                    {{{"file", "q.npy"}, {"expr", expression.toStdString()}, {"order", "C"}}})
                    .dump()),
            {m_dir.path()});
        QVERIFY2(numpy.ok, qPrintable(numpy.error));
        QCOMPARE(readAll(path("long-l.bin")).toHex(),
                 QByteArray::fromStdString(Json::parse(numpy.out.toStdString())[0]));
        // Typed, the canonical text is over the limit: the limit is for what people type.
        expectError({"view", "q.npy", QString::fromStdString(descriptor["expression"])},
                    "expression: longer than 4096 characters at column 4097");
    }

    void pythonSnippetRebuildsTheView()
    {
        const auto run = testing::runCli({"view", "f.npy", "[1, ::-2]", "--python"}, m_dir.path());
        QCOMPARE(run.exitCode, 0);
        const QString program =
            QString::fromUtf8(run.out) +
            QStringLiteral(
                "\nimport numpy as np\n"
                "ref = np.load(%1)[1, ::-2]\n"
                "print(view.tobytes() == ref.tobytes() and view.strides == ref.strides)\n")
                .arg(QStringLiteral("'") + path("f.npy") + "'");
        const auto python = testing::runPython(program);
        QVERIFY2(python.ok, qPrintable(python.error));
        QCOMPARE(python.out.trimmed(), QByteArray("True"));
    }

    void infoPrintsTheExporter()
    {
        const auto run = testing::runCli(
            {"info", "raw.bin", "--raw", ">h", "--shape", "4,5", "--offset", "8", "--order", "C"},
            m_dir.path());
        QCOMPARE(run.exitCode, 0);
        const Json d = Json::parse(run.out.toStdString());
        QVERIFY(d["shape"] == Json({4, 5}) && d["offset"] == 8 && d["expression"] == "");
        QVERIFY(d["source"]["options"]["offset"] == 8);
        QVERIFY(run.out.startsWith("{\n  \"")); // pretty, two spaces
    }

    void refusalsExitTwo()
    {
        expectError({"info", "nope.npy"},
                    "open: cannot open 'nope.npy': No such file or directory");
        expectError({"info", "notes.txt"}, "open: 'notes.txt' is not a .npy file or a supported "
                                           "image; give --raw FMT --shape ...");
        expectError({"info", "raw.bin", "--raw", "h"},
                    "raw files need --raw FMT and --shape D0,D1,..");
        expectError({"view", "a.npy", "[1:]", "--tobytes", "x.bin", "--order", "K"},
                    "tobytes: order must be 'C', 'F' or 'A': 'K'");
        expectError({"view", "a.npy", "[1:]", "--tobytes", "no/such/dir/x.bin"},
                    "tobytes: cannot write 'no/such/dir/x.bin': No such file or directory");

        // The expression's own error, exactly as the core reports it.
        auto exporter = openFile(path("a.npy").toStdString(), std::nullopt);
        QVERIFY(exporter.ok());
        auto view = View::create(**exporter, "[9]");
        QVERIFY(!view.ok());
        expectError({"view", "a.npy", "[9]"}, QByteArray::fromStdString(view.error().message));

        // A refused view leaves an existing output file alone and no temporary behind.
        QFile old(path("keep.bin"));
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old contents");
        old.close();
        expectError({"view", "a.npy", "[9]", "--tobytes", "keep.bin"},
                    QByteArray::fromStdString(view.error().message));
        QCOMPARE(readAll(path("keep.bin")), QByteArray("old contents"));
        QCOMPARE(QDir(m_dir.path()).entryList({"*.tmp-*"}), QStringList());

        const auto none = testing::runCli({}, m_dir.path());
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.startsWith("error: "));
        const auto unknown = testing::runCli({"frobnicate"}, m_dir.path());
        QCOMPARE(unknown.exitCode, 2);
    }

    void imagesHaveNoNumpyForm()
    {
        QImage image(3, 2, QImage::Format_RGB888);
        image.fill(Qt::red);
        QVERIFY(image.save(path("img.png")));
        const auto info = testing::runCli({"info", "img.png"}, m_dir.path());
        QCOMPARE(info.exitCode, 0);
        const Json d = Json::parse(info.out.toStdString());
        QVERIFY(d["source"]["kind"] == "image" && d["suboffsets"].is_array());
        expectError({"view", "img.png", "[::-1]", "--numpy"},
                    "numpy: cannot express suboffsets (a PIL-style image view); use tobytes to "
                    "get its bytes");
        const auto bytes =
            testing::runCli({"view", "img.png", "[1]", "--tobytes", "img.bin"}, m_dir.path());
        QCOMPARE(bytes.exitCode, 0);
        QCOMPARE(readAll(path("img.bin")), QByteArray("\xff\x00\x00\xff\x00\x00\xff\x00\x00", 9));
    }

    void versionAndHelp()
    {
        const auto version = testing::runCli({"--version"});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("bufferscope-cli "));
        const auto help = testing::runCli({"--help"});
        QCOMPARE(help.exitCode, 0);
        for (const char *command : {"info", "view", "load", "format", "session"})
            QVERIFY2(help.out.contains(command), command);
    }
};

QTEST_GUILESS_MAIN(CliViewTest)
#include "cli_view_test.moc"
