// SPDX-License-Identifier: GPL-3.0-or-later
// confirmLargeRead: readCost, then a question box only when the read is large.
#include "views/read_cost_dialog.h"

#include "exporters/buffer_source.h"
#include "exporters/chunked/chunked_exporter.h"

#include <QAbstractButton>
#include <QLocale>
#include <QMessageBox>

namespace bufferscope {

std::optional<ReadCost> chunkedReadCost(const BufferSource &source)
{
    const auto *chunked = dynamic_cast<const ChunkedExporter *>(&source.rootExporter());
    if (!chunked)
        return std::nullopt;
    auto cost = readCost(*chunked, source.descriptor());
    if (!cost)
        return std::nullopt; // the read itself will say what is wrong
    return *cost;
}

QString readCostMessage(const ReadCost &cost, const QString &action)
{
    const QLocale locale;
    auto size = [&](std::uint64_t bytes) {
        return locale.formattedDataSize(qint64(bytes), 2, QLocale::DataSizeTraditionalFormat);
    };
    QString text = QObject::tr("%1 reads %2 chunks of the array")
                       .arg(action, locale.toString(qulonglong(cost.chunks)));
    text += QObject::tr(" (%1 cached, %2 absent).").arg(cost.cached).arg(cost.absent);
    text += QStringLiteral("\n\n");
    text += QObject::tr("Stored bytes to fetch: %1%2\nDecoded size: %3\nThe view's own size: %4")
                .arg(cost.storedBytesEstimated ? QObject::tr("about ") : QString(),
                     size(cost.storedBytes), size(cost.decodedBytes), size(cost.viewBytes));
    return text;
}

bool confirmLargeRead(QWidget *parent, const BufferSource &source, const QString &action)
{
    const auto cost = chunkedReadCost(source);
    if (!cost || !isLargeRead(*cost))
        return true;
    QMessageBox box(QMessageBox::Question, QObject::tr("Large read"),
                    readCostMessage(*cost, action), QMessageBox::Ok | QMessageBox::Cancel, parent);
    box.setObjectName(QStringLiteral("readCostDialog"));
    box.button(QMessageBox::Ok)->setText(QObject::tr("Read"));
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Ok;
}

} // namespace bufferscope
