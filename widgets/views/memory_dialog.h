// SPDX-License-Identifier: GPL-3.0-or-later
// "New memory buffer…": a format and a shape for a zero-filled, writable MemoryExporter, with
// the itemsize and byte size shown as they are typed, or the error next to its field.
#pragma once

#include "common/result.h"
#include "exporters/memory/memory_exporter.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace bufferscope {

class MemoryDialog : public QDialog
{
    Q_OBJECT

public:
    // Inputs by objectName: "format", "shape"; the summary or error label "memorySummary".
    explicit MemoryDialog(QWidget *parent = nullptr);

    QString summary() const;
    // The buffer the fields describe (parseRawOptions reads the texts, MemoryExporter::create
    // refuses what it cannot make).
    Result<std::unique_ptr<MemoryExporter>> create() const;

private:
    void update();

    QLineEdit *m_format;
    QLineEdit *m_shape;
    QLabel *m_summary;
    QDialogButtonBox *m_buttons;
};

} // namespace bufferscope
