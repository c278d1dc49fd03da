// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the tests that drive the real main window: answering a modal dialog the window
// opens (exec() blocks, so the answer runs from a timer inside the dialog's event loop),
// finding a menu action by its text, waiting for the render panel, saving screenshots
// when BUFFERSCOPE_SHOTS names a directory.
#pragma once

#include "main_window.h"
#include "views/render_panel.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QMenuBar>
#include <QPointer>
#include <QTest>
#include <QTimer>

#include <functional>

namespace bufferscope::testing {

inline const QString kSamples = QStringLiteral(BUFFERSCOPE_SOURCE_DIR "/resources/samples/");

// Runs `answer` on the first modal dialog of type D that opens (polling every 10 ms for at
// most 10 s); `answer` accepts or rejects it. Returns a flag set once it ran.
template<class D>
std::shared_ptr<bool> answerModal(std::function<void(D *)> answer)
{
    auto ran = std::make_shared<bool>(false);
    // Parented to the application: a dialog that never comes (the case under test) must not
    // leave the timer behind at exit.
    auto *timer = new QTimer(qApp);
    auto started = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer, ran, started] {
        if (auto *dialog = qobject_cast<D *>(QApplication::activeModalWidget())) {
            timer->stop();
            timer->deleteLater();
            *ran = true;
            answer(dialog);
        } else if (++*started > 1000) {
            timer->stop();
            timer->deleteLater();
        }
    });
    timer->start(10);
    return ran;
}

inline QAction *menuAction(QMainWindow &window, const QString &text)
{
    for (QAction *menu : window.menuBar()->actions())
        if (menu->menu())
            for (QAction *action : menu->menu()->actions())
                if (action->text() == text)
                    return action;
    return nullptr;
}

inline bool renderIdle(const QMainWindow &window)
{
    auto *render = window.findChild<RenderPanel *>();
    return QTest::qWaitFor([render] { return !render->isRendering(); }, 20000);
}

// Saves what `widget` shows when BUFFERSCOPE_SHOTS is set (the screenshots a person checks).
inline void shoot(QWidget *widget, const QString &name)
{
    const QByteArray dir = qgetenv("BUFFERSCOPE_SHOTS");
    if (!dir.isEmpty())
        widget->grab().save(QDir(QString::fromLocal8Bit(dir)).filePath(name + ".png"));
}

} // namespace bufferscope::testing
