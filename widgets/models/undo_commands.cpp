// SPDX-License-Identifier: GPL-3.0-or-later
// The undoable tree changes and the history that runs them (see undo_commands.h).
#include "models/undo_commands.h"

#include "exporters/memory/memory_exporter.h"
#include "exporters/open_source.h"
#include "models/buffer_tree_model.h"
#include "views/view.h"

#include <QAction>

#include <algorithm>
#include <cstring>

namespace bufferscope {

int NodeIds::idOf(const QModelIndex &index)
{
    const QModelIndex row = index.siblingAtColumn(0);
    for (const auto &[id, known] : m_rows) {
        if (known.isValid() && known == row)
            return id;
    }
    const int id = newId();
    m_rows[id] = row;
    return id;
}

int NodeIds::newId()
{
    const int id = m_next++;
    m_rows[id] = QPersistentModelIndex();
    return id;
}

QModelIndex NodeIds::indexOf(int id) const
{
    const auto it = m_rows.find(id);
    return it == m_rows.end() ? QModelIndex() : QModelIndex(it->second);
}

void NodeIds::rebind(int id, const QModelIndex &index)
{
    m_rows[id] = index.siblingAtColumn(0);
}

void BufferCommand::undo()
{
    if (std::exchange(m_skip, false))
        return;
    (void)apply(false);
}

void BufferCommand::redo()
{
    if (std::exchange(m_skip, false))
        return;
    (void)apply(true);
}

namespace {

Error goneError()
{
    return makeError(ErrorCategory::Value, "undo: the buffer is no longer in the tree");
}

// Create a view (forward) or release it (backward); a release command is the same pair
// the other way round.
class ViewCommand : public BufferCommand
{
public:
    ViewCommand(BufferHistory *history, int parentId, int viewId, QString expression, bool create)
        : BufferCommand((create ? QObject::tr("Create view %1") : QObject::tr("Release view %1"))
                            .arg(expression)),
          m_history(history), m_parentId(parentId), m_viewId(viewId),
          m_expression(std::move(expression)), m_create(create)
    {
    }

    Status apply(bool forward) override { return forward == m_create ? make() : release(); }

private:
    Status make()
    {
        const QModelIndex parent = m_history->ids().indexOf(m_parentId);
        if (!parent.isValid())
            return goneError();
        auto index = m_history->model()->createView(parent, m_expression);
        if (!index)
            return index.error();
        m_history->ids().rebind(m_viewId, *index);
        return {};
    }
    Status release()
    {
        const QModelIndex index = m_history->ids().indexOf(m_viewId);
        if (!index.isValid())
            return goneError();
        return m_history->model()->remove(index);
    }

    BufferHistory *m_history;
    int m_parentId;
    int m_viewId;
    QString m_expression;
    bool m_create;
};

// Close an exporter; undo reopens a file from its SourceInfo, or rebuilds a memory buffer
// from the bytes kept at closing time (it has no file to read them back from).
class CloseExporterCommand : public BufferCommand
{
public:
    CloseExporterCommand(BufferHistory *history, int id, QString name)
        : BufferCommand(QObject::tr("Close %1").arg(name)), m_history(history), m_id(id),
          m_name(std::move(name))
    {
    }

    Status apply(bool forward) override
    {
        if (forward) {
            const QModelIndex index = m_history->ids().indexOf(m_id);
            Exporter *exporter = m_history->model()->exporter(index);
            if (!exporter)
                return goneError();
            SourceInfo info = exporter->source();
            std::vector<std::byte> bytes;
            Descriptor descriptor = exporter->descriptor();
            if (info.kind == "memory") {
                auto data = exporter->data();
                bytes.assign(data.begin(), data.end());
            }
            if (Status status = m_history->model()->remove(index); !status)
                return status;
            m_info = std::move(info);
            m_bytes = std::move(bytes);
            m_format = descriptor.format;
            m_shape = descriptor.shape;
            m_readonly = descriptor.readonly;
            return {};
        }
        auto exporter = reopen();
        if (!exporter)
            return exporter.error();
        m_history->ids().rebind(
            m_id, m_history->model()->addExporter(std::move(exporter).value(), m_name));
        return {};
    }

private:
    Result<std::unique_ptr<Exporter>> reopen() const
    {
        if (m_info.kind != "memory")
            return openSource(m_info);
        auto memory = MemoryExporter::create(m_format, m_shape);
        if (!memory)
            return memory.error();
        auto data = (*memory)->data();
        std::copy_n(m_bytes.begin(), std::min(m_bytes.size(), data.size()), data.begin());
        (*memory)->setReadonly(m_readonly);
        return std::unique_ptr<Exporter>(std::move(memory).value());
    }

    BufferHistory *m_history;
    int m_id;
    QString m_name;
    SourceInfo m_info;
    std::vector<std::byte> m_bytes;
    std::string m_format;
    std::vector<std::int64_t> m_shape;
    bool m_readonly = false;
};

// Resize (with a new size) or reshape (with a new shape) a memory buffer; undo restores the
// old size, the bytes a shrink cut off, and the old layout.
class MemoryLayoutCommand : public BufferCommand
{
public:
    MemoryLayoutCommand(BufferHistory *history, int id, std::optional<ByteOffset> nbytes,
                        std::vector<std::int64_t> shape)
        : BufferCommand(nbytes ? QObject::tr("Resize to %1 bytes").arg(*nbytes)
                               : QObject::tr("Reshape")),
          m_history(history), m_id(id), m_nbytes(nbytes), m_shape(std::move(shape))
    {
    }

    Status apply(bool forward) override
    {
        const QModelIndex index = m_history->ids().indexOf(m_id);
        auto *memory = dynamic_cast<MemoryExporter *>(m_history->model()->exporter(index));
        if (!memory)
            return goneError();
        Status status = forward ? change(*memory) : restore(*memory);
        if (status)
            m_history->model()->metadataChanged(index);
        return status;
    }

private:
    Status change(MemoryExporter &memory)
    {
        const Descriptor before = memory.descriptor();
        const auto data = memory.data();
        std::vector<std::byte> tail;
        if (m_nbytes && *m_nbytes < before.len)
            tail.assign(data.begin() + *m_nbytes, data.begin() + before.len);
        Status status = m_nbytes ? memory.resize(*m_nbytes) : memory.reshape(m_shape);
        if (!status)
            return status;
        m_oldLen = before.len;
        m_oldFormat = before.format;
        m_oldShape = before.shape;
        m_tail = std::move(tail);
        return {};
    }
    Status restore(MemoryExporter &memory)
    {
        if (m_nbytes) {
            if (Status status = memory.resize(m_oldLen); !status)
                return status;
            auto data = memory.data();
            std::copy(m_tail.begin(), m_tail.end(), data.begin() + *m_nbytes);
        }
        return memory.setLayout(m_oldFormat, m_oldShape);
    }

    BufferHistory *m_history;
    int m_id;
    std::optional<ByteOffset> m_nbytes;
    std::vector<std::int64_t> m_shape;
    ByteOffset m_oldLen = 0;
    std::string m_oldFormat;
    std::vector<std::int64_t> m_oldShape;
    std::vector<std::byte> m_tail;
};

} // namespace

BufferHistory::BufferHistory(BufferTreeModel *model, QObject *parent)
    : QObject(parent), m_model(model)
{
}

BufferHistory *BufferHistory::of(BufferTreeModel *model)
{
    if (auto *history = model->findChild<BufferHistory *>(QString(), Qt::FindDirectChildrenOnly))
        return history;
    return new BufferHistory(model, model); // owned by the model (Qt parent)
}

Status BufferHistory::run(std::unique_ptr<BufferCommand> command)
{
    if (Status status = command->apply(true); !status)
        return status;
    command->skipNextCall();         // push() calls redo(): the change is already done
    m_stack.push(command.release()); // the stack owns its commands
    return {};
}

Result<QModelIndex> BufferHistory::createView(const QModelIndex &parent, const QString &expression)
{
    if (!m_model->source(parent))
        return makeError(ErrorCategory::Value, "tree: no buffer is selected");
    const int parentId = m_ids.idOf(parent);
    const int viewId = m_ids.newId(); // bound when the view exists
    if (Status status =
            run(std::make_unique<ViewCommand>(this, parentId, viewId, expression, true));
        !status)
        return status.error();
    return m_ids.indexOf(viewId);
}

Status BufferHistory::remove(const QModelIndex &index)
{
    if (!m_model->source(index))
        return makeError(ErrorCategory::Value, "tree: no buffer is selected");
    const int id = m_ids.idOf(index);
    if (View *view = m_model->view(index)) {
        const int parentId = m_ids.idOf(index.parent());
        return run(std::make_unique<ViewCommand>(
            this, parentId, id, QString::fromStdString(view->expression()), false));
    }
    const QString name =
        m_model->data(index.siblingAtColumn(BufferTreeModel::NameColumn)).toString();
    return run(std::make_unique<CloseExporterCommand>(this, id, name));
}

static Status requireMemory(BufferTreeModel *model, const QModelIndex &index, const char *operation)
{
    if (!model->source(index))
        return makeError(ErrorCategory::Value, "tree: no buffer is selected");
    if (!dynamic_cast<MemoryExporter *>(model->exporter(index)))
        return makeError(ErrorCategory::Type, std::string(operation) +
                                                  ": only a memory buffer can be " + operation +
                                                  "d");
    return {};
}

Status BufferHistory::resize(const QModelIndex &index, ByteOffset nbytes)
{
    if (Status status = requireMemory(m_model, index, "resize"); !status)
        return status;
    return run(std::make_unique<MemoryLayoutCommand>(this, m_ids.idOf(index), nbytes,
                                                     std::vector<std::int64_t>{}));
}

Status BufferHistory::reshape(const QModelIndex &index, std::vector<std::int64_t> shape)
{
    if (Status status = requireMemory(m_model, index, "reshape"); !status)
        return status;
    return run(std::make_unique<MemoryLayoutCommand>(this, m_ids.idOf(index), std::nullopt,
                                                     std::move(shape)));
}

Status BufferHistory::undo()
{
    if (!m_stack.canUndo())
        return makeError(ErrorCategory::Value, "undo: nothing to undo");
    auto *command = static_cast<BufferCommand *>(
        const_cast<QUndoCommand *>(m_stack.command(m_stack.index() - 1)));
    if (Status status = command->apply(false); !status)
        return status;
    command->skipNextCall();
    m_stack.undo();
    return {};
}

Status BufferHistory::redo()
{
    if (!m_stack.canRedo())
        return makeError(ErrorCategory::Value, "redo: nothing to redo");
    auto *command =
        static_cast<BufferCommand *>(const_cast<QUndoCommand *>(m_stack.command(m_stack.index())));
    if (Status status = command->apply(true); !status)
        return status;
    command->skipNextCall();
    m_stack.redo();
    return {};
}

QAction *BufferHistory::undoAction()
{
    if (!m_undoAction) {
        m_undoAction = new QAction(tr("&Undo"), this);
        m_undoAction->setShortcut(QKeySequence::Undo);
        m_undoAction->setEnabled(m_stack.canUndo());
        connect(&m_stack, &QUndoStack::canUndoChanged, m_undoAction, &QAction::setEnabled);
        connect(&m_stack, &QUndoStack::undoTextChanged, m_undoAction,
                [this](const QString &text) { m_undoAction->setText(tr("&Undo %1").arg(text)); });
        connect(m_undoAction, &QAction::triggered, this, [this] {
            if (Status status = undo(); !status)
                emit message(QString::fromStdString(status.error().message));
        });
    }
    return m_undoAction;
}

QAction *BufferHistory::redoAction()
{
    if (!m_redoAction) {
        m_redoAction = new QAction(tr("&Redo"), this);
        m_redoAction->setShortcut(QKeySequence::Redo);
        m_redoAction->setEnabled(m_stack.canRedo());
        connect(&m_stack, &QUndoStack::canRedoChanged, m_redoAction, &QAction::setEnabled);
        connect(&m_stack, &QUndoStack::redoTextChanged, m_redoAction,
                [this](const QString &text) { m_redoAction->setText(tr("&Redo %1").arg(text)); });
        connect(m_redoAction, &QAction::triggered, this, [this] {
            if (Status status = redo(); !status)
                emit message(QString::fromStdString(status.error().message));
        });
    }
    return m_redoAction;
}

} // namespace bufferscope
