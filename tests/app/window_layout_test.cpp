// SPDX-License-Identifier: GPL-3.0-or-later
// A layout that holds still, on the real main window (offscreen, 1400 x 900): the Exports
// column is in sight with a long record format open (the format elided, whole in its
// tooltip); the expression field has the width and Undo/Redo are icon buttons with the
// standard shortcuts; the side panels keep their width while the selection moves over
// buffers of every kind; no drop-down cuts its label; the histogram's count labels do not
// overlap and can go logarithmic. Inspector values are never cut: a long record format, a
// 64-dimensional shape and its strides wrap whole up to ten lines, longer ones end in "…"
// with the whole text in the tooltip, at the default width and in a narrow side panel; the
// 64-dimensional buffer's index sliders scroll instead of making the window taller.
#include "controllers/create_controller.h"
#include "controllers/open_controller.h"
#include "image/image_opener.h"
#include "main_window.h"
#include "models/buffer_tree_model.h"
#include "models/inspector_model.h"
#include "views/expression_edit.h"
#include "views/histogram_view.h"
#include "views/inspector_view.h"
#include "views/render_panel.h"
#include "views/view_builder.h"
#include "window_support.h"

#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QStandardPaths>
#include <QStyleOptionComboBox>
#include <QToolButton>
#include <QTreeView>

#include <qcustomplot.h>

using namespace bufferscope;
using testing::kSamples;

namespace {

// Every visible drop-down whose current text is wider than its text area.
QStringList cutCombos(QWidget &window)
{
    QStringList cut;
    for (QComboBox *combo : window.findChildren<QComboBox *>()) {
        if (!combo->isVisible() || combo->currentText().isEmpty())
            continue;
        QStyleOptionComboBox option;
        option.initFrom(combo);
        option.editable = combo->isEditable();
        option.currentText = combo->currentText();
        const QRect field = combo->style()->subControlRect(QStyle::CC_ComboBox, &option,
                                                           QStyle::SC_ComboBoxEditField, combo);
        if (combo->fontMetrics().horizontalAdvance(combo->currentText()) > field.width())
            cut << combo->objectName() + ": " + combo->currentText();
    }
    return cut;
}

// Each value row of the inspector: shown whole (its wrapped text fits the row), or elided
// after ten lines with the whole text as tooltip; never taller than the panel. Returns the
// rows that fail, and counts the elided ones.
QStringList cutInspectorValues(QTreeView *tree, QStringList &elided)
{
    QStringList cut;
    QAbstractItemModel *model = tree->model();
    const QFontMetrics metrics = tree->fontMetrics();
    for (int section = 0; section < model->rowCount(); ++section) {
        const QModelIndex parent = model->index(section, 0);
        for (int row = 0; row < model->rowCount(parent); ++row) {
            const QModelIndex value = model->index(row, InspectorModel::ValueColumn, parent);
            const QString text = value.data().toString();
            tree->scrollTo(value);
            const QRect rect = tree->visualRect(value);
            const QString where =
                model->index(row, 0, parent).data().toString() + " = " + text.left(60);
            // Break opportunities as the delegate offers them (after ':' and '}').
            QString shown = text;
            shown.replace(QLatin1Char(':'), QStringLiteral(":\u200b"));
            shown.replace(QLatin1Char('}'), QStringLiteral("}\u200b"));
            const int margin = tree->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1;
            int width = rect.width() - 2 * margin;
            if (value.data(InspectorModel::SeverityRole).isValid())
                width -= 16 + margin; // the severity icon

            const int needed =
                metrics.boundingRect(QRect(0, 0, width, 1 << 20), Qt::TextWordWrap, shown).height();
            if (rect.height() > tree->viewport()->height())
                cut << where + ": taller than the panel";
            if (needed <= rect.height())
                continue;
            elided << model->index(row, 0, parent).data().toString();
            if (rect.height() < 10 * metrics.lineSpacing())
                cut << where + QStringLiteral(": %1 px of %2 shown").arg(rect.height()).arg(needed);
            if (value.data(Qt::ToolTipRole).toString() != text)
                cut << where + ": tooltip is not the whole text";
        }
    }
    return cut;
}

} // namespace

class WindowLayoutTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        registerImageOpener();
    }

    void holdsStill()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.openController()->openFiles({kSamples + "records.npy",
                                                     kSamples + "volume.npy",
                                                     kSamples + "testcard.png"}),
                 3);
        BufferTreeModel *model = window.model();
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *builder = window.findChild<ViewBuilder *>();
        auto *render = window.findChild<RenderPanel *>();
        QVERIFY(tree && builder && render);
        QDockWidget *buffers = nullptr, *inspector = nullptr;
        for (QDockWidget *dock : window.findChildren<QDockWidget *>()) {
            if (dock->objectName() == QLatin1String("buffersDock"))
                buffers = dock;
            if (dock->objectName() == QLatin1String("inspectorDock"))
                inspector = dock;
        }
        QVERIFY(buffers && inspector);
        QVERIFY2(inspector->width() >= 260, qPrintable(QString::number(inspector->width())));

        // Views with long expressions, so the Undo text is long too.
        tree->setCurrentIndex(model->index(1, 0));
        QVERIFY(builder->createView(QStringLiteral("[::2, 10:120, ::-3].transpose(2, 0, 1)")).ok());
        tree->setCurrentIndex(model->index(0, 0));
        QVERIFY(builder->createView(QStringLiteral("['sensor']")).ok());
        QVERIFY(testing::renderIdle(window));
        QTest::qWait(100);
        const int buffersWidth = buffers->width(), inspectorWidth = inspector->width();

        // Every row in turn (exporters, views, the image): widths stay, Exports in sight.
        QList<QModelIndex> rows;
        for (int r = 0; r < model->rowCount(); ++r) {
            rows << model->index(r, 0);
            for (int c = 0; c < model->rowCount(model->index(r, 0)); ++c)
                rows << model->index(c, 0, model->index(r, 0));
        }
        QCOMPARE(rows.size(), 5);
        for (const QModelIndex &row : rows) {
            tree->setCurrentIndex(row);
            QVERIFY(testing::renderIdle(window));
            QTest::qWait(50);
            const QString where = row.data().toString();
            QCOMPARE(buffers->width(), buffersWidth);
            QCOMPARE(inspector->width(), inspectorWidth);
            QHeaderView *header = tree->header();
            const int exportsEnd = header->sectionViewportPosition(BufferTreeModel::ExportsColumn) +
                                   header->sectionSize(BufferTreeModel::ExportsColumn);
            QVERIFY2(exportsEnd <= tree->viewport()->width(), qPrintable(where));
            QVERIFY2(header->sectionSize(BufferTreeModel::ExportsColumn) >=
                         header->fontMetrics().horizontalAdvance(QStringLiteral("Exports")),
                     qPrintable(where));
            const QStringList cut = cutCombos(window);
            QVERIFY2(cut.isEmpty(), qPrintable(where + ": " + cut.join(", ")));
        }
        // The record format is elided in its column and whole in the tooltip.
        const QModelIndex format = model->index(0, BufferTreeModel::FormatColumn);
        const std::string full = model->source(format)->descriptor().format;
        QVERIFY(full.size() > 30);
        QCOMPARE(format.data(Qt::ToolTipRole).toString(), QString::fromStdString(full));

        // The expression field has the width; Undo/Redo are icons with the usual keys.
        ExpressionEdit *edit = builder->expressionEdit();
        QVERIFY2(edit->width() >= builder->width() / 3,
                 qPrintable(QStringLiteral("%1 of %2").arg(edit->width()).arg(builder->width())));
        for (const char *name : {"undoButton", "redoButton"}) {
            auto *button = builder->findChild<QToolButton *>(QLatin1String(name));
            QVERIFY(button);
            QCOMPARE(button->toolButtonStyle(), Qt::ToolButtonIconOnly);
            QVERIFY(!button->icon().isNull());
            QVERIFY(button->width() <= 40);
        }
        QCOMPARE(builder->undoAction()->shortcut(), QKeySequence(QKeySequence::Undo));
        QCOMPARE(builder->redoAction()->shortcut(), QKeySequence(QKeySequence::Redo));
        QVERIFY(builder->undoAction()->toolTip().startsWith(QStringLiteral("Undo")));

        // Histogram count labels: no two overlap; the log option switches the axis.
        tree->setCurrentIndex(model->index(1, 0));
        QVERIFY(testing::renderIdle(window));
        QTest::qWait(100);
        HistogramView *histogram = render->histogram();
        auto *plot = histogram->findChild<QCustomPlot *>(QStringLiteral("histogramPlot"));
        QVERIFY(plot);
        plot->replot();
        const auto labelsFit = [&] {
            const QVector<double> ticks = plot->yAxis->tickVector();
            int visible = 0;
            for (double tick : ticks)
                visible += plot->yAxis->range().contains(tick);
            const int height = plot->yAxis->axisRect()->height();
            return visible >= 2 && visible * plot->yAxis->tickLabelFont().pointSizeF() * 1.4 <= height;
        };
        QVERIFY2(labelsFit(), qPrintable(QStringLiteral("%1 ticks in %2 px")
                                             .arg(plot->yAxis->tickVector().size())
                                             .arg(plot->yAxis->axisRect()->height())));
        histogram->setLogScale(true);
        plot->replot();
        QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(histogram->logScale());
        testing::shoot(&window, QStringLiteral("layout-window"));
        histogram->setLogScale(false);
        QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLinear);
    }

    void inspectorValuesNeverCut()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *create = window.findChild<CreateController *>();
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("bufferTree"));
        auto *builder = window.findChild<ViewBuilder *>();
        auto *inspector = window.findChild<InspectorView *>();
        QDockWidget *dock = nullptr;
        for (QDockWidget *d : window.findChildren<QDockWidget *>())
            if (d->objectName() == QLatin1String("inspectorDock"))
                dock = d;
        QVERIFY(inspector && dock);

        // A record of 150 named fields, nested and with sub-arrays.
        QString record = QStringLiteral("T{");
        for (int i = 0; i < 150; ++i)
            record += i % 10 == 9 ? QStringLiteral("T{<e:x:(2,3)>h:y:}:nested_%1:").arg(i)
                                  : QStringLiteral("<d:measurement_%1:").arg(i);
        record += '}';
        auto records = create->newMemory(record, {4});
        QVERIFY2(records.ok(), records.ok() ? "" : records.error().message.c_str());
        // 64 dimensions, and a view of them with long strides.
        std::vector<std::int64_t> shape(60, 1);
        shape.insert(shape.end(), {3, 5, 7, 9});
        auto deep = create->newMemory(QStringLiteral("<f8"), shape);
        QVERIFY(deep.ok());
        tree->setCurrentIndex(*deep);
        QVERIFY(builder->createView(QStringLiteral("[..., ::-2, ::2, ::-3, ::4]")).ok());
        const QList<QModelIndex> rows = {*records, *deep, window.model()->index(0, 0, *deep)};

        for (const int width : {0, 200}) { // the default width, then a narrow panel
            if (width)
                window.resizeDocks({dock}, {width}, Qt::Horizontal);
            for (const QModelIndex &row : rows) {
                tree->setCurrentIndex(row);
                QVERIFY(testing::renderIdle(window));
                QTest::qWait(100); // the delegate lays out again after the column resizes
                QStringList elided;
                const QStringList cut = cutInspectorValues(inspector->tree(), elided);
                const QString where =
                    QStringLiteral("%1 at %2 px").arg(row.data().toString()).arg(dock->width());
                QVERIFY2(cut.isEmpty(), qPrintable(where + ": " + cut.join("; ")));
                qInfo("%s: elided with the whole text as tooltip: %s", qPrintable(where.left(40)),
                      qPrintable(elided.join(", ")));
                if (row == *records)
                    QVERIFY(elided.contains("format")); // 150 fields do not fit ten lines
                // 60 index sliders scroll in a few rows: the window fits the screen.
                QVERIFY2(window.minimumSizeHint().height() <= 900,
                         qPrintable(QString::number(window.minimumSizeHint().height())));
                QCOMPARE(window.height(), 900);
            }
            testing::shoot(&window, QStringLiteral("inspector-long-values-%1").arg(dock->width()));
        }
    }
};

QTEST_MAIN(WindowLayoutTest)
#include "window_layout_test.moc"
