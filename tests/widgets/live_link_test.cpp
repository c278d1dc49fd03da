// SPDX-License-Identifier: GPL-3.0-or-later
// The window's side of bufferscope.show(), against a real Python process: /usr/bin/python3
// shows a _testbuffer ND_PIL array and a bytearray (the module waits for a window:
// BUFFERSCOPE_GUI=-) and this test is the window (LiveLink into a BufferTreeModel). The PIL
// array renders and its cells (heatmap readout and value table) equal tolist(); the bytearray
// is locked while shown, with CPython's text, and free once closed here; when the process
// ends, its objects are marked gone and every read says so.
#include "exporters/live/live_exporter.h"
#include "models/buffer_tree_model.h"
#include "models/current_buffer.h"
#include "models/live_link.h"
#include "models/render_fields.h"
#include "models/render_request.h"
#include "models/value_table_model.h"

#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace bufferscope;

namespace {

const char *kScript = R"(
import json, sys, bufferscope
from _testbuffer import ndarray, ND_PIL
nd = ndarray(list(range(-9, 15)), shape=[4, 6], format='i', flags=ND_PIL)
data = bytearray(b'0123456789')
bufferscope.show(nd, name='pil')
bufferscope.show(data, name='data', report=False)
print(json.dumps(nd.tolist()), flush=True)
for line in sys.stdin:
    try:
        data.extend(b'!')
        print('extended', flush=True)
    except BufferError as error:
        print('BufferError: %s' % error, flush=True)
)";

} // namespace

class LiveLinkTest : public QObject
{
    Q_OBJECT
private slots:
    void pythonObjectsInTheWindow();
};

void LiveLinkTest::pythonObjectsInTheWindow()
{
    QProcess python;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONPATH"), QStringLiteral(BUFFERSCOPE_BINARY_DIR "/app/python"));
    env.insert(QStringLiteral("BUFFERSCOPE_GUI"), QStringLiteral("-"));
#ifdef BUFFERSCOPE_PYTHON_PRELOAD
    env.insert(QStringLiteral("LD_PRELOAD"), QStringLiteral(BUFFERSCOPE_PYTHON_PRELOAD));
    env.insert(QStringLiteral("ASAN_OPTIONS"), QStringLiteral("detect_leaks=0:abort_on_error=1"));
#endif
    python.setProcessEnvironment(env);
    python.start(QStringLiteral(BUFFERSCOPE_PYTHON), {QStringLiteral("-c"), QString::fromUtf8(kScript)});
    QVERIFY(python.waitForStarted());
    python.setReadChannel(QProcess::StandardError);
    QString socketPath;
    QByteArray err;
    const QRegularExpression waiting(QStringLiteral("bufferscope --live (\\S+)"));
    while (socketPath.isEmpty()) {
        QVERIFY2(python.waitForReadyRead(30000) || python.state() == QProcess::Running, err.constData());
        err += python.readAll();
        const auto match = waiting.match(QString::fromUtf8(err));
        if (match.hasMatch())
            socketPath = match.captured(1);
    }

    BufferTreeModel model;
    LiveLink link(&model);
    QSignalSpy shown(&link, &LiveLink::shown);
    QSignalSpy ended(&link, &LiveLink::ended);
    link.connectTo(socketPath);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 30000);
    QCOMPARE(link.pid(), python.processId());

    python.setReadChannel(QProcess::StandardOutput);
    QTRY_VERIFY_WITH_TIMEOUT(python.canReadLine(), 30000);
    const QJsonArray rows = QJsonDocument::fromJson(python.readLine()).array();
    QCOMPARE(rows.size(), 4);

    // The PIL-style array: its descriptor has suboffsets, its cells read through the pointers.
    const QModelIndex pil = shown.at(0).at(0).value<QModelIndex>();
    auto *live = dynamic_cast<LiveExporter *>(model.exporter(pil));
    QVERIFY(live);
    QVERIFY(live->descriptor().hasSuboffsets());
    QCOMPARE(live->object().name, std::string("pil"));
    QVERIFY(live->object().report.is_object()); // check() ran and was sent
    QCOMPARE(model.data(pil.siblingAtColumn(BufferTreeModel::ShapeColumn)).toString(),
             QStringLiteral("(4, 6)"));
    auto source = renderSource(live->descriptor(), {}, live->reader());
    QVERIFY(source.ok());
    RenderRequest request;
    request.plane = defaultPlaneKey(*source);
    request.limit = {64, 64};
    const RenderResult result = renderNow(request, nullptr);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.image.size(), QSize(6, 4));
    QCOMPARE(result.plane->statistics.min, -9.0);
    QCOMPARE(result.plane->statistics.max, 14.0);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 6; ++c) {
            auto value = planeCellValue(request.plane, 0, r, c);
            QVERIFY(value.ok());
            QCOMPARE(double(*value), rows.at(r).toArray().at(c).toDouble());
        }
    CurrentBuffer current(&model);
    current.setIndex(pil);
    ValueTableModel table(&current);
    table.refresh();
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 6; ++c)
            QCOMPARE(table.data(table.index(r, c)).toString(),
                     QString::number(rows.at(r).toArray().at(c).toInt()));

    // The bytearray is locked while the window holds it, with CPython's own words.
    const QModelIndex data = shown.at(1).at(0).value<QModelIndex>();
    // Writable in Python, but the window reads copies of it: its cells take no text.
    current.setIndex(data);
    table.refresh();
    QVERIFY(!(table.flags(table.index(0, 0)) & Qt::ItemIsEditable));
    QCOMPARE(table.editRefusal(table.index(0, 0)),
             QStringLiteral("value: values read on demand cannot be written"));
    python.write("extend\n");
    QTRY_VERIFY_WITH_TIMEOUT(python.canReadLine(), 30000);
    QCOMPARE(python.readLine().trimmed(),
             QByteArray("BufferError: Existing exports of data: object cannot be re-sized"));
    QVERIFY(model.remove(data).ok()); // closing it sends "release"
    // Python's listener thread gives the export back when the message arrives: ask until then.
    QByteArray answer;
    for (int attempt = 0; attempt < 500 && answer != "extended"; ++attempt) {
        python.write("extend\n");
        QTRY_VERIFY_WITH_TIMEOUT(python.canReadLine(), 30000);
        answer = python.readLine().trimmed();
        if (answer != "extended")
            QTest::qWait(10);
    }
    QCOMPARE(answer, QByteArray("extended"));

    // The process ends: its object stays, marked gone; reads say why.
    const qint64 pid = python.processId();
    python.closeWriteChannel();
    QVERIFY(python.waitForFinished(30000));
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 30000);
    QVERIFY(live->isGone());
    const QString gone = QStringLiteral("live: process %1 has ended").arg(pid);
    QCOMPARE(QString::fromStdString(live->checkData().error().message), gone);
    QCOMPARE(model.data(pil, Qt::ToolTipRole).toString(), gone);
    QVERIFY(model.data(pil, Qt::FontRole).value<QFont>().italic());
    const RenderResult after = renderNow(request, nullptr);
    QCOMPARE(after.error, gone);
}

QTEST_MAIN(LiveLinkTest)
#include "live_link_test.moc"
