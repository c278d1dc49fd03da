// SPDX-License-Identifier: GPL-3.0-or-later
// Refusals a person can see, on the real main window (offscreen): a refused close, release or
// resize is shown in the window's message bar naming the views that hold exports, each a
// link that selects it; several bad files report every file's error; a step dialog keeps its
// input with the core's refusal under it; an export that cannot work says so before a file
// name is asked for.
#include "controllers/buffer_controller.h"
#include "controllers/create_controller.h"
#include "controllers/open_controller.h"
#include "exporters/buffer_source.h"
#include "image/image_opener.h"
#include "main_window.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "views/message_bar.h"
#include "views/step_dialog.h"
#include "views/view_builder.h"
#include "window_support.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTreeView>

using namespace bufferscope;
using testing::kSamples;

class WindowRefusalsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { registerImageOpener(); }

    void refusedCloseNamesTheHolders()
    {
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles({kSamples + "volume.npy"}), 1);
        BufferTreeModel *model = window.model();
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *builder = window.findChild<ViewBuilder *>();
        auto *buffers = window.findChild<BufferController *>();
        auto *bar = window.findChild<MessageBar *>();
        QVERIFY(tree && builder && buffers && bar);
        QVERIFY(!bar->isVisible());
        const QModelIndex root = model->index(0, 0);
        for (const QString &expression : {QStringLiteral("[::2, 10:500]"), QStringLiteral(".T")}) {
            tree->setCurrentIndex(root);
            QVERIFY(builder->createView(expression).ok());
        }
        tree->setCurrentIndex(root);
        QVERIFY(testing::renderIdle(window));
        buffers->removeAction()->trigger();
        QCOMPARE(model->rowCount(), 1);
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->text(), QStringLiteral("npy file has 2 exported buffers: [::2, 10:500], .T"));
        QCOMPARE(bar->links().size(), 2);
        testing::shoot(&window, QStringLiteral("refusal-close"));
        // The second link selects the .T view, which can be released; then the first.
        bar->activateLink(1);
        QCOMPARE(window.current()->index(), model->index(1, 0, root));
        QVERIFY(testing::renderIdle(window));
        buffers->removeAction()->trigger();
        QCOMPARE(model->rowCount(root), 1);
        // A holder released: what the bar said is no longer true, so it is gone.
        QVERIFY(!bar->isVisible());
        QCOMPARE(bar->text(), QString());
        tree->setCurrentIndex(root);
        QVERIFY(testing::renderIdle(window));
        buffers->removeAction()->trigger();
        QCOMPARE(bar->text(), QStringLiteral("npy file has 1 exported buffer: [::2, 10:500]"));
        bar->activateLink(0);
        QCOMPARE(window.current()->index(), model->index(0, 0, root));
    }

    // The bar does not outlive what it says: it goes when the subject's buffer changes, a
    // view is added under it, the user selects another row or does something else; it stays
    // while the user follows its links and while only export counts move (renders).
    void refusalClearsItself()
    {
        MainWindow window;
        window.show();
        QCOMPARE(
            window.openController()->openFiles({kSamples + "volume.npy", kSamples + "records.npy"}),
            2);
        BufferTreeModel *model = window.model();
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *builder = window.findChild<ViewBuilder *>();
        auto *buffers = window.findChild<BufferController *>();
        auto *bar = window.findChild<MessageBar *>();
        const QPersistentModelIndex root = model->index(0, 0);
        tree->setCurrentIndex(root);
        QVERIFY(builder->createView(QStringLiteral("[1]")).ok());
        const auto refuse = [&] {
            tree->setCurrentIndex(root);
            QVERIFY(testing::renderIdle(window));
            buffers->removeAction()->trigger();
            QCOMPARE(bar->text(), QStringLiteral("npy file has 1 exported buffer: [1]"));
            QVERIFY(bar->isVisible());
        };

        refuse(); // following the link keeps it; a render's export coming and going too
        bar->activateLink(0);
        QVERIFY(testing::renderIdle(window));
        QVERIFY(bar->isVisible());
        tree->setCurrentIndex(root);
        QVERIFY(testing::renderIdle(window));
        QVERIFY(bar->isVisible());

        refuse(); // another row selected
        tree->setCurrentIndex(model->index(1, 0));
        QVERIFY(!bar->isVisible());

        refuse(); // the buffer changed (a live refresh, a reshape: its metadata)
        model->metadataChanged(root);
        QVERIFY(!bar->isVisible());

        refuse(); // a new view under it: the list of holders is no longer complete
        QVERIFY(builder->createView(QStringLiteral("[2]")).ok());
        QVERIFY(!bar->isVisible());

        tree->setCurrentIndex(root);
        QVERIFY(testing::renderIdle(window));
        buffers->removeAction()->trigger();
        QCOMPARE(bar->text(), QStringLiteral("npy file has 2 exported buffers: [1], [2]"));
        window.openController()->openFiles({kSamples + "volume.npy"}); // another action
        QVERIFY(!bar->isVisible());

        // Refused only because of an export no row holds (a consumer such as a render or
        // Python): the bar goes once that export is given back, not before.
        const QPersistentModelIndex second = model->index(1, 0);
        tree->setCurrentIndex(second);
        QVERIFY(testing::renderIdle(window));
        BufferSource *consumer = model->source(second);
        QVERIFY(consumer->getBuffer(request::FullRO).ok());
        buffers->removeAction()->trigger();
        QCOMPARE(bar->text(), QStringLiteral("npy file has 1 exported buffer"));
        QVERIFY(consumer->getBuffer(request::FullRO).ok()); // one more comes and goes
        consumer->releaseBuffer();
        QVERIFY(bar->isVisible());
        consumer->releaseBuffer();
        QVERIFY(!bar->isVisible());

        // Problems (files that failed) go with the next action too.
        window.openController()->openFiles({kSamples + "missing.npy"});
        QVERIFY(bar->isVisible());
        tree->setCurrentIndex(root);
        QVERIFY(builder->createView(QStringLiteral("[3]")).ok());
        QVERIFY(!bar->isVisible());
    }

    void refusedResizeNamesTheHolder()
    {
        MainWindow window;
        window.show();
        auto *create = window.findChild<CreateController *>();
        auto *builder = window.findChild<ViewBuilder *>();
        auto *buffers = window.findChild<BufferController *>();
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *bar = window.findChild<MessageBar *>();
        auto memory = create->newMemory(QStringLiteral("<f4"), {4, 4});
        QVERIFY(memory.ok());
        tree->setCurrentIndex(*memory);
        QVERIFY(builder->createView(QStringLiteral("[1:]")).ok());
        tree->setCurrentIndex(*memory);
        QVERIFY(testing::renderIdle(window));
        QVERIFY(!buffers->resizeCurrent(32).ok());
        QCOMPARE(bar->text(),
                 QStringLiteral("Existing exports of data: object cannot be re-sized: [1:]"));
        QCOMPARE(window.model()->source(*memory)->descriptor().len, 64);
    }

    void everyBadFileIsReported()
    {
        QTemporaryDir dir;
        QFile notes(dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("not an array\n");
        notes.close();
        QFile broken(dir.filePath(QStringLiteral("broken.npy")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("\x93NUMPY\x01\x00");
        broken.close();
        MainWindow window;
        window.show();
        auto *bar = window.findChild<MessageBar *>();
        QCOMPARE(window.openController()->openFiles({notes.fileName(), kSamples + "volume.npy",
                                                     broken.fileName(),
                                                     dir.filePath(QStringLiteral("gone.npy"))}),
                 1);
        const QStringList lines = bar->text().split('\n');
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[0], QStringLiteral("3 files could not be opened"));
        QVERIFY2(lines[1].startsWith(QStringLiteral("notes.txt: ")), qPrintable(lines[1]));
        QVERIFY2(lines[2].startsWith(QStringLiteral("broken.npy: ")), qPrintable(lines[2]));
        QVERIFY2(lines[3].startsWith(QStringLiteral("gone.npy: ")), qPrintable(lines[3]));
        testing::shoot(&window, QStringLiteral("refusal-files"));
    }

    // Index… with an index out of range: the core's words under the input, Create view
    // disabled, the typed text kept; corrected, the view is made.
    void stepDialogKeepsTheInput()
    {
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles({kSamples + "volume.npy"}), 1);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *builder = window.findChild<ViewBuilder *>();
        tree->setCurrentIndex(window.model()->index(0, 0));
        QStringList seen;
        auto ran = testing::answerModal<StepDialog>([&](StepDialog *dialog) {
            auto *index = dialog->findChild<QLineEdit *>(QStringLiteral("index"));
            auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            index->setText(QStringLiteral("99"));
            seen << dialog->errorText() << QString::number(ok->isEnabled()) << index->text();
            QCoreApplication::processEvents(); // the layout grows for the message
            testing::shoot(dialog, QStringLiteral("refusal-step-dialog"));
            ok->click(); // disabled: nothing happens, the dialog stays
            seen << QString::number(dialog->isVisible());
            index->setText(QStringLiteral("-1"));
            seen << dialog->errorText() << QString::number(ok->isEnabled());
            ok->click();
        });
        builder->composeStep(StepDialog::Index);
        QVERIFY(*ran);
        QCOMPARE(seen, (QStringList{"index 99 is out of bounds for axis 0 with size 32", "0",
                                    "99", "1", "", "1"}));
        QCOMPARE(window.model()->rowCount(window.model()->index(0, 0)), 1);
    }

    // A PIL-style image view has no Python snippet: said at once, no file dialog.
    void impossibleExportSaysSoFirst()
    {
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles({kSamples + "testcard.png"}), 1);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *bar = window.findChild<MessageBar *>();
        tree->setCurrentIndex(window.model()->index(0, 0));
        QVERIFY(testing::renderIdle(window));
        QAction *action = testing::menuAction(window, QStringLiteral("Export &Python Snippet…"));
        QVERIFY(action);
        auto asked = testing::answerModal<QFileDialog>([](QFileDialog *dialog) { dialog->reject(); });
        action->trigger();
        QTest::qWait(100);
        QVERIFY(!*asked);
        QVERIFY2(bar->text().startsWith(QStringLiteral("Cannot export the Python snippet: ")),
                 qPrintable(bar->text()));
    }
};

QTEST_MAIN(WindowRefusalsTest)
#include "window_refusals_test.moc"
