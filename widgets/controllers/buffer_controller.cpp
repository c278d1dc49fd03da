// SPDX-License-Identifier: GPL-3.0-or-later
// BufferController: asks for sizes and shapes, then forwards to BufferHistory.
#include "controllers/buffer_controller.h"

#include "descriptors/view_descriptor.h"
#include "exporters/memory/memory_exporter.h"
#include "exporters/raw/raw_options.h"
#include "models/current_buffer.h"
#include "models/undo_commands.h"

#include <QAction>
#include <QInputDialog>
#include <QMenu>

namespace bufferscope {

BufferController::BufferController(CurrentBuffer *current, QObject *parent)
    : QObject(parent), m_current(current), m_history(BufferHistory::of(current->model())),
      m_remove(new QAction(tr("&Release View"), this)),
      m_resize(new QAction(tr("Re&size Memory Buffer…"), this)),
      m_reshape(new QAction(tr("Res&hape Exporter…"), this))
{
    m_remove->setShortcut(QKeySequence::Delete);
    m_remove->setShortcutContext(Qt::WindowShortcut);
    connect(m_remove, &QAction::triggered, this, [this] { (void)removeCurrent(); });
    connect(m_resize, &QAction::triggered, this, &BufferController::askResize);
    connect(m_reshape, &QAction::triggered, this, &BufferController::askReshape);
    connect(m_current, &CurrentBuffer::changed, this, &BufferController::currentChanged);
    currentChanged();
}

void BufferController::addActions(QMenu *menu)
{
    menu->addAction(m_remove);
    menu->addAction(m_resize);
    menu->addAction(m_reshape);
}

void BufferController::currentChanged()
{
    const QModelIndex index = m_current->index();
    BufferTreeModel *model = m_current->model();
    const bool isView = model->view(index) != nullptr;
    const bool isMemory = dynamic_cast<MemoryExporter *>(model->exporter(index)) != nullptr;
    m_remove->setText(isView || !index.isValid() ? tr("&Release View") : tr("&Close Exporter"));
    m_remove->setEnabled(index.isValid());
    m_resize->setEnabled(isMemory);
    m_reshape->setEnabled(isMemory);
}

Status BufferController::report(Status status, const QString &done)
{
    emit message(status ? done : QString::fromStdString(status.error().message));
    if (!status) {
        // Each child view holds one export on its parent: those are what the user must
        // release first (an export held by a render in progress ends by itself).
        const QModelIndex index = m_current->index();
        QList<QPersistentModelIndex> holders;
        for (int row = 0; row < m_current->model()->rowCount(index); ++row)
            holders << QPersistentModelIndex(m_current->model()->index(row, 0, index));
        emit refused(QString::fromStdString(status.error().message), holders);
    }
    currentChanged();
    return status;
}

Status BufferController::removeCurrent()
{
    const QModelIndex index = m_current->index();
    const QString name = index.data().toString();
    const bool isView = m_current->model()->view(index) != nullptr;
    return report(m_history->remove(index),
                  isView ? tr("Released view %1").arg(name) : tr("Closed %1").arg(name));
}

Status BufferController::resizeCurrent(ByteOffset nbytes)
{
    return report(m_history->resize(m_current->index(), nbytes),
                  tr("Resized to %1 bytes").arg(nbytes));
}

Status BufferController::reshapeCurrent(std::vector<std::int64_t> shape)
{
    const QString text = QString::fromStdString(tupleText(shape));
    return report(m_history->reshape(m_current->index(), std::move(shape)),
                  tr("Reshaped to %1").arg(text));
}

void BufferController::askResize()
{
    BufferSource *source = m_current->source();
    if (!source)
        return;
    bool ok = false;
    const qint64 size = QInputDialog::getInt(
        nullptr, tr("Resize memory buffer"),
        tr("New size in bytes (a multiple of the itemsize %1):").arg(source->descriptor().itemsize),
        static_cast<int>(std::min<ByteOffset>(source->descriptor().len, INT_MAX)), 0, INT_MAX,
        static_cast<int>(source->descriptor().itemsize), &ok);
    if (ok)
        (void)resizeCurrent(size);
}

void BufferController::askReshape()
{
    BufferSource *source = m_current->source();
    if (!source)
        return;
    bool ok = false;
    const QString text = QInputDialog::getText(
        nullptr, tr("Reshape exporter"), tr("New shape (the same number of items):"),
        QLineEdit::Normal, QString::fromStdString(tupleText(source->descriptor().shape)), &ok);
    if (!ok)
        return;
    // One grammar for shapes everywhere: the raw-options parser reads it.
    auto options = parseRawOptions(source->descriptor().format, text.toStdString(), "", "");
    if (!options) {
        emit message(QString::fromStdString(options.error().message));
        return;
    }
    (void)reshapeCurrent(options->shape);
}

} // namespace bufferscope
