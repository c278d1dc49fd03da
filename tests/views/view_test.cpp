// SPDX-License-Identifier: GPL-3.0-or-later
// The View object's export accounting: counts go up on create and down on release, a view
// with exports refuses release, chains nest one export per link, a failed create leaves
// every count as it was, and later metadata changes of the exporter do not reach live views.
#include "exporters/memory/memory_exporter.h"
#include "python_oracle.h"
#include "testing/test_exporter.h"
#include "views/steps.h"
#include "views/view.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QObject>
#include <QTest>

using namespace bufferscope;

namespace {

std::unique_ptr<MemoryExporter> memory(const std::string &format, std::vector<std::int64_t> shape)
{
    auto exporter = MemoryExporter::create(format, std::move(shape));
    if (!exporter)
        qFatal("MemoryExporter::create: %s", exporter.error().message.c_str());
    return std::move(exporter).value();
}

QString text(const Error &error)
{
    return QString::fromStdString(error.message);
}

} // namespace

class ViewTest : public QObject
{
    Q_OBJECT

private slots:
    void countsUpAndDown()
    {
        auto exporter = memory("<i", {3, 4});
        auto view = View::create(*exporter, "[1:3].T");
        QVERIFY(view.ok());
        QCOMPARE(exporter->exports(), 1);
        const Descriptor &d = (*view)->descriptor();
        QCOMPARE(d.shape, (std::vector<std::int64_t>{4, 2}));
        QCOMPARE(d.strides, (std::vector<ByteOffset>{4, 16}));
        QCOMPARE((*view)->offset(), ByteOffset(16));
        QCOMPARE(&(*view)->rootExporter(), static_cast<const Exporter *>(exporter.get()));
        QCOMPARE(&(*view)->parent(), static_cast<BufferSource *>(exporter.get()));
        QCOMPARE(QString::fromStdString((*view)->expression()), QStringLiteral("[1:3].T"));
        QVERIFY(!d.readonly); // a writable parent is asked for FULL

        QVERIFY((*view)->release().ok());
        QVERIFY((*view)->isReleased());
        QCOMPARE(exporter->exports(), 0);
        const auto again = (*view)->release();
        QVERIFY(!again.ok());
        QCOMPARE(text(again.error()), QStringLiteral("operation forbidden on released view"));
        QCOMPARE(exporter->exports(), 0);

        // A released view exports nothing, so no view can be made of it.
        const auto child = View::create(**view, "[0]");
        QVERIFY(!child.ok());
        QCOMPARE(text(child.error()), QStringLiteral("operation forbidden on released view"));
        QCOMPARE((*view)->exports(), 0);
    }

    void readOnlyParent()
    {
        auto exporter = memory("B", {4});
        exporter->setReadonly(true);
        auto view = View::create(*exporter, "[::2]");
        QVERIFY(view.ok());
        QVERIFY((*view)->descriptor().readonly);
        QCOMPARE(exporter->exports(), 1);
    }

    void destructorReleases()
    {
        auto exporter = memory("B", {4});
        {
            auto view = View::create(*exporter, "");
            QVERIFY(view.ok());
            QCOMPARE(exporter->exports(), 1);
        }
        QCOMPARE(exporter->exports(), 0);
    }

    void refusedRelease()
    {
        auto exporter = memory("<h", {6});
        auto parent = View::create(*exporter, "[1:]");
        QVERIFY(parent.ok());
        auto first = View::create(**parent, "[::2]");
        QVERIFY(first.ok());
        auto refused = (*parent)->release();
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().category, ErrorCategory::Export);
        QCOMPARE(text(refused.error()), QStringLiteral("view has 1 exported buffer"));
        auto second = View::create(**parent, "[::-1]");
        QVERIFY(second.ok());
        refused = (*parent)->release();
        QCOMPARE(text(refused.error()), QStringLiteral("view has 2 exported buffers"));
        QVERIFY(!(*parent)->isReleased());
        QCOMPARE(exporter->exports(), 1);
        QCOMPARE((*parent)->exports(), 2);

        QVERIFY((*first)->release().ok());
        QVERIFY((*second)->release().ok());
        QVERIFY((*parent)->release().ok());
        QCOMPARE(exporter->exports(), 0);
    }

    void chainOfThree()
    {
        auto exporter = memory("T{<i:a:<h:b:}", {4, 3});
        auto first = View::create(*exporter, "[1:3]");
        QVERIFY(first.ok());
        auto second = View::create(**first, " .T ");
        QVERIFY(second.ok());
        auto third = View::create(**second, "['b']");
        QVERIFY2(third.ok(), third.ok() ? "" : third.error().message.c_str());
        QCOMPARE(exporter->exports(), 1);
        QCOMPARE((*first)->exports(), 1);
        QCOMPARE((*second)->exports(), 1);
        QCOMPARE((*third)->exports(), 0);
        QCOMPARE(QString::fromStdString((*third)->fullExpression()),
                 QStringLiteral("[1:3].T['b']"));
        QCOMPARE(QString::fromStdString((*second)->expression()), QStringLiteral(" .T "));

        // The chain printed from the exporter is the same view in one expression.
        const auto direct = applyExpression(exporter->descriptor(), (*third)->fullExpression());
        QVERIFY(direct.ok());
        const Descriptor &d = (*third)->descriptor();
        QCOMPARE(direct->buf, d.buf);
        QCOMPARE(direct->shape, d.shape);
        QCOMPARE(direct->strides, d.strides);
        QCOMPARE(direct->format, d.format);
        QCOMPARE(d.shape, (std::vector<std::int64_t>{3, 2}));
        QCOMPARE(d.strides, (std::vector<ByteOffset>{6, 18}));
        QCOMPARE(d.itemsize, ByteOffset(2));
        QCOMPARE((*third)->offset(), ByteOffset(18 + 4));
        QCOMPARE(&(*third)->rootExporter(), static_cast<const Exporter *>(exporter.get()));

        // Releasing from the leaf up frees every link.
        QVERIFY(!(*first)->release().ok());
        third->reset();
        QCOMPARE((*second)->exports(), 0);
        second->reset();
        QCOMPARE((*first)->exports(), 0);
        QVERIFY((*first)->release().ok());
        QCOMPARE(exporter->exports(), 0);
    }

    // A chain of views prints one expression longer, and with more steps, than typed text
    // may be; read back as saved text (ExpressionOrigin, issue 16) it gives the same view.
    void chainReadBackAsSavedText()
    {
        auto exporter = memory("<f", {2, 2, 2, 2});
        std::string typed;
        for (int i = 0; i < 200; ++i)
            typed += "[0:1,0:1,0:1,0:1]"; // 3,400 characters, 200 steps
        auto first = View::create(*exporter, typed);
        QVERIFY(first.ok());
        auto second = View::create(**first, typed);
        QVERIFY(second.ok());
        const std::string full = (*second)->fullExpression();
        QCOMPARE(full.size(), std::size_t(400 * 20));
        const auto typedAgain = View::create(*exporter, full);
        QVERIFY(!typedAgain.ok());
        QCOMPARE(text(typedAgain.error()),
                 QStringLiteral("expression: longer than 4096 characters at column 4097"));
        auto saved = View::create(*exporter, full, ExpressionOrigin::Saved);
        QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message.c_str());
        QCOMPARE((*saved)->steps().size(), std::size_t(400));
        QCOMPARE((*saved)->fullExpression(), full);
        QCOMPARE((*saved)->descriptor().shape, (*second)->descriptor().shape);
        QCOMPARE((*saved)->descriptor().strides, (*second)->descriptor().strides);
        QCOMPARE((*saved)->descriptor().buf, (*second)->descriptor().buf);
    }

    // Issue 16: .cast with more than 64 dimensions is refused by the step with memoryview's
    // own text (the parser's item cap no longer comes first), as CPython 3.11 says it.
    void castNdimLimitAsMemoryview()
    {
        const QList<int> counts = {64, 65, 120, 2000};
        const auto oracle = testing::runPython(QStringLiteral(R"(
import json, sys
out = []
for n in json.load(sys.stdin):
    try:
        memoryview(b'x').cast('B', (1,) * n)
        out.append('')
    except (TypeError, ValueError) as e:
        out.append(str(e))
print(json.dumps(out))
)"),
                                               QByteArray("[64, 65, 120, 2000]"));
        QVERIFY2(oracle.ok, qPrintable(oracle.error));
        const QJsonArray expected = QJsonDocument::fromJson(oracle.out).array();
        QCOMPARE(expected.size(), counts.size());
        QVERIFY(expected[0].toString().isEmpty()); // 64 dimensions are allowed
        auto exporter = memory("B", {1});
        for (qsizetype i = 0; i < counts.size(); ++i) {
            std::string expression = ".cast('B', (";
            for (int n = 0; n < counts[i]; ++n)
                expression += "1,";
            expression += "))";
            auto view = View::create(*exporter, expression);
            if (expected[i].toString().isEmpty()) {
                QVERIFY2(view.ok(), view.ok() ? "" : view.error().message.c_str());
                QCOMPARE((*view)->descriptor().ndim(), counts[i]);
                continue;
            }
            QVERIFY(!view.ok());
            QCOMPARE(view.error().category, ErrorCategory::Value);
            QCOMPARE(text(view.error()),
                     "expression: step 1 '" +
                         QString::fromStdString(printSteps(*parseExpression(expression))) +
                         "' at column 1: " + expected[i].toString());
            QCOMPARE(exporter->exports(), 0);
        }
    }

    void failedCreateLeavesCounts()
    {
        auto exporter = memory("<i", {3, 5});
        auto syntax = View::create(*exporter, "[1, 2");
        QVERIFY(!syntax.ok());
        QCOMPARE(syntax.error().category, ErrorCategory::Syntax);
        QCOMPARE(exporter->exports(), 0);

        auto bounds = View::create(*exporter, "[0:2].T[9]");
        QVERIFY(!bounds.ok());
        QCOMPARE(bounds.error().category, ErrorCategory::Bounds);
        QCOMPARE(text(bounds.error()),
                 QStringLiteral("expression: step 3 '[9]' at column 8: index 9 "
                                "is out of bounds for axis 0 with size 5"));
        QCOMPARE(bounds.error().position, std::optional<std::size_t>(7));
        QCOMPARE(exporter->exports(), 0);

        auto reshape = View::create(*exporter, "[0:3, 1].reshape(5, 2)");
        QVERIFY(!reshape.ok());
        QCOMPARE(text(reshape.error()),
                 QStringLiteral("expression: step 2 '.reshape(5, 2)' at column 9: cannot reshape "
                                "array of size 3 into shape (5,2)"));
        QCOMPARE(exporter->exports(), 0);

        // A parent that refuses the buffer: its error as it is, nothing counted.
        const std::vector<std::byte> bytes(6);
        testing::TestLayout layout;
        layout.shape = {6};
        auto test = testing::TestExporter::direct(bytes, layout);
        test->failNextGetBuffer(makeError(ErrorCategory::Export, "test: getbuffer failed"));
        auto refused = View::create(*test, "[1:]");
        QVERIFY(!refused.ok());
        QCOMPARE(text(refused.error()), QStringLiteral("test: getbuffer failed"));
        QCOMPARE(test->exports(), 0);
    }

    void exporterMetadataChangeDoesNotReachViews()
    {
        auto exporter = memory("<i", {2, 4});
        auto view = View::create(*exporter, "[1]");
        QVERIFY(view.ok());
        const Descriptor before = (*view)->descriptor();
        QVERIFY(exporter->reshape({8}).ok());
        QCOMPARE(exporter->descriptor().shape, (std::vector<std::int64_t>{8}));
        QCOMPARE((*view)->descriptor().shape, (std::vector<std::int64_t>{4}));
        QCOMPARE((*view)->descriptor().strides, before.strides);
        QCOMPARE((*view)->descriptor().buf, before.buf);
        QCOMPARE((*view)->offset(), ByteOffset(16));
        // Moving the bytes is refused while the view holds them.
        const auto resized = exporter->resize(64);
        QVERIFY(!resized.ok());
        QCOMPARE(text(resized.error()),
                 QStringLiteral("Existing exports of data: object cannot be re-sized"));
        // A new view sees the new layout.
        auto later = View::create(*exporter, "[1]");
        QVERIFY(later.ok());
        QCOMPARE((*later)->descriptor().shape, std::vector<std::int64_t>{});
        QCOMPARE(exporter->exports(), 2);
    }

    void observersSeeEveryChange()
    {
        auto exporter = memory("B", {4});
        std::vector<int> seen;
        const int token = exporter->exportCount().subscribe([&](int n) { seen.push_back(n); });
        {
            auto a = View::create(*exporter, "[1:]");
            auto b = View::create(**a, "[1:]");
            auto failed = View::create(*exporter, "[7]");
            QVERIFY(!failed.ok());
        }
        exporter->exportCount().unsubscribe(token);
        // a's export, the failed create's export and its return, then a's release.
        QCOMPARE(seen, (std::vector<int>{1, 2, 1, 0}));
    }
};

QTEST_GUILESS_MAIN(ViewTest)
#include "view_test.moc"
