// SPDX-License-Identifier: GPL-3.0-or-later
// liveObjectRows: the module's report (report.py as_dict) as inspector rows.
#include "models/live_rows.h"

#include "exporters/live/live_exporter.h"

#include <QStringList>

namespace bufferscope {

namespace {

QString text(const nlohmann::json &value)
{
    return value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString();
}

// "rule: message (FULL_RO, STRIDED_RO)" for each broken rule, from the per-request results.
std::vector<LiveRow> brokenRules(const nlohmann::json &report)
{
    std::vector<LiveRow> rows;
    const auto broken = report.find("broken");
    if (broken == report.end() || !broken->is_array())
        return rows;
    for (const auto &rule : *broken) {
        const QString id = text(rule);
        QString message;
        QStringList requests;
        for (const auto &request : report.value("requests", nlohmann::json::array())) {
            for (const auto &result : request.value("rules", nlohmann::json::array())) {
                if (text(result.value("rule", nlohmann::json())) != id ||
                    text(result.value("outcome", nlohmann::json())) != QLatin1String("fail"))
                    continue;
                message = text(result.value("message", nlohmann::json()));
                requests << text(request.value("request", nlohmann::json()));
            }
        }
        // Most broken rules break under every request: name the requests only when few.
        const QString where = requests.size() <= 3
                                  ? requests.join(QStringLiteral(", "))
                                  : QStringLiteral("%1 requests").arg(requests.size());
        rows.push_back({QStringLiteral("broken rule"),
                        id + QStringLiteral(": ") + message + QStringLiteral(" (%1)").arg(where),
                        true});
    }
    return rows;
}

QString processText(const LiveExporter &exporter)
{
    const std::int64_t pid = exporter.object().pid;
    if (exporter.isGone())
        return QStringLiteral("%1 (ended)").arg(pid);
    if (exporter.isStale())
        return QStringLiteral("%1 (running: stale until it stops)").arg(pid);
    return QString::number(pid);
}

} // namespace

std::vector<LiveRow> liveObjectRows(const LiveExporter &exporter)
{
    const LiveObject &o = exporter.object();
    std::vector<LiveRow> rows;
    if (o.kind == "debugger") {
        rows.push_back({QStringLiteral("program"), QString::fromStdString(o.program)});
        rows.push_back({QStringLiteral("process"), processText(exporter), exporter.isStale()});
        rows.push_back({QStringLiteral("expression"), QString::fromStdString(o.expression)});
        // `show` describes memory by hand: there is no Py_buffer to judge.
        if (!o.report.is_object())
            return rows;
    } else {
        rows.push_back({QStringLiteral("type"), QString::fromStdString(o.pythonType)});
        rows.push_back({QStringLiteral("process"), processText(exporter)});
        rows.push_back({QStringLiteral("repr"), QString::fromStdString(o.repr)});
        rows.push_back({QStringLiteral("granted"), QStringLiteral("%1 (0x%2)")
                                                       .arg(QString::fromStdString(o.granted))
                                                       .arg(o.flags, 0, 16)});
    }
    if (!o.report.is_object()) {
        rows.push_back({QStringLiteral("conformance"), QStringLiteral("not checked")});
        return rows;
    }
    const bool ok = o.report.value("ok", false);
    const auto warnings = o.report.value("warnings", nlohmann::json::array());
    rows.push_back({QStringLiteral("conformance"),
                    ok ? (warnings.empty() ? QStringLiteral("every rule holds")
                                           : QStringLiteral("every rule holds; %1 warnings")
                                                 .arg(warnings.size()))
                       : QStringLiteral("%1 rules broken").arg(o.report.value("broken", nlohmann::json::array()).size()),
                    !ok});
    for (LiveRow &row : brokenRules(o.report))
        rows.push_back(std::move(row));
    return rows;
}

} // namespace bufferscope
