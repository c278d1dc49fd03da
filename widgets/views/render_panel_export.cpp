// SPDX-License-Identifier: GPL-3.0-or-later
// The render panel's PNG export: the full-resolution picture written synchronously
// (saveImage, for tests and scripts) or on the render worker with the buffer exported
// meanwhile (exportImageTo, what the button and the File menu do).
#include "views/render_panel.h"

#include "views/heatmap_target.h"

#include <QFileDialog>
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
    m_exportTicket = m_main->job()->requestImageFile(m_main->request(), m_main->source(), path);
    if (!m_exportTicket) {
        emit message(tr("Could not export: the buffer refused an export"));
        return false;
    }
    m_export->setEnabled(false);
    m_busy->show();
    emit message(tr("Writing %1…").arg(path));
    return true;
}

void RenderPanel::onImageWritten(std::uint64_t ticket, const QString &path, const QString &error,
                                 QSize size)
{
    if (ticket != m_exportTicket)
        return;
    m_exportTicket = 0;
    m_export->setEnabled(true);
    if (!m_main->isRendering())
        m_busy->hide();
    emit message(error.isEmpty()
                     ? tr("Wrote %1 (%2 × %3 pixels)")
                           .arg(path)
                           .arg(size.width())
                           .arg(size.height())
                     : tr("Could not export: %1").arg(error));
}

} // namespace bufferscope
