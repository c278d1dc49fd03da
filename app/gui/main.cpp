// SPDX-License-Identifier: GPL-3.0-or-later
// Entry point of the bufferscope window. Until the explorer panels exist this opens an empty
// main window titled with the file given on the command line.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLabel>
#include <QMainWindow>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("BufferScope"));
    QApplication::setApplicationVersion(QStringLiteral(BUFFERSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore PEP 3118 buffers and their views."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Files to open."),
                                 QStringLiteral("[files...]"));
    parser.process(app);

    QMainWindow window;
    const QStringList files = parser.positionalArguments();
    window.setWindowTitle(files.isEmpty() ? QStringLiteral("BufferScope")
                                          : QStringLiteral("BufferScope — %1")
                                                .arg(QFileInfo(files.first()).fileName()));
    window.setCentralWidget(new QLabel(QStringLiteral("BufferScope"), &window));
    window.resize(1200, 800);
    window.show();
    return app.exec();
}
