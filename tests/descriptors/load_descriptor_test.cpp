// SPDX-License-Identifier: GPL-3.0-or-later
// loadDescriptor and the exporter factory: files that changed after the descriptor was
// written, sources that cannot be reopened, detection of .npy / registered image kinds, and
// PIL-style image views (suboffsets), which round-trip but have no NumPy form.
#include "descriptors/load_descriptor.h"
#include "descriptors/numpy_export.h"
#include "descriptors/view_descriptor.h"
#include "exporters/memory/memory_exporter.h"
#include "exporters/open_source.h"
#include "image/image_opener.h"
#include "python_oracle.h"
#include "views/view.h"

#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using namespace bufferscope;
using Json = nlohmann::json;

namespace {

#define COMPARE_TEXT(actual, expected)                                                             \
    QCOMPARE(QString::fromStdString(actual), QString::fromStdString(expected))

// Writes an array with NumPy: `code` is a Python expression of the array.
bool saveNpy(const QString &path, const QString &code)
{
    const QString program = QStringLiteral("import numpy as np, sys\n"
                                           "with open(sys.argv[1], 'wb') as f:\n"
                                           "    np.lib.format.write_array(f, %1)\n")
                                .arg(code);
    return testing::runPython(program, {}, {path}).ok;
}

Json descriptorOf(const std::string &path, const std::string &expression)
{
    auto exporter = openFile(path, std::nullopt);
    if (!exporter)
        return {};
    auto loaded = openView(std::move(*exporter), expression);
    return loaded ? viewDescriptor(loaded->source()) : Json();
}

} // namespace

class LoadDescriptorTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string file(const char *name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        registerImageOpener();
    }

    void detectsChangedShape()
    {
        const auto path = file("shape.npy");
        QVERIFY(saveNpy(QString::fromStdString(path), "np.arange(12, dtype='<i4').reshape(3, 4)"));
        const Json descriptor = descriptorOf(path, "[::-1]");
        QVERIFY(!descriptor.is_null());
        QVERIFY(saveNpy(QString::fromStdString(path), "np.arange(12, dtype='<i4').reshape(4, 3)"));
        auto loaded = loadDescriptor(descriptor);
        QVERIFY(!loaded.ok());
        COMPARE_TEXT(
            loaded.error().message,
            "descriptor: rebuilt view differs from the descriptor: shape (4, 3) != (3, 4)");
    }

    void detectsChangedFormat()
    {
        const auto path = file("format.npy");
        QVERIFY(saveNpy(QString::fromStdString(path), "np.zeros((2, 3), dtype='<i4')"));
        const Json descriptor = descriptorOf(path, "");
        QVERIFY(saveNpy(QString::fromStdString(path), "np.zeros((2, 3), dtype='>f4')"));
        const Json now = descriptorOf(path, "");
        auto loaded = loadDescriptor(descriptor);
        QVERIFY(!loaded.ok());
        COMPARE_TEXT(loaded.error().message,
                     "descriptor: rebuilt view differs from the descriptor: format '" +
                         now["format"].get<std::string>() + "' != '" +
                         descriptor["format"].get<std::string>() + "'");
    }

    void detectsMovedData()
    {
        // Same array, with a header padded to 192 bytes instead of 128: the offset changes.
        const auto path = file("moved.npy");
        QVERIFY(saveNpy(QString::fromStdString(path), "np.arange(6, dtype='u1')"));
        const Json descriptor = descriptorOf(path, "[1:]");
        const auto padded = testing::runPython(
            QStringLiteral("import numpy as np, sys\n"
                           "a = np.arange(6, dtype='u1')\n"
                           "d = \"{'descr': '|u1', 'fortran_order': False, 'shape': (6,), }\"\n"
                           "h = d + ' ' * (192 - 10 - len(d) - 1) + '\\n'\n"
                           "open(sys.argv[1], 'wb').write(b'\\x93NUMPY\\x01\\x00' + "
                           "len(h).to_bytes(2, 'little')"
                           " + h.encode('latin1') + a.tobytes())\n"
                           "assert (np.load(sys.argv[1]) == a).all()\n"),
            {}, {QString::fromStdString(path)});
        QVERIFY2(padded.ok, qPrintable(padded.error));
        const Json now = descriptorOf(path, "[1:]");
        QVERIFY(now["offset"] != descriptor["offset"]);
        auto loaded = loadDescriptor(descriptor);
        QVERIFY(!loaded.ok());
        COMPARE_TEXT(loaded.error().message,
                     "descriptor: rebuilt view differs from the descriptor: offset " +
                         now["offset"].dump() + " != " + descriptor["offset"].dump());
    }

    void passesOnExpressionErrors()
    {
        const auto path = file("short.npy");
        QVERIFY(saveNpy(QString::fromStdString(path), "np.zeros((3, 4), dtype='<i4')"));
        const Json descriptor = descriptorOf(path, "[2]");
        QVERIFY(saveNpy(QString::fromStdString(path), "np.zeros((2, 4), dtype='<i4')"));
        auto exporter = openFile(path, std::nullopt);
        QVERIFY(exporter.ok());
        auto direct = View::create(**exporter, "[2]");
        QVERIFY(!direct.ok());
        auto loaded = loadDescriptor(descriptor);
        QVERIFY(!loaded.ok());
        COMPARE_TEXT(loaded.error().message, direct.error().message);
    }

    void refusesSourcesWithoutFiles()
    {
        auto memory = MemoryExporter::create("i", {3});
        QVERIFY(memory.ok());
        Json descriptor = viewDescriptor(**memory);
        auto loaded = loadDescriptor(descriptor);
        QVERIFY(!loaded.ok());
        COMPARE_TEXT(loaded.error().message, "open: source kind 'memory' has no file to reopen");
        auto snippet = pythonSnippet(**memory);
        QVERIFY(!snippet.ok());
        COMPARE_TEXT(snippet.error().message,
                     "snippet: a 'memory' source has no file to read the data from");

        descriptor["source"]["kind"] = "tape";
        loaded = loadDescriptor(descriptor);
        QVERIFY(!loaded.ok());
        COMPARE_TEXT(loaded.error().message, "open: unknown source kind 'tape'");
    }

    void refusesBadRawOptions()
    {
        SourceInfo source{"raw", file("none.bin"), Json{{"format", "i"}, {"shape", {2, -1}}}};
        auto opened = openSource(source);
        QVERIFY(!opened.ok());
        COMPARE_TEXT(opened.error().message,
                     "open: raw option 'shape' must be a list of non-negative integers");
        source.options = Json{{"format", "i"}, {"shape", {2}}, {"order", "A"}};
        opened = openSource(source);
        QVERIFY(!opened.ok());
        COMPARE_TEXT(opened.error().message, "open: raw option 'order' must be \"C\" or \"F\"");
    }

    void openFileExplainsWhatItCannotOpen()
    {
        QFile text(m_dir.filePath("notes.bin"));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("just some bytes\n");
        text.close();
        auto opened = openFile(file("notes.bin"), std::nullopt);
        QVERIFY(!opened.ok());
        COMPARE_TEXT(opened.error().message,
                     "open: '" + file("notes.bin") +
                         "' is not a .npy file or a supported image; give --raw FMT --shape ...");
        opened = openFile(file("missing.npy"), std::nullopt);
        QVERIFY(!opened.ok());
        COMPARE_TEXT(opened.error().message,
                     "open: cannot open '" + file("missing.npy") + "': No such file or directory");
        opened = openFile(m_dir.path().toStdString(), std::nullopt);
        QVERIFY(!opened.ok());
        COMPARE_TEXT(opened.error().message,
                     "open: cannot open '" + m_dir.path().toStdString() + "': Is a directory");
    }

    void imageViewsRoundTripButHaveNoNumpyForm()
    {
        QImage image(5, 4, QImage::Format_RGB888);
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 5; ++x)
                image.setPixel(x, y, qRgb(x * 40, y * 60, (x + y) * 10));
        const auto path = file("card.png");
        QVERIFY(image.save(QString::fromStdString(path)));

        const Json descriptor = descriptorOf(path, "[1:3, ::-1]");
        QVERIFY(!descriptor.is_null());
        QVERIFY(descriptor["source"]["kind"] == "image");
        QVERIFY(descriptor["suboffsets"].is_array());
        auto loaded = loadDescriptor(descriptor);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
        QVERIFY(viewDescriptor(loaded->source()) == descriptor);

        auto interface = arrayInterface(loaded->source());
        QVERIFY(!interface.ok());
        COMPARE_TEXT(interface.error().message,
                     "numpy: cannot express suboffsets (a PIL-style image view); use tobytes "
                     "to get its bytes");
        auto snippet = pythonSnippet(loaded->source());
        QVERIFY(!snippet.ok());
        COMPARE_TEXT(snippet.error().message, interface.error().message);

        // Indexing a row follows its pointer: the view starts in a row, not in data().
        const Json row = descriptorOf(path, "[2]");
        QVERIFY(row["offset"].is_null());
        auto rowLoaded = loadDescriptor(row);
        QVERIFY2(rowLoaded.ok(), rowLoaded.ok() ? "" : rowLoaded.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(LoadDescriptorTest)
#include "load_descriptor_test.moc"
