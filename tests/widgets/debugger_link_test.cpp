// SPDX-License-Identifier: GPL-3.0-or-later
// The window's side of gdb's bufferscope commands, without gdb: this test is the peer (a
// QLocalServer speaking live_protocol.h as gdb_commands.py does) and "the stopped program" is
// this process's own memory. A debugger show becomes an exporter of kind debugger reading the
// pid it names; "stale" turns its rows italic and refuses reads with the exact text; "refresh"
// reads the bytes again (what the program wrote meanwhile shows); a show that "replaces" an
// object gets the old one's views (nested) and the old one is closed. Runs in the sanitizer
// build, where the gdb-driven tests (tests/gdb) cannot.
#include "exporters/live/live_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/live_link.h"
#include "views/view.h"

#include "exporters/source_bytes.h"

#include <QFont>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <array>

using namespace bufferscope;

class DebuggerLinkTest : public QObject
{
    Q_OBJECT
private slots:
    void staleRefreshAndFollow();
};

namespace {

nlohmann::json showMessage(std::uint64_t id, const void *address, std::int64_t rows,
                           std::int64_t columns)
{
    return {{"op", "show"},
            {"id", id},
            {"kind", "debugger"},
            {"pid", ::getpid()},
            {"program", "/tmp/loop"},
            {"expression", "frame"},
            {"name", "frame"},
            {"buffer",
             {{"address", reinterpret_cast<std::uintptr_t>(address)},
              {"len", rows * columns},
              {"itemsize", 1},
              {"format", "B"},
              {"readonly", true},
              {"shape", {rows, columns}},
              {"strides", {columns, 1}}}},
            {"report", nullptr}};
}

void send(QLocalSocket *peer, const nlohmann::json &message)
{
    peer->write(QByteArray::fromStdString(message.dump() + "\n"));
    peer->flush();
}

QByteArray bytesOf(const BufferSource &source)
{
    auto bytes = sourceBytes(source, Order::C);
    if (!bytes)
        return QByteArray::fromStdString("error: " + bytes.error().message);
    return QByteArray(reinterpret_cast<const char *>(bytes->data()), qsizetype(bytes->size()));
}

// Rows 0 and 2 of a (3, 4) byte array: what the view [::2] holds.
QByteArray everyOtherRow(const std::array<std::uint8_t, 12> &bytes)
{
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), 4) +
           QByteArray(reinterpret_cast<const char *>(bytes.data()) + 8, 4);
}

} // namespace

void DebuggerLinkTest::staleRefreshAndFollow()
{
    QTemporaryDir dir;
    QLocalServer server;
    QVERIFY(server.listen(dir.filePath(QStringLiteral("live.sock"))));
    BufferTreeModel model;
    LiveLink link(&model);
    QSignalSpy shown(&link, &LiveLink::shown);
    QSignalSpy stale(&link, &LiveLink::staleChanged);
    link.connectTo(server.fullServerName());
    QVERIFY(server.waitForNewConnection(10000));
    QLocalSocket *peer = server.nextPendingConnection();
    send(peer, {{"op", "hello"}, {"pid", 1}, {"version", 1}}); // gdb's pid, not the program's

    std::array<std::uint8_t, 12> first{}, second{};
    for (std::size_t i = 0; i < first.size(); ++i) {
        first[i] = std::uint8_t(i);
        second[i] = std::uint8_t(100 + i);
    }
    send(peer, showMessage(1, first.data(), 3, 4));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);
    const QPersistentModelIndex exporterIndex(shown.at(0).at(0).value<QModelIndex>());
    auto *exporter = dynamic_cast<LiveExporter *>(model.exporter(exporterIndex));
    QVERIFY(exporter);
    QCOMPARE(exporter->source().kind, std::string("debugger"));
    QCOMPARE(exporter->object().pid, std::int64_t(::getpid()));
    QCOMPARE(bytesOf(*exporter), QByteArray(reinterpret_cast<const char *>(first.data()), 12));
    auto view = model.createView(exporterIndex, QStringLiteral("[::2]"));
    QVERIFY(view);
    QVERIFY(model.createView(*view, QStringLiteral(".T")));

    // The program continues: reads are refused, the rows say why in italics.
    send(peer, {{"op", "stale"}});
    QTRY_COMPARE_WITH_TIMEOUT(stale.count(), 1, 10000);
    QCOMPARE(stale.at(0).at(0).toBool(), true);
    const QString running = QStringLiteral("debugger: process %1 is running; its bytes are read "
                                           "again when it stops")
                                .arg(::getpid());
    QCOMPARE(model.data(exporterIndex, Qt::ToolTipRole).toString(), running);
    QVERIFY(model.data(*view, Qt::FontRole).value<QFont>().italic());
    QCOMPARE(QString::fromUtf8(bytesOf(*model.source(*view))), QStringLiteral("error: ") + running);

    // It stops again, having written: the new bytes are read, not the copy fetched before.
    first[4] = 250;
    send(peer, {{"op", "refresh"}});
    QTRY_COMPARE_WITH_TIMEOUT(stale.count(), 2, 10000);
    QVERIFY(!model.data(exporterIndex, Qt::FontRole).value<QFont>().italic());
    QCOMPARE(bytesOf(*model.source(*view)), everyOtherRow(first));

    // --follow: the expression points elsewhere at this stop. The new object gets the same
    // views, nested; the old one and its views are closed.
    send(peer, [&] {
        auto message = showMessage(2, second.data(), 3, 4);
        message["replaces"] = 1;
        return message;
    }());
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!exporterIndex.isValid(), 10000);
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex moved = model.index(0, 0);
    QCOMPARE(model.rowCount(moved), 1);
    const QModelIndex movedView = model.index(0, 0, moved);
    QCOMPARE(model.data(movedView, BufferTreeModel::FullExpressionRole).toString(),
             QStringLiteral("[::2]"));
    QCOMPARE(model.rowCount(movedView), 1);
    QCOMPARE(
        model.data(model.index(0, 0, movedView), BufferTreeModel::FullExpressionRole).toString(),
        QStringLiteral("[::2].T"));
    QCOMPARE(bytesOf(*model.source(movedView)), everyOtherRow(second));
}

QTEST_MAIN(DebuggerLinkTest)
#include "debugger_link_test.moc"
