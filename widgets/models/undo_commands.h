// SPDX-License-Identifier: GPL-3.0-or-later
// Undoable changes to the buffer tree (create/release a view, close an exporter, resize or
// reshape a memory buffer) and the BufferHistory that runs them on one QUndoStack.
//
// Ownership rules and refusals:
//  - every change is first done (and may be refused by the core, changing nothing); only a
//    change that succeeded is pushed, so the stack never holds a command that did not happen;
//  - undo and redo are asked of the core the same way: a refused undo (the view got exports
//    meanwhile: "view has 1 exported buffer") leaves the command where it is and the tree as
//    it was. Use BufferHistory::undo()/redo() (or its actions), not QUndoStack::undo(), which
//    cannot refuse;
//  - commands name rows by NodeIds, not QModelIndex: undoing a release re-creates the row,
//    and later commands must find the new row under the old id.
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <QObject>
#include <QPersistentModelIndex>
#include <QUndoCommand>
#include <QUndoStack>

#include <map>
#include <vector>

class QAction;

namespace bufferscope {

class BufferTreeModel;

// Stable ids for tree rows, re-bound when a command re-creates a row.
class NodeIds
{
public:
    int idOf(const QModelIndex &index); // gives an unknown row a new id
    int newId();                        // for a row a command is about to create
    QModelIndex indexOf(int id) const;  // invalid once the row is gone
    void rebind(int id, const QModelIndex &index);

private:
    std::map<int, QPersistentModelIndex> m_rows;
    int m_next = 1;
};

// A tree change that can be done now and may be refused; undo()/redo() are what QUndoStack
// calls, apply() is what BufferHistory calls first so a refusal can stop the stack.
class BufferCommand : public QUndoCommand
{
public:
    explicit BufferCommand(const QString &text) : QUndoCommand(text) {}
    // forward: do (redo); otherwise undo. A refusal changes nothing.
    virtual Status apply(bool forward) = 0;
    void skipNextCall() { m_skip = true; }

    void undo() override;
    void redo() override;

private:
    bool m_skip = false;
};

class BufferHistory : public QObject
{
    Q_OBJECT

public:
    explicit BufferHistory(BufferTreeModel *model, QObject *parent = nullptr);
    // The one history of `model` (a child of it, made on first use), so every panel and
    // controller that changes the tree shares one undo stack.
    static BufferHistory *of(BufferTreeModel *model);

    BufferTreeModel *model() const { return m_model; }
    QUndoStack *undoStack() { return &m_stack; }
    NodeIds &ids() { return m_ids; }

    Result<QModelIndex> createView(const QModelIndex &parent, const QString &expression);
    // Releases a view or closes an exporter.
    Status remove(const QModelIndex &index);
    // Memory buffers only (MemoryExporter::resize / reshape).
    Status resize(const QModelIndex &index, ByteOffset nbytes);
    Status reshape(const QModelIndex &index, std::vector<std::int64_t> shape);

    Status undo();
    Status redo();
    // Undo/Redo actions that go through undo()/redo(); refusals are emitted as message().
    QAction *undoAction();
    QAction *redoAction();

signals:
    void message(const QString &text);

private:
    Status run(std::unique_ptr<BufferCommand> command);

    BufferTreeModel *m_model;
    QUndoStack m_stack;
    NodeIds m_ids;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
};

} // namespace bufferscope
