// SPDX-License-Identifier: GPL-3.0-or-later
// A monkey test over the window's dialogs (offscreen): random text typed into every field of
// every step dialog, New memory buffer and Open raw, opened from the real main window. After
// each keystroke burst nothing has crashed, the field still holds exactly what was typed
// (no lost text), the dialog shows either nothing wrong with Create enabled or a message with
// it disabled, and accepting an enabled dialog creates what it says.
#include "controllers/create_controller.h"
#include "controllers/open_controller.h"
#include "main_window.h"
#include "models/buffer_tree_model.h"
#include "views/memory_dialog.h"
#include "views/raw_dialog.h"
#include "views/step_dialog.h"
#include "views/view_builder.h"
#include "window_support.h"

#include <QAbstractSpinBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeView>

#include <random>

using namespace bufferscope;
using testing::kSamples;

namespace {

// Text a person (or a cat on the keyboard) might type into a type, shape or index field.
QString randomText(std::mt19937 &rng)
{
    static const QString pieces[] = {"0", "1", "2", "3", "7", "-1", "99", ",", ", ", ":", "(",
                                     ")", "[", "]", "<", ">", "|", "=", "!", "@", "f", "d", "i",
                                     "u", "U", "S", "b", "B", "?", "T{", "}", "Z", "x", "'",
                                     "\"", " ", "<i2", "u1", "f4", "c8", "float32", "e", "é",
                                     "\u221e", "999999999999999999999", "1e3", "2,3"};
    // Half the time something that often makes sense somewhere, so dialogs get accepted too.
    static const QString plausible[] = {"0", "1", "2", "-1", "3", "<i2", "u1", "f4", "B", "h",
                                        "float32", "2, 3", "4, -1", "", "16", "8"};
    if (rng() % 2)
        return plausible[rng() % std::size(plausible)];
    QString text;
    const int count = int(rng() % 7);
    for (int i = 0; i < count; ++i)
        text += pieces[rng() % std::size(pieces)];
    return text;
}

// Key events for every character, as a keyboard sends them (QTest::keyClicks is ASCII only).
void typeText(QLineEdit *edit, const QString &text)
{
    for (const QChar ch : text) {
        QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(ch));
        QKeyEvent release(QEvent::KeyRelease, 0, Qt::NoModifier, QString(ch));
        QApplication::sendEvent(edit, &press);
        QApplication::sendEvent(edit, &release);
    }
}

struct Tally
{
    int bursts = 0, enabled = 0, refused = 0;
};

// Types random text into each line edit of `dialog` `rounds` times; checks the text stays
// and that the OK button and the message agree. `message` reads the dialog's complaint.
void hammer(QDialog *dialog, std::mt19937 &rng, int rounds, QPushButton *ok,
            const std::function<QString()> &message, Tally &tally)
{
    QList<QLineEdit *> edits;
    for (QLineEdit *edit : dialog->findChildren<QLineEdit *>())
        if (!qobject_cast<QAbstractSpinBox *>(edit->parentWidget())) // a spin box's own edit
            edits << edit;
    if (edits.isEmpty())
        return;
    for (int round = 0; round < rounds; ++round) {
        QLineEdit *edit = edits[int(rng() % edits.size())];
        if (!edit->isVisible() || edit->isReadOnly())
            continue;
        const QString text = randomText(rng);
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace); // the old text goes, as a person clears it
        typeText(edit, text);
        QCOMPARE(edit->text(), text);
        ++tally.bursts;
        if (ok->isEnabled()) {
            ++tally.enabled;
        } else {
            ++tally.refused;
            QVERIFY2(!message().isEmpty(),
                     qPrintable(edit->objectName() + " = '" + text + "': disabled, no message"));
        }
    }
}

} // namespace

class WindowMonkeyTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void dialogs()
    {
        const unsigned seed = 13013;
        qInfo("dialog monkey seed %u", seed);
        std::mt19937 rng(seed);
        MainWindow window;
        window.show();
        QCOMPARE(window.openController()->openFiles({kSamples + "volume.npy",
                                                     kSamples + "records.npy"}),
                 2);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *builder = window.findChild<ViewBuilder *>();
        auto *create = window.findChild<CreateController *>();
        Tally tally;
        int accepted = 0;
        int burstsPerKind[8] = {};

        for (int trial = 0; trial < 24; ++trial) {
            tree->setCurrentIndex(window.model()->index(trial % 2, 0));
            QVERIFY(testing::renderIdle(window));
            // Every kind in turn (Slice, Index, Transpose, SwapAxes, Reshape, Cast, View as,
            // Field), three times each: none is left to chance.
            const auto kind = StepDialog::Kind(trial % 8);
            const int before = window.model()->rowCount(window.model()->index(trial % 2, 0));
            bool accepting = false;
            auto ran = testing::answerModal<StepDialog>([&](StepDialog *dialog) {
                auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
                const int before = tally.bursts;
                hammer(dialog, rng, 12, ok, [dialog] { return dialog->errorText(); }, tally);
                burstsPerKind[dialog->kind()] += tally.bursts - before;
                accepting = ok->isEnabled() && rng() % 2;
                if (accepting)
                    ok->click();
                else
                    dialog->reject();
            });
            builder->composeStep(kind);
            QVERIFY(*ran);
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QStringLiteral("seed %1 trial %2").arg(seed).arg(trial)));
            const int after = window.model()->rowCount(window.model()->index(trial % 2, 0));
            QCOMPARE(after, before + (accepting ? 1 : 0));
            accepted += accepting;
        }

        for (int trial = 0; trial < 6; ++trial) {
            const int before = window.model()->rowCount();
            bool accepting = false;
            auto ran = testing::answerModal<MemoryDialog>([&](MemoryDialog *dialog) {
                auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
                hammer(dialog, rng, 15, ok, [dialog] { return dialog->summary(); }, tally);
                // Keep what is accepted small: the monkey may type 99, 99, 99.
                dialog->findChild<QLineEdit *>(QStringLiteral("shape"))->setText("3, 2");
                accepting = ok->isEnabled();
                if (accepting)
                    ok->click();
                else
                    dialog->reject();
            });
            create->chooseMemory();
            QVERIFY(*ran);
            QCOMPARE(window.model()->rowCount(), before + (accepting ? 1 : 0));
        }

        QTemporaryDir dir;
        QFile raw(dir.filePath(QStringLiteral("data.bin")));
        QVERIFY(raw.open(QIODevice::WriteOnly));
        raw.write(QByteArray(96, '\x2a'));
        raw.close();
        for (int trial = 0; trial < 6; ++trial) {
            const int before = window.model()->rowCount();
            bool accepting = false;
            auto ran = testing::answerModal<RawDialog>([&](RawDialog *dialog) {
                auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open);
                const auto message = [dialog] {
                    QString all;
                    for (auto field : {RawPreview::Field::Format, RawPreview::Field::Shape,
                                       RawPreview::Field::Offset, RawPreview::Field::Order,
                                       RawPreview::Field::File})
                        all += dialog->fieldError(field);
                    return all;
                };
                hammer(dialog, rng, 15, ok, message, tally);
                accepting = ok->isEnabled();
                if (accepting)
                    ok->click();
                else
                    dialog->reject();
            });
            create->chooseRaw(raw.fileName());
            QVERIFY(*ran);
            QCOMPARE(window.model()->rowCount(), before + (accepting ? 1 : 0));
        }
        // The dialogs with text fields were all typed into (Transpose, Swap axes and Field
        // pick from lists).
        for (const int kind : {StepDialog::Slice, StepDialog::Index, StepDialog::Reshape,
                               StepDialog::Cast, StepDialog::ViewAs})
            QVERIFY2(burstsPerKind[kind] > 0, qPrintable(QString::number(kind)));
        qInfo("step dialogs: bursts per kind (slice, index, transpose, swap axes, reshape, cast, "
              "view as, field): %d %d %d %d %d %d %d %d",
              burstsPerKind[0], burstsPerKind[1], burstsPerKind[2], burstsPerKind[3],
              burstsPerKind[4], burstsPerKind[5], burstsPerKind[6], burstsPerKind[7]);
        qInfo("dialog monkey: %d bursts typed, %d left the dialog acceptable, %d refused with a "
              "message, %d step dialogs accepted",
              tally.bursts, tally.enabled, tally.refused, accepted);
        QVERIFY(tally.bursts > 300 && tally.refused > 50 && tally.enabled > 20);
    }
};

QTEST_MAIN(WindowMonkeyTest)
#include "window_monkey_test.moc"
