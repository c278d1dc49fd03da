// SPDX-License-Identifier: GPL-3.0-or-later
// "Open raw…": the options that give a headerless file its meaning (header offset, format,
// shape, C/F order, copy-on-write), with a live preview of the descriptor the file would get
// and each error shown next to the field it belongs to.
#pragma once

#include "models/raw_preview.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace bufferscope {

class RawDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RawDialog(const QString &path, QWidget *parent = nullptr);

    // Inputs by objectName: "offset", "format", "shape" (QLineEdit), "order" (QComboBox),
    // "copyOnWrite" (QCheckBox); error labels "offsetError", "formatError", "shapeError",
    // "orderError", "fileError"; the preview "preview" (QPlainTextEdit).
    const RawPreview &preview() const { return m_preview; }
    QString previewText() const;
    // The error label text of one field ("" when that field is fine).
    QString fieldError(RawPreview::Field field) const;
    // What the file's size allows, and the suggested shapes as typed ("4, 6").
    QString fitText() const;
    QStringList suggestedShapes() const;
    void useSuggestion(int n); // types the n-th suggested shape into the Shape field

private:
    QLabel *errorLabel(RawPreview::Field field) const;
    void update();

    QString m_path;
    RawPreview m_preview;
    QLineEdit *m_offset;
    QLineEdit *m_format;
    QLineEdit *m_shape;
    QComboBox *m_order;
    QCheckBox *m_copyOnWrite;
    QLabel *m_summary;
    QLabel *m_fit; // file size, items, suggested shapes (links)
    RawFit m_rawFit;
    QPlainTextEdit *m_text;
    QDialogButtonBox *m_buttons;
    QLabel *m_errors[5] = {};
};

} // namespace bufferscope
