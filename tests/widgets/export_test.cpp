// SPDX-License-Identifier: GPL-3.0-or-later
// ExportController: descriptors saved as JSON load back (loadDescriptor, the CLI's core path)
// to the same view and import as tree rows with the right counts; Python snippets rebuild
// NumPy's arr[expr]; .npy exports np.load equal to arr[expr] (dtype, shape and values),
// including version 2.0 (huge header) and 3.0 (non-ASCII names) files.
#include "controllers/export_controller.h"
#include "descriptors/descriptor_json.h"
#include "descriptors/load_descriptor.h"
#include "descriptors/view_descriptor.h"
#include "exporters/memory/memory_exporter.h"
#include "exporters/npy/npy_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "python_oracle.h"

#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace bufferscope;

namespace {

const QString kSamples = QStringLiteral(BUFFERSCOPE_SOURCE_DIR "/resources/samples/");

struct Fixture
{
    BufferTreeModel model;
    CurrentBuffer current{&model};
    ExportController controller{&current};
    QSignalSpy messages{&controller, &ExportController::message};

    QModelIndex open(const QString &sample)
    {
        auto exporter = NpyExporter::open((kSamples + sample).toStdString());
        if (!exporter)
            return {};
        return model.addExporter(std::move(exporter).value(), sample);
    }
    QModelIndex select(const QModelIndex &root, const QString &expression)
    {
        const QModelIndex index =
            expression.isEmpty() ? root : model.createView(root, expression).value();
        current.setIndex(index);
        return index;
    }
};

// The (sample, expression) cases every export is checked on.
QList<QPair<QString, QString>> cases()
{
    return {{"volume.npy", ""},
            {"volume.npy", "[3, ::-2, 5:40:3]"},
            {"volume.npy", "[::4].transpose(2, 0, 1)[1:7]"},
            {"volume.npy", "[7, 9, 11]"},
            {"volume.npy", "[4:4]"},
            {"records.npy", ""},
            {"records.npy", "[::-5]"},
            {"records.npy", "['position'][2:9]"},
            {"records.npy", "['sensor']"},
            {"records.npy", "['name'][::3]"},
            {"bigendian.npy", "[10:20, ::-7]"},
            {"bigendian.npy", ".T[::5]"},
            {"fortran.npy", ""},
            {"fortran.npy", "[::-1, 3:80:4].T"},
            {"fortran.npy", "[None, 5]"}};
}

// For each case, what Python says about comparing FILE (from the case's "out") with arr[expr].
QJsonArray compareInPython(const QString &program, const QJsonArray &input)
{
    auto run = testing::runPython(program, QJsonDocument(input).toJson());
    if (!run.ok)
        qWarning().noquote() << run.error;
    return QJsonDocument::fromJson(run.out).array();
}

} // namespace

class ExportTest : public QObject
{
    Q_OBJECT

private slots:
    void npyEqualsNumpy()
    {
        QTemporaryDir dir;
        dir.setAutoRemove(qEnvironmentVariableIsEmpty("BUFFERSCOPE_KEEP"));
        Fixture f;
        QJsonArray input;
        int i = 0;
        for (const auto &[sample, expression] : cases()) {
            const QModelIndex root = f.open(sample);
            QVERIFY(root.isValid());
            f.select(root, expression);
            const QString out = dir.filePath(QStringLiteral("case%1.npy").arg(i++));
            const Status saved = f.controller.saveNpy(out);
            QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message.c_str());
            input.append(
                QJsonObject{{"sample", kSamples + sample}, {"expr", expression}, {"out", out}});
        }
        const QJsonArray results = compareInPython(
            QStringLiteral(
                "import io, json, sys, numpy as np\n"
                "out = []\n"
                "for c in json.load(sys.stdin):\n"
                "    want = eval('np.load(c[\"sample\"])' + c['expr'])\n"
                "    got = np.load(c['out'])\n"
                "    saved = io.BytesIO()\n"
                "    np.save(saved, np.array(want, order='C'))\n"
                "    out.append({'dtype': got.dtype == want.dtype, 'shape': got.shape == "
                "want.shape,\n"
                "                'equal': bool(np.array_equal(got, want)) and got.tobytes() == "
                "np.ascontiguousarray(want).tobytes(),\n"
                "                'same_file': open(c['out'], 'rb').read() == saved.getvalue(),\n"
                "                'want': str(want.dtype) + str(want.shape), 'got': str(got.dtype) "
                "+ str(got.shape)})\n"
                "print(json.dumps(out))\n"),
            input);
        QCOMPARE(results.size(), input.size());
        int agreed = 0;
        for (int c = 0; c < results.size(); ++c) {
            const QJsonObject r = results[c].toObject();
            // Byte for byte the file np.save writes for the same array (header and padding too).
            const bool ok = r["dtype"].toBool() && r["shape"].toBool() && r["equal"].toBool() &&
                            r["same_file"].toBool();
            if (!ok)
                qWarning().noquote() << input[c].toObject()["sample"].toString()
                                     << input[c].toObject()["expr"].toString() << "numpy"
                                     << r["want"].toString() << "ours" << r["got"].toString();
            agreed += ok;
        }
        qInfo("npy export: %d of %d cases equal NumPy's arr[expr]", agreed, int(results.size()));
        QCOMPARE(agreed, int(results.size()));
    }

    void npyHeaderVersions()
    {
        QTemporaryDir dir;
        Fixture f;
        // 5000 one-byte fields: the header passes 65535 bytes, so version 2.0.
        std::string wide = "T{";
        for (int i = 0; i < 5000; ++i)
            wide += "B:field" + std::to_string(i) + ":";
        wide += "}";
        auto memory = MemoryExporter::create(wide, {3});
        QVERIFY(memory.ok());
        auto data = (*memory)->data();
        for (std::size_t i = 0; i < data.size(); ++i)
            data[i] = std::byte((i * 7) & 0xff);
        f.current.setIndex(f.model.addExporter(std::move(memory).value(), QStringLiteral("wide")));
        const QString widePath = dir.filePath(QStringLiteral("wide.npy"));
        QVERIFY(f.controller.saveNpy(widePath).ok());
        // Non-ASCII field names: version 3.0 (UTF-8 header).
        auto named = MemoryExporter::create("T{<i:\xc3\xa9t\xc3\xa9:<d:\xce\xbb:}", {4});
        QVERIFY(named.ok());
        f.current.setIndex(f.model.addExporter(std::move(named).value(), QStringLiteral("named")));
        const QString namedPath = dir.filePath(QStringLiteral("named.npy"));
        QVERIFY(f.controller.saveNpy(namedPath).ok());

        auto run = testing::runPython(
            QStringLiteral(
                "import io, sys, json, numpy as np\n"
                "from numpy.lib import format as fmt\n"
                "out = []\n"
                "for p in sys.argv[1:]:\n"
                "    with open(p, 'rb') as f:\n"
                "        version = fmt.read_magic(f)\n"
                "    a = np.load(p, max_header_size=1 << 20)\n"
                "    saved = io.BytesIO()\n"
                "    np.save(saved, a)\n"
                "    out.append({'same_file': open(p, 'rb').read() == saved.getvalue(), 'version': "
                "list(version), 'names': len(a.dtype.names), 'first': a.dtype.names[0],\n"
                "                'shape': list(a.shape), 'sum': int(a.view('u1').sum()) if "
                "a.dtype.itemsize == 5000 else 0})\n"
                "print(json.dumps(out))\n"),
            {}, {widePath, namedPath});
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray results = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(results[0]["version"].toArray(), (QJsonArray{2, 0}));
        QCOMPARE(results[0]["names"].toInt(), 5000);
        QCOMPARE(results[0]["shape"].toArray(), QJsonArray{3});
        qint64 sum = 0;
        for (int i = 0; i < 15000; ++i)
            sum += (i * 7) & 0xff;
        QCOMPARE(results[0]["sum"].toInteger(), sum);
        QCOMPARE(results[1]["version"].toArray(), (QJsonArray{3, 0}));
        // np.save writes the same bytes (and so picks the same versions).
        QVERIFY(results[0]["same_file"].toBool());
        QVERIFY(results[1]["same_file"].toBool());
        QCOMPARE(results[1]["first"].toString(), QString::fromUtf8("\xc3\xa9t\xc3\xa9"));
    }

    void descriptorRoundTripAndImport()
    {
        QTemporaryDir dir;
        Fixture f;
        QJsonArray snippets;
        int i = 0;
        for (const auto &[sample, expression] : cases()) {
            const QModelIndex view = f.select(f.open(sample), expression);
            const QString path = dir.filePath(QStringLiteral("view%1.json").arg(i));
            QVERIFY(f.controller.saveText(ExportController::TextKind::DescriptorJson, path).ok());
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray text = file.readAll();
            auto json = parseDescriptorText(text.toStdString());
            QVERIFY(json.ok());
            auto loaded = loadDescriptor(*json);
            QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
            const Descriptor &want = f.model.source(view)->descriptor();
            const Descriptor &got = loaded->source().descriptor();
            QCOMPARE(got.shape, want.shape);
            QCOMPARE(got.strides, want.strides);
            QCOMPARE(got.format, want.format);
            QCOMPARE(dataOffset(loaded->source()), dataOffset(*f.model.source(view)));
            QCOMPARE(chainExpression(loaded->source()), chainExpression(*f.model.source(view)));

            // Import: an exporter row with one child view, counted.
            const int roots = f.model.rowCount();
            auto imported = f.controller.importDescriptor(path);
            QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
            QCOMPARE(f.model.rowCount(), roots + 1);
            const QModelIndex newRoot = f.model.index(roots, 0);
            QCOMPARE(f.model.rowCount(newRoot), expression.isEmpty() ? 0 : 1);
            QCOMPARE(f.model.data(newRoot, BufferTreeModel::ExportsRole).toInt(),
                     expression.isEmpty() ? 0 : 1);
            QCOMPARE(f.model.source(*imported)->descriptor().shape, want.shape);
            QCOMPARE(f.model.source(*imported)->descriptor().strides, want.strides);

            // The Python snippet, saved and run, rebuilds arr[expr].
            f.current.setIndex(view);
            const QString snippet = dir.filePath(QStringLiteral("view%1.py").arg(i++));
            QVERIFY(f.controller.saveText(ExportController::TextKind::PythonSnippet, snippet).ok());
            snippets.append(QJsonObject{
                {"sample", kSamples + sample}, {"expr", expression}, {"snippet", snippet}});
        }
        const QJsonArray results =
            compareInPython(QStringLiteral("import json, sys, numpy as np\n"
                                           "out = []\n"
                                           "for c in json.load(sys.stdin):\n"
                                           "    scope = {}\n"
                                           "    exec(open(c['snippet']).read(), scope)\n"
                                           "    want = eval('np.load(c[\"sample\"])' + c['expr'])\n"
                                           "    v = scope['view']\n"
                                           "    out.append(v.dtype == want.dtype and v.shape == "
                                           "want.shape and bool(np.array_equal(v, want)))\n"
                                           "print(json.dumps(out))\n"),
                            snippets);
        QCOMPARE(results.size(), snippets.size());
        int agreed = 0;
        for (const auto value : results)
            agreed += value.toBool();
        qInfo("python snippets: %d of %d equal NumPy's arr[expr]", agreed, int(results.size()));
        QCOMPARE(agreed, int(results.size()));
    }

    // Issue 16: a view typed within 4096 characters whose canonical expression (what the
    // descriptor saves) is longer still imports, to the same view.
    void longCanonicalExpressionImports()
    {
        QTemporaryDir dir;
        Fixture f;
        // (32, 128, 128) as 19 axes of 2, then 100 steps "[:,:,…,:]" printed "[:, :, …, :]".
        QString expression = QStringLiteral(".reshape(2") + QStringLiteral(",2").repeated(18) + ')';
        for (int i = 0; i < 100; ++i)
            expression += '[' + QStringLiteral(":,").repeated(18) + QStringLiteral(":]");
        QVERIFY(expression.size() <= 4096);
        const QModelIndex view = f.select(f.open(QStringLiteral("volume.npy")), expression);
        QVERIFY(view.isValid());
        const QString path = dir.filePath(QStringLiteral("long.json"));
        QVERIFY(f.controller.saveText(ExportController::TextKind::DescriptorJson, path).ok());
        QVERIFY(chainExpression(*f.model.source(view)).size() > 4096);
        auto imported = f.controller.importDescriptor(path);
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
        const Descriptor &want = f.model.source(view)->descriptor();
        const Descriptor &got = f.model.source(*imported)->descriptor();
        QCOMPARE(got.shape, want.shape);
        QCOMPARE(got.strides, want.strides);
        QCOMPARE(dataOffset(*f.model.source(*imported)), dataOffset(*f.model.source(view)));
    }

    void clipboardAndRefusals()
    {
        QTemporaryDir dir;
        Fixture f;
        // Nothing selected.
        QVERIFY(!f.controller.saveNpy(dir.filePath(QStringLiteral("x.npy"))).ok());
        QCOMPARE(f.messages.last().first().toString(),
                 QStringLiteral("export: no buffer is selected"));

        f.select(f.open(QStringLiteral("volume.npy")), QStringLiteral("[2, :3, :4]"));
        QVERIFY(f.controller.copyText(ExportController::TextKind::ArrayInterface).ok());
        const QJsonObject interface =
            QJsonDocument::fromJson(QGuiApplication::clipboard()->text().toUtf8()).object();
        QCOMPARE(interface["shape"].toArray(), (QJsonArray{3, 4}));
        QCOMPARE(interface["typestr"].toString(), QStringLiteral("<f4"));

        // A file that cannot be written leaves nothing behind.
        const QString missing = dir.filePath(QStringLiteral("no/such/dir/out.npy"));
        const Status refused = f.controller.saveNpy(missing);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().message,
                 QStringLiteral("npy: cannot write '%1': No such file or directory")
                     .arg(missing)
                     .toStdString());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
        // An existing file is replaced whole.
        const QString existing = dir.filePath(QStringLiteral("out.npy"));
        QFile old(existing);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write(QByteArray(100000, 'x'));
        old.close();
        QVERIFY(f.controller.saveNpy(existing).ok());
        QCOMPARE(QFileInfo(existing).size(), 128 + 3 * 4 * 4);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("out.npy")});

        // A descriptor that does not parse: the core's message, no rows added.
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile badFile(bad);
        QVERIFY(badFile.open(QIODevice::WriteOnly));
        badFile.write("{\"version\": 1}");
        badFile.close();
        const int roots = f.model.rowCount();
        QVERIFY(!f.controller.importDescriptor(bad).ok());
        QCOMPARE(f.messages.last().first().toString(),
                 QStringLiteral("descriptor: missing key 'format'"));
        QCOMPARE(f.model.rowCount(), roots);
    }
};

QTEST_MAIN(ExportTest)
#include "export_test.moc"
