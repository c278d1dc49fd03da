// SPDX-License-Identifier: GPL-3.0-or-later
// The live protocol's "show" as gdb's bufferscope show sends it (kind "debugger", the
// program's pid, program, expression) and its refusals word for word; a debugger exporter's
// source; and staleness: while the program runs (markStale) every read and checkData are
// refused with the same text, and after markStopped the bytes are read again, not served
// from the copy fetched before.
#include "buffer/fetch.h"
#include "exporters/live/live_protocol.h"

#include <QTest>

#include <unistd.h>

#include <array>
#include <cstring>

using namespace bufferscope;

class LiveProtocolTest : public QObject
{
    Q_OBJECT
private slots:
    void debuggerShow();
    void refusals_data();
    void refusals();
    void staleWhileRunning();
};

namespace {

nlohmann::json debuggerShowMessage(std::uintptr_t address)
{
    return nlohmann::json{{"op", "show"},
                          {"id", 2u},
                          {"kind", "debugger"},
                          {"pid", ::getpid()},
                          {"program", "/tmp/rgb"},
                          {"expression", "img.data"},
                          {"name", "rgb"},
                          {"buffer",
                           {{"address", address},
                            {"len", 12},
                            {"itemsize", 1},
                            {"format", "B"},
                            {"readonly", true},
                            {"shape", {3, 4}},
                            {"strides", {4, 1}}}}};
}

} // namespace

void LiveProtocolTest::debuggerShow()
{
    auto show = parseLiveShow(debuggerShowMessage(4096), 777); // the message's pid wins
    QVERIFY(show);
    QCOMPARE(show->object.kind, std::string("debugger"));
    QCOMPARE(show->object.pid, std::int64_t(::getpid()));
    QCOMPARE(show->object.expression, std::string("img.data"));
    auto exporter = LiveExporter::create(show->object, show->descriptor,
                                         std::make_shared<ProcessMemoryReader>(::getpid()));
    QVERIFY(exporter);
    const SourceInfo source = (*exporter)->source();
    QCOMPARE(source.kind, std::string("debugger"));
    QCOMPARE(source.options["program"].get<std::string>(), std::string("/tmp/rgb"));
    QCOMPARE(source.options["expression"].get<std::string>(), std::string("img.data"));
    QCOMPARE(source.options["pid"].get<std::int64_t>(), std::int64_t(::getpid()));

    auto plain = parseLiveShow(
        nlohmann::json{{"op", "show"}, {"id", 1u}, {"buffer", debuggerShowMessage(1)["buffer"]}},
        42);
    QVERIFY(plain);
    QCOMPARE(plain->object.kind, std::string("live")); // what bufferscope.show() sends
    QCOMPARE(plain->object.pid, std::int64_t(42));     // hello's pid
}

void LiveProtocolTest::refusals_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("kind") << "kind"
                          << R"("gdb")"
                          << R"(live: field 'kind' must be "live" or "debugger")";
    QTest::newRow("kind number") << "kind"
                                 << "3"
                                 << "live: field 'kind' must be a string";
    QTest::newRow("pid zero") << "pid"
                              << "0"
                              << "live: field 'pid' must be a positive integer";
    QTest::newRow("pid text") << "pid"
                              << R"("12")"
                              << "live: field 'pid' must be a positive integer";
    QTest::newRow("program") << "program"
                             << "[]"
                             << "live: field 'program' must be a string";
    QTest::newRow("expression") << "expression"
                                << "{}"
                                << "live: field 'expression' must be a string";
}

void LiveProtocolTest::refusals()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, message);
    nlohmann::json show = debuggerShowMessage(4096);
    show[field.toStdString()] = nlohmann::json::parse(value.toStdString());
    auto parsed = parseLiveShow(show, 1);
    QVERIFY(!parsed);
    QCOMPARE(QString::fromStdString(parsed.error().message), message);
}

void LiveProtocolTest::staleWhileRunning()
{
    // "The program" is this process: the bytes below, read with process_vm_readv.
    std::array<std::uint8_t, 12> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = std::uint8_t(i);
    auto show =
        parseLiveShow(debuggerShowMessage(reinterpret_cast<std::uintptr_t>(bytes.data())), 1);
    QVERIFY(show);
    auto created = LiveExporter::create(show->object, show->descriptor,
                                        std::make_shared<ProcessMemoryReader>(::getpid()));
    QVERIFY(created);
    LiveExporter &exporter = **created;
    auto first = fetchLocal(exporter.descriptor(), *exporter.reader());
    QVERIFY2(first, first ? "" : first.error().message.c_str());
    QCOMPARE(std::to_integer<int>((*first)->descriptor.buf[5]), 5);

    exporter.markStale();
    const std::string running = "debugger: process " + std::to_string(::getpid()) +
                                " is running; its bytes are read again when it stops";
    QVERIFY(exporter.isStale());
    QVERIFY(!exporter.checkData());
    QCOMPARE(exporter.checkData().error().message, running);
    auto refused = fetchLocal(exporter.descriptor(), *exporter.reader());
    QVERIFY(!refused);
    QCOMPARE(refused.error().message, running);

    bytes[5] = 200; // the program wrote while it ran
    exporter.markStopped();
    QVERIFY(exporter.checkData());
    auto again = fetchLocal(exporter.descriptor(), *exporter.reader());
    QVERIFY(again);
    QCOMPARE(std::to_integer<int>((*again)->descriptor.buf[5]), 200);
}

QTEST_GUILESS_MAIN(LiveProtocolTest)
#include "live_protocol_test.moc"
