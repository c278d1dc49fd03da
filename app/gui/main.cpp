// SPDX-License-Identifier: GPL-3.0-or-later
// Entry point of the bufferscope window: parses the command line (Qt/GNU conventions),
// registers the image kind, opens the files given and shows the main window.
#include "controllers/live_controller.h"
#include "controllers/open_controller.h"
#include "image/image_opener.h"
#include "main_window.h"
#include "startup_probe.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("bufferscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("BufferScope"));
    QApplication::setOrganizationName(QStringLiteral("BufferScope"));
    QApplication::setApplicationVersion(QStringLiteral(BUFFERSCOPE_VERSION));
    // Lets desktop shells match the window to the installed desktop entry and its icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.bufferscope.BufferScope"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("bufferscope")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Explore PEP 3118 buffers: formats, strides, suboffsets, views and locks."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QStringLiteral("Files to open: .npy arrays and images."),
                                 QStringLiteral("[files...]"));
    // For the README's screenshot script: render the window once, save it, quit.
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a picture of the window to <file> and quit."),
                                  QStringLiteral("file"));
    parser.addOption(screenshot);
    // For tests/bench/startup_time.py: report when the first picture is painted, then quit.
    QCommandLineOption startupProbe(
        QStringLiteral("startup-probe"),
        QStringLiteral("Print the monotonic clock (ns) when the first picture is drawn, then quit."));
    parser.addOption(startupProbe);
    // Started by the Python module's bufferscope.show(): objects arrive over this socket.
    QCommandLineOption live(QStringLiteral("live"),
                            QStringLiteral("Show the live Python objects sent over the Unix "
                                           "socket <path> (bufferscope.show)."),
                            QStringLiteral("path"));
    parser.addOption(live);
    parser.process(app);

    bufferscope::registerImageOpener();
    bufferscope::MainWindow window;
    if (parser.isSet(startupProbe))
        bufferscope::installStartupProbe(&window);
    window.openController()->openFiles(parser.positionalArguments());
    if (parser.isSet(live))
        window.liveController()->connectTo(parser.value(live));
    window.show();
    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        QTimer::singleShot(1500, &window, [&window, path] {
            const bool saved = window.grab().save(path);
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}
