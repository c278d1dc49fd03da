// SPDX-License-Identifier: GPL-3.0-or-later
// ExportController: the core makes the texts and the .npy bytes; this file picks files and
// writes them.
#include "controllers/export_controller.h"

#include "descriptors/descriptor_json.h"
#include "descriptors/load_descriptor.h"
#include "descriptors/numpy_export.h"
#include "descriptors/view_descriptor.h"
#include "exporters/npy/npy_writer.h"
#include "models/current_buffer.h"
#include "views/read_cost_dialog.h"
#include "views/view.h"

#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMenu>
#include <QSaveFile>

namespace bufferscope {

namespace {

Error noBuffer()
{
    return makeError(ErrorCategory::Value, "export: no buffer is selected");
}

QString kindName(ExportController::TextKind kind)
{
    switch (kind) {
    case ExportController::TextKind::DescriptorJson:
        return QObject::tr("descriptor");
    case ExportController::TextKind::ArrayInterface:
        return QObject::tr("__array_interface__");
    case ExportController::TextKind::PythonSnippet:
        return QObject::tr("Python snippet");
    }
    return {};
}

} // namespace

ExportController::ExportController(CurrentBuffer *current, QObject *parent)
    : QObject(parent), m_current(current)
{
}

template<class T> T ExportController::report(T result, const QString &done)
{
    emit message(result ? done : QString::fromStdString(result.error().message));
    return result;
}

void ExportController::addActions(QMenu *menu)
{
    using K = TextKind;
    menu->addAction(tr("Export &Descriptor (JSON)…"), this,
                    [this] { chooseSaveText(K::DescriptorJson); });
    menu->addAction(tr("Export &__array_interface__…"), this,
                    [this] { chooseSaveText(K::ArrayInterface); });
    menu->addAction(tr("Export &Python Snippet…"), this,
                    [this] { chooseSaveText(K::PythonSnippet); });
    menu->addAction(tr("Export Data as .&npy…"), this, &ExportController::chooseSaveNpy);
    QMenu *copy = menu->addMenu(tr("&Copy to Clipboard"));
    copy->addAction(tr("Descriptor (JSON)"), this, [this] { (void)copyText(K::DescriptorJson); });
    copy->addAction(tr("__array_interface__"), this, [this] { (void)copyText(K::ArrayInterface); });
    copy->addAction(tr("Python Snippet"), this, [this] { (void)copyText(K::PythonSnippet); });
    menu->addSeparator();
    menu->addAction(tr("&Import Descriptor…"), this, &ExportController::chooseImport);
}

Result<QString> ExportController::text(TextKind kind) const
{
    const BufferSource *source = m_current->source();
    if (!source)
        return noBuffer();
    switch (kind) {
    case TextKind::DescriptorJson:
        return QString::fromStdString(viewDescriptor(*source).dump(2) + "\n");
    case TextKind::ArrayInterface: {
        auto interface = arrayInterface(*source);
        if (!interface)
            return interface.error();
        return QString::fromStdString(interface->dump(2) + "\n");
    }
    case TextKind::PythonSnippet: {
        auto snippet = pythonSnippet(*source);
        if (!snippet)
            return snippet.error();
        return QString::fromStdString(*snippet);
    }
    }
    return noBuffer();
}

Status ExportController::saveText(TextKind kind, const QString &path)
{
    auto content = text(kind);
    if (!content)
        return report(Status(content.error()), {});
    QSaveFile file(path); // a temporary file renamed over `path` on commit
    const QByteArray bytes = content->toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return report(
            Status(makeError(ErrorCategory::Io, QStringLiteral("export: cannot write '%1': %2")
                                                    .arg(path, file.errorString())
                                                    .toStdString())),
            {});
    return report(Status(),
                  tr("Saved the %1 to %2").arg(kindName(kind), QFileInfo(path).fileName()));
}

Status ExportController::copyText(TextKind kind)
{
    auto content = text(kind);
    if (!content)
        return report(Status(content.error()), {});
    QGuiApplication::clipboard()->setText(*content);
    return report(Status(), tr("Copied the %1 to the clipboard").arg(kindName(kind)));
}

Status ExportController::saveNpy(const QString &path)
{
    const BufferSource *source = m_current->source();
    if (!source)
        return report(Status(noBuffer()), {});
    return report(writeNpy(QFile::encodeName(path).toStdString(), *source),
                  tr("Saved the data to %1").arg(QFileInfo(path).fileName()));
}

Result<QModelIndex> ExportController::importDescriptor(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return report(Result<QModelIndex>(makeError(ErrorCategory::Io,
                                                    QStringLiteral("import: cannot open '%1': %2")
                                                        .arg(path, file.errorString())
                                                        .toStdString())),
                      {});
    const QByteArray bytes = file.readAll();
    auto json = parseDescriptorText(
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (!json)
        return report(Result<QModelIndex>(json.error()), {});
    auto record = parseDescriptor(*json);
    if (!record)
        return report(Result<QModelIndex>(record.error()), {});
    // loadDescriptor rebuilds and checks the view; the tree then makes its own view from the
    // same expression, so the row holds the export the tree counts.
    auto loaded = loadDescriptor(*json);
    if (!loaded)
        return report(Result<QModelIndex>(loaded.error()), {});
    loaded->view.reset(); // gives its export back before the exporter moves into the tree
    BufferTreeModel *model = m_current->model();
    const QString name = QFileInfo(QString::fromStdString(record->source.path)).fileName();
    const QModelIndex root = model->addExporter(std::move(loaded->exporter),
                                                name.isEmpty() ? QFileInfo(path).fileName() : name);
    if (record->expression.empty())
        return report(Result<QModelIndex>(root), tr("Imported %1").arg(QFileInfo(path).fileName()));
    // The descriptor's canonical text may exceed typed limits (ExpressionOrigin).
    return report(model->createView(root, QString::fromStdString(record->expression),
                                    ExpressionOrigin::Saved),
                  tr("Imported %1").arg(QFileInfo(path).fileName()));
}

void ExportController::chooseSaveText(TextKind kind)
{
    // A view NumPy cannot express (a PIL-style one has no snippet) is refused before the
    // user picks a file name for it.
    if (auto content = text(kind); !content) {
        const QString reason = QString::fromStdString(content.error().message);
        emit message(reason);
        emit refused(tr("Cannot export the %1: %2").arg(kindName(kind), reason), {});
        return;
    }
    static const char *filters[] = {"JSON (*.json)", "JSON (*.json)", "Python (*.py)"};
    const QString path =
        QFileDialog::getSaveFileName(nullptr, tr("Export %1").arg(kindName(kind)), QString(),
                                     tr(filters[static_cast<int>(kind)]));
    if (!path.isEmpty())
        (void)saveText(kind, path);
}

void ExportController::chooseSaveNpy()
{
    // A chunked view may be gigabytes behind a slow store: say what it costs first.
    if (const BufferSource *source = m_current->source();
        source && !confirmLargeRead(nullptr, *source, tr("Exporting this view as .npy")))
        return;
    const QString path = QFileDialog::getSaveFileName(nullptr, tr("Export data as .npy"), QString(),
                                                      tr("NumPy arrays (*.npy)"));
    if (!path.isEmpty())
        (void)saveNpy(path);
}

void ExportController::chooseImport()
{
    const QString path = QFileDialog::getOpenFileName(nullptr, tr("Import descriptor"), QString(),
                                                      tr("Descriptors (*.json);;All files (*)"));
    if (!path.isEmpty())
        (void)importDescriptor(path);
}

} // namespace bufferscope
