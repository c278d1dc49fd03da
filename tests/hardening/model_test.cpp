// SPDX-License-Identifier: GPL-3.0-or-later
// Model-based random test of the export rules: thousands of random steps (open memory / .npy
// / raw, view, release, resize, reshape, close, use of a dead object) go through the core and
// through a small pure reference model side by side. After every step: each live object's
// export count equals its live direct children in the model, no released or closed object is
// reachable from a live one, and a refused step changed nothing. Every few hundred steps the
// bytes of every live view are compared with NumPy's for the same chain (one Python run per
// batch). BUFFERSCOPE_MODEL_STEPS and BUFFERSCOPE_MODEL_SEED override the defaults.
#include "model_expressions.h"
#include "python_oracle.h"

#include "buffer/copy.h"
#include "exporters/memory/memory_exporter.h"
#include "exporters/npy/npy_exporter.h"
#include "exporters/raw/raw_file_exporter.h"
#include "views/view.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <random>

using namespace bufferscope;
using bufferscope::testing::kNumpyProgram;
using bufferscope::testing::randomExpression;

namespace {

constexpr int kDefaultSteps = 5000; // 5-15 s, in the ASan build too
constexpr int kBatch = 500; // steps between NumPy comparisons

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

// The data behind an exporter, as NumPy rebuilds it.
struct Origin
{
    QString kind;     // "memory", "npy", "raw"
    QString path;     // npy, raw
    QString dtype;    // NumPy dtype of raw and memory data
    QByteArray bytes; // memory: the model's copy of the contents
};

// The reference model of one object: pure data, no pointers into the core.
struct ModelNode
{
    int parent = -1; // -1 for exporters
    int root = 0;
    bool alive = true;
    // Views: the chain of expressions from the root, and the root's shape and order when the
    // chain was first applied (a reshape of a memory exporter later does not reach views).
    QString chain;
    std::vector<std::int64_t> baseShape;
    QString baseOrder = "C";
};

struct CoreObject
{
    std::unique_ptr<Exporter> exporter;
    std::unique_ptr<View> view;
    BufferSource &source() const
    {
        return view ? static_cast<BufferSource &>(*view) : static_cast<BufferSource &>(*exporter);
    }
};

struct Snapshot
{
    std::vector<std::int64_t> shape, strides;
    std::byte *buf = nullptr;
    ByteOffset len = 0;
    int exports = 0;
    friend bool operator==(const Snapshot &, const Snapshot &) = default;
};

} // namespace

class ModelTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::mt19937_64 m_rng;
    std::map<int, ModelNode> m_model;
    std::map<int, CoreObject> m_core;
    std::map<int, Origin> m_origins;     // by root id
    std::vector<CoreObject> m_graveyard; // released views and closed exporters, still around
    int m_nextId = 0;
    QStringList m_files; // "npy:<path>" or "raw:<path>:<dtype>:<shape>"
    int m_refused = 0, m_accepted = 0, m_compared = 0;
    std::map<QString, int> m_stepCounts;
    QJsonArray m_cases; // views waiting for the next NumPy comparison
    std::vector<QByteArray> m_ours;

    std::int64_t pick(std::int64_t low, std::int64_t high) // inclusive
    {
        return std::uniform_int_distribution<std::int64_t>(low, high)(m_rng);
    }

    std::vector<int> live(bool views, bool exporters) const
    {
        std::vector<int> ids;
        for (const auto &[id, node] : m_model)
            if (node.alive && ((node.parent >= 0 && views) || (node.parent < 0 && exporters)))
                ids.push_back(id);
        return ids;
    }

    int liveChildren(int id) const
    {
        int n = 0;
        for (const auto &[child, node] : m_model)
            n += node.alive && node.parent == id;
        return n;
    }

    std::map<int, Snapshot> snapshot() const
    {
        std::map<int, Snapshot> all;
        for (const auto &[id, object] : m_core) {
            const Descriptor &d = object.source().descriptor();
            all[id] = {d.shape, d.strides, d.buf, d.len, object.source().exports()};
        }
        return all;
    }

    int addExporter(std::unique_ptr<Exporter> exporter, Origin origin)
    {
        const int id = m_nextId++;
        m_model[id] = ModelNode{-1, id, true, {}, {}, "C"};
        m_origins[id] = std::move(origin);
        m_core[id].exporter = std::move(exporter);
        return id;
    }

    // One random step, named in `name`. Refusals must leave everything as it was.
    void step(QString &name)
    {
        const auto views = live(true, false);
        const auto exporters = live(false, true);
        const std::int64_t roll = pick(0, 99);
        const auto before = snapshot();
        bool refused = false;

        if (exporters.empty() || roll < 10) {
            name = "open";
            const std::int64_t kind = pick(0, 2);
            if (kind == 0) {
                static const char *formats[][2] = {{"B", "u1"}, {"<i", "<i4"}, {"<d", "<f8"}};
                const auto &f = formats[pick(0, 2)];
                std::vector<std::int64_t> shape(static_cast<std::size_t>(pick(1, 3)));
                for (auto &n : shape)
                    n = pick(1, 5);
                auto exporter = MemoryExporter::create(f[0], shape);
                if (!exporter)
                    qFatal("memory create failed: %s", exporter.error().message.c_str());
                for (auto &b : (*exporter)->data())
                    b = static_cast<std::byte>(pick(0, 255));
                Origin origin{"memory", {}, f[1], {}};
                origin.bytes =
                    QByteArray(reinterpret_cast<const char *>((*exporter)->data().data()),
                               static_cast<qsizetype>((*exporter)->data().size()));
                addExporter(std::move(*exporter), origin);
            } else {
                const QStringList spec =
                    m_files[static_cast<qsizetype>(pick(0, m_files.size() - 1))].split('|');
                if (spec[0] == "npy") {
                    auto exporter = NpyExporter::open(spec[1].toStdString());
                    if (!exporter)
                        qFatal("npy open failed: %s", exporter.error().message.c_str());
                    addExporter(std::move(*exporter), Origin{"npy", spec[1], {}, {}});
                } else {
                    RawOptions options;
                    options.format = spec[2].toStdString();
                    for (const QString &n : spec[4].split(','))
                        options.shape.push_back(n.toLongLong());
                    options.order = spec[5] == "F" ? Order::F : Order::C;
                    auto exporter = RawFileExporter::open(spec[1].toStdString(), options);
                    if (!exporter)
                        qFatal("raw open failed: %s", exporter.error().message.c_str());
                    addExporter(std::move(*exporter), Origin{"raw", spec[1], spec[3], {}});
                }
            }
        } else if (roll < 45 && views.size() + exporters.size() < 60) {
            name = "view";
            std::vector<int> sources = views;
            sources.insert(sources.end(), exporters.begin(), exporters.end());
            const int parent = sources[static_cast<std::size_t>(pick(0, sources.size() - 1))];
            BufferSource &source = m_core[parent].source();
            const QString expression = randomExpression(m_rng, source.descriptor().shape);
            auto view = View::create(source, expression.toStdString());
            if (!view) {
                refused = true;
            } else {
                const int id = m_nextId++;
                const ModelNode &p = m_model[parent];
                ModelNode node{parent,      p.root,     true, p.chain + expression,
                               p.baseShape, p.baseOrder};
                if (p.parent < 0) { // on the exporter: its shape now
                    node.baseShape = source.descriptor().shape;
                    const auto *npy = dynamic_cast<const NpyExporter *>(&source);
                    const auto *raw = dynamic_cast<const RawFileExporter *>(&source);
                    node.baseOrder =
                        (npy && npy->fortranOrder()) || (raw && raw->options().order == Order::F)
                            ? "F"
                            : "C";
                }
                m_model[id] = node;
                m_core[id].view = std::move(*view);
                record(id);
            }
        } else if (roll < 70 && !views.empty()) {
            name = "release";
            const int id = views[static_cast<std::size_t>(pick(0, views.size() - 1))];
            const int children = liveChildren(id);
            const Status status = m_core[id].view->release();
            if (children > 0) {
                refused = true;
                QCOMPARE(QString::fromStdString(status.error().message),
                         QString("view has %1 exported buffer%2")
                             .arg(children)
                             .arg(children == 1 ? "" : "s"));
            } else {
                QVERIFY(status.ok());
                m_model[id].alive = false;
                m_graveyard.push_back(std::move(m_core[id]));
                m_core.erase(id);
            }
        } else if (roll < 80) {
            name = "close";
            const int id = exporters[static_cast<std::size_t>(pick(0, exporters.size() - 1))];
            const int children = liveChildren(id);
            const Status status = m_core[id].exporter->close();
            if (children > 0) {
                refused = true;
                QVERIFY(!status);
                QVERIFY(QString::fromStdString(status.error().message)
                            .endsWith(QString(" has %1 exported buffer%2")
                                          .arg(children)
                                          .arg(children == 1 ? "" : "s")));
            } else {
                QVERIFY(status.ok());
                QVERIFY(m_core[id].exporter->isClosed());
                m_model[id].alive = false;
                m_graveyard.push_back(std::move(m_core[id]));
                m_core.erase(id);
            }
        } else if (roll < 92) {
            std::vector<int> memories;
            for (int id : exporters)
                if (m_origins[id].kind == "memory")
                    memories.push_back(id);
            if (memories.empty()) {
                name = "skip";
                return;
            }
            const int id = memories[static_cast<std::size_t>(pick(0, memories.size() - 1))];
            auto *memory = static_cast<MemoryExporter *>(m_core[id].exporter.get());
            const ByteOffset itemsize = memory->descriptor().itemsize;
            const ByteOffset items = memory->descriptor().len / itemsize;
            if (pick(0, 1)) {
                name = "resize";
                const ByteOffset bytes = pick(0, 24) * itemsize;
                // bytearray refuses only a change of size while exported (issue 16).
                const bool sameSize = bytes == memory->descriptor().len;
                const Status status = memory->resize(bytes);
                if (liveChildren(id) > 0 && !sameSize) {
                    refused = true;
                    QCOMPARE(QString::fromStdString(status.error().message),
                             QString("Existing exports of data: object cannot be re-sized"));
                } else {
                    QVERIFY(status.ok());
                    m_origins[id].bytes.resize(static_cast<qsizetype>(bytes), '\0');
                }
            } else {
                name = "reshape";
                std::vector<std::int64_t> shape{items};
                if (items > 1 && pick(0, 1)) {
                    std::int64_t d = pick(1, items);
                    while (items % d != 0)
                        --d;
                    shape = {d, items / d};
                }
                if (pick(0, 5) == 0)
                    shape.push_back(2); // usually the wrong size
                const Status status = memory->reshape(shape);
                refused = !status;
            }
        } else {
            name = "use dead";
            if (m_graveyard.empty()) {
                name = "skip";
                return;
            }
            CoreObject &dead =
                m_graveyard[static_cast<std::size_t>(pick(0, m_graveyard.size() - 1))];
            auto view = View::create(dead.source(), "[...]");
            QVERIFY(!view);
            refused = true;
            const QString message = QString::fromStdString(view.error().message);
            QVERIFY2(message == "operation forbidden on released view" ||
                         message.endsWith(" is closed"),
                     qPrintable(message));
            QCOMPARE(dead.source().exports(), 0);
        }
        if (refused) {
            ++m_refused;
            QVERIFY2(snapshot() == before, "a refused step changed the core");
        } else {
            ++m_accepted;
        }
    }

    void checkInvariants()
    {
        for (const auto &[id, object] : m_core) {
            const ModelNode &node = m_model.at(id);
            QVERIFY(node.alive);
            QCOMPARE(object.source().exports(), liveChildren(id));
            if (object.view) {
                QVERIFY(!object.view->isReleased());
                QVERIFY(m_core.count(node.parent) == 1 && m_core.count(node.root) == 1);
                // The parent a live view borrows is itself live: never released or closed.
                QCOMPARE(&object.view->parent(), &m_core.at(node.parent).source());
                QCOMPARE(&object.view->rootExporter(), m_core.at(node.root).exporter.get());
                QVERIFY(!object.view->rootExporter().isClosed());
            } else {
                QVERIFY(!object.exporter->isClosed());
            }
        }
        if (m_graveyard.size() > 40) // forget the oldest dead objects
            m_graveyard.erase(m_graveyard.begin(), m_graveyard.begin() + 20);
    }

    // Records the view `id` for the next NumPy comparison: its chain and the MD5 of its bytes.
    void record(int id)
    {
        const ModelNode &node = m_model.at(id);
        const Origin &origin = m_origins.at(node.root);
        auto bytes = toBytes(m_core.at(id).source().descriptor(), Order::C);
        QVERIFY(bytes.ok());
        m_ours.push_back(
            QCryptographicHash::hash(QByteArrayView(reinterpret_cast<const char *>(bytes->data()),
                                                    static_cast<qsizetype>(bytes->size())),
                                     QCryptographicHash::Md5)
                .toHex());
        QJsonArray shape;
        for (auto n : node.baseShape)
            shape.append(static_cast<qint64>(n));
        m_cases.append(QJsonObject{{"kind", origin.kind},
                                   {"path", origin.path},
                                   {"dtype", origin.dtype},
                                   {"data", QString::fromLatin1(origin.bytes.toBase64())},
                                   {"shape", shape},
                                   {"order", node.baseOrder},
                                   {"chain", node.chain}});
    }

    // Every view created since the last batch (as it was created) and every live view (as
    // it is now) against NumPy's bytes for the same chain, in one Python run.
    void compareWithNumpy()
    {
        for (const auto &[id, object] : m_core)
            if (object.view)
                record(id);
        QJsonArray cases = m_cases;
        std::vector<QByteArray> ours = m_ours;
        m_cases = {};
        m_ours.clear();
        if (cases.isEmpty())
            return;
        const auto run = testing::runPython(kNumpyProgram, QJsonDocument(cases).toJson());
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray expected = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(expected.size(), static_cast<qsizetype>(ours.size()));
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QVERIFY2(expected[i].toString().toLatin1() == ours[static_cast<std::size_t>(i)],
                     qPrintable(QJsonDocument(cases[i].toObject()).toJson(QJsonDocument::Compact)));
            ++m_compared;
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // NumPy writes the files: .npy in C and Fortran order, raw files as tofile writes them.
        const auto run =
            testing::runPython("import numpy as np, sys\n"
                               "d = sys.argv[1]\n"
                               "r = np.random.default_rng(6)\n"
                               "np.save(d + '/c.npy', r.integers(0, 1000, (4, 5), dtype='<i4'))\n"
                               "np.save(d + '/f.npy', np.asfortranarray(r.random((3, 4, 2))))\n"
                               "np.save(d + '/b.npy', r.integers(0, 255, (6,), dtype='u1'))\n"
                               "r.integers(-9, 9, (5, 3), dtype='<i2').tofile(d + '/raw_c.bin')\n"
                               "r.random(12).astype('<f4').tofile(d + '/raw_f.bin')\n",
                               {}, {m_dir.path()});
        QVERIFY2(run.ok, qPrintable(run.error));
        const QString d = m_dir.path();
        m_files = QStringList{"npy|" + d + "/c.npy", "npy|" + d + "/f.npy", "npy|" + d + "/b.npy",
                              "raw|" + d + "/raw_c.bin|<h|<i2|5,3|C",
                              "raw|" + d + "/raw_f.bin|<f|<f4|3,4|F"};
    }

    void randomSequences()
    {
        const int steps = envInt("BUFFERSCOPE_MODEL_STEPS", kDefaultSteps);
        const auto seed = static_cast<std::uint64_t>(envInt("BUFFERSCOPE_MODEL_SEED", 3118));
        m_rng.seed(seed);
        qInfo("model test: seed %llu, %d steps (BUFFERSCOPE_MODEL_SEED / _STEPS to change)",
              static_cast<unsigned long long>(seed), steps);
        for (int n = 1; n <= steps; ++n) {
            QString name;
            step(name);
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QString("seed %1, step %2 (%3)").arg(seed).arg(n).arg(name)));
            ++m_stepCounts[name];
            checkInvariants();
            if (QTest::currentTestFailed())
                QFAIL(
                    qPrintable(QString("seed %1, after step %2 (%3)").arg(seed).arg(n).arg(name)));
            if (n % kBatch == 0 || n == steps) {
                compareWithNumpy();
                if (QTest::currentTestFailed())
                    QFAIL(qPrintable(
                        QString("seed %1, NumPy comparison after step %2").arg(seed).arg(n)));
            }
        }
        QStringList counts;
        for (const auto &[name, count] : m_stepCounts)
            counts << QString("%1 %2").arg(name).arg(count);
        qInfo("%d steps (%s): %d accepted, %d refused with nothing changed; %d view byte "
              "comparisons with NumPy agreed",
              steps, qPrintable(counts.join(", ")), m_accepted, m_refused, m_compared);
        QVERIFY(m_compared > 0);
        QVERIFY(m_refused > 0);
    }

    void cleanupTestCase()
    {
        // Views before their exporters: the newest objects first.
        while (!m_core.empty())
            m_core.erase(std::prev(m_core.end()));
    }
};

QTEST_GUILESS_MAIN(ModelTest)
#include "model_test.moc"
