// SPDX-License-Identifier: GPL-3.0-or-later
// CreateController: dialogs in, exporters into the tree.
#include "controllers/create_controller.h"

#include "descriptors/view_descriptor.h"
#include "exporters/memory/memory_exporter.h"
#include "exporters/raw/raw_file_exporter.h"
#include "format/numpy_typestr.h"
#include "models/buffer_tree_model.h"
#include "views/memory_dialog.h"
#include "views/raw_dialog.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>

namespace bufferscope {

CreateController::CreateController(BufferTreeModel *model, QObject *parent)
    : QObject(parent), m_model(model)
{
}

void CreateController::addActions(QMenu *menu)
{
    menu->addAction(tr("Open &Raw…"), this, [this] { chooseRaw(); });
    menu->addAction(tr("&New Memory Buffer…"), this, &CreateController::chooseMemory);
}

Result<QModelIndex> CreateController::report(Result<QModelIndex> result, const QString &done)
{
    emit message(result ? done : QString::fromStdString(result.error().message));
    return result;
}

Result<QModelIndex> CreateController::openRaw(const QString &path, const RawOptions &options)
{
    auto exporter = RawFileExporter::open(path.toStdString(), options);
    if (!exporter)
        return report(exporter.error(), {});
    const QString name = QFileInfo(path).fileName();
    return report(m_model->addExporter(std::move(exporter).value(), name),
                  tr("Opened %1 as raw data").arg(name));
}

Result<QModelIndex> CreateController::newMemory(const QString &format,
                                                const std::vector<std::int64_t> &shape)
{
    auto type = formatFromTypeText(format.toStdString()); // '<f4' as NumPy writes it, or 'f'
    if (!type)
        return report(type.error(), {});
    auto memory = MemoryExporter::create(*type, shape);
    if (!memory)
        return report(memory.error(), {});
    const QString name =
        tr("memory %1 %2").arg(++m_memoryCount).arg(QString::fromStdString(tupleText(shape)));
    return report(m_model->addExporter(std::move(memory).value(), name),
                  tr("Created %1").arg(name));
}

void CreateController::chooseRaw(const QString &path)
{
    QString file = path;
    if (file.isEmpty())
        file = QFileDialog::getOpenFileName(nullptr, tr("Open raw file"), QString(),
                                            tr("All files (*)"));
    if (file.isEmpty())
        return;
    RawDialog dialog(file);
    if (dialog.exec() != QDialog::Accepted || !dialog.preview().ok)
        return;
    (void)openRaw(file, dialog.preview().options);
}

void CreateController::chooseMemory()
{
    MemoryDialog dialog;
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto memory = dialog.create();
    if (!memory) {
        emit message(QString::fromStdString(memory.error().message));
        return;
    }
    const std::vector<std::int64_t> shape = (*memory)->descriptor().shape;
    const QString name =
        tr("memory %1 %2").arg(++m_memoryCount).arg(QString::fromStdString(tupleText(shape)));
    (void)report(m_model->addExporter(std::move(memory).value(), name), tr("Created %1").arg(name));
}

} // namespace bufferscope
