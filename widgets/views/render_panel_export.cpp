// SPDX-License-Identifier: GPL-3.0-or-later
// The render panel's PNG export: the full-resolution picture written synchronously
// (saveImage, for tests and scripts) or on the render worker with the buffer exported
// meanwhile and its progress shown (exportImageTo, what the button and the File menu do).
#include "views/render_panel.h"

#include "views/heatmap_target.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>

namespace bufferscope {

bool RenderPanel::saveImage(const QString &path)
{
    const QImage image = m_main->fullImage();
    if (image.isNull())
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    if (!image.save(&file, "PNG")) {
        file.cancelWriting();
        return false;
    }
    return file.commit();
}

void RenderPanel::exportImage()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export rendering"), QString(),
                                                      tr("PNG images (*.png)"));
    if (!path.isEmpty())
        (void)exportImageTo(path);
}

bool RenderPanel::exportImageTo(const QString &path)
{
    if (m_exportTicket || !m_main->key() || !m_main->result().plane)
        return false;
    // The full path: the notice says exactly where the file went.
    const QString fullPath = QFileInfo(path).absoluteFilePath();
    m_exportTicket = m_main->job()->requestImageFile(m_main->request(), m_main->source(), fullPath);
    if (!m_exportTicket) {
        emit message(tr("Could not export: the buffer refused an export"));
        return false;
    }
    m_export->setEnabled(false);
    m_exportProgress->setFormat(tr("Reading %p%"));
    m_exportProgress->setValue(0);
    m_exportProgress->setToolTip(tr("Writing %1").arg(fullPath));
    m_exportProgress->show();
    emit message(tr("Writing %1…").arg(fullPath));
    return true;
}

int RenderPanel::exportPercent() const
{
    return m_exportTicket ? m_exportProgress->value() : -1;
}

void RenderPanel::onImageProgress(std::uint64_t ticket, RenderJob::ImageStage stage, int percent)
{
    if (ticket != m_exportTicket)
        return;
    // Two stages, each its own 0-100 %: the plane's rows read, then the PNG's rows written
    // (encoding takes most of the time for a large picture).
    m_exportProgress->setFormat(stage == RenderJob::ImageStage::Reading ? tr("Reading %p%")
                                                                        : tr("Writing PNG %p%"));
    m_exportProgress->setValue(percent);
}

void RenderPanel::onImageWritten(std::uint64_t ticket, const QString &path, const QString &error,
                                 QSize size)
{
    if (ticket != m_exportTicket)
        return;
    m_exportTicket = 0;
    m_export->setEnabled(true);
    m_exportProgress->hide();
    if (!error.isEmpty()) {
        emit message(tr("Could not export: %1").arg(error));
        return;
    }
    const QString done =
        tr("Wrote %1 (%2 × %3 pixels)").arg(path).arg(size.width()).arg(size.height());
    emit message(done);
    emit imageExported(done);
}

} // namespace bufferscope
