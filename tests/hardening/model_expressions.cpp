// SPDX-License-Identifier: GPL-3.0-or-later
// Random view expressions for the model test, valid or not, in the grammar NumPy evaluates.
#include "model_expressions.h"

#include <QStringList>

#include <algorithm>
#include <numeric>

namespace bufferscope::testing {

namespace {

std::int64_t pick(std::mt19937_64 &rng, std::int64_t low, std::int64_t high) // inclusive
{
    return std::uniform_int_distribution<std::int64_t>(low, high)(rng);
}

} // namespace

QString tupleText(const std::vector<std::int64_t> &values)
{
    QStringList parts;
    for (auto v : values)
        parts << QString::number(v);
    return "(" + parts.join(", ") + (values.size() == 1 ? ",)" : ")");
}

QString randomExpression(std::mt19937_64 &rng, const std::vector<std::int64_t> &shape)
{
    const int ndim = static_cast<int>(shape.size());
    switch (pick(rng, 0, 5)) {
    case 0:
    case 1: {
        QStringList items;
        const int count = static_cast<int>(pick(rng, 1, std::max(1, ndim)));
        for (int i = 0; i < count; ++i) {
            const std::int64_t n = i < ndim ? shape[i] : 1;
            switch (pick(rng, 0, 5)) {
            case 0:
                items << QString::number(pick(rng, -n - 1, n)); // may be out of range
                break;
            case 1:
                items << "None";
                break;
            default: {
                std::int64_t step = pick(rng, -3, 3);
                if (step == 0 && pick(rng, 0, 3) != 0)
                    step = 1; // zero steps are refused: keep them rare
                items << QString("%1:%2:%3")
                             .arg(pick(rng, 0, 1) ? QString::number(pick(rng, -n, n)) : QString())
                             .arg(pick(rng, 0, 1) ? QString::number(pick(rng, -n, n)) : QString())
                             .arg(step);
            }
            }
        }
        return "[" + items.join(", ") + "]";
    }
    case 2:
        return ".T";
    case 3: {
        std::vector<int> axes(static_cast<std::size_t>(ndim));
        std::iota(axes.begin(), axes.end(), 0);
        std::shuffle(axes.begin(), axes.end(), rng);
        QStringList parts;
        for (int a : axes)
            parts << QString::number(a);
        if (pick(rng, 0, 4) == 0)
            parts << "0"; // a bad permutation
        return ".transpose(" + parts.join(", ") + ")";
    }
    case 4:
        return ndim == 0 ? QString(".swapaxes(0, 0)")
                         : QString(".swapaxes(%1, %2)")
                               .arg(pick(rng, 0, ndim - 1))
                               .arg(pick(rng, 0, ndim));
    default: {
        std::int64_t size = 1;
        for (auto n : shape)
            size *= n;
        // Split the size into up to three factors (a random divisor first).
        std::vector<std::int64_t> dims;
        std::int64_t rest = size;
        for (int k = 0; k < 2 && rest > 1; ++k) {
            std::int64_t d = pick(rng, 1, rest);
            while (rest % d != 0)
                --d;
            dims.push_back(d);
            rest /= d;
        }
        dims.push_back(pick(rng, 0, 6) == 0 ? rest + 1 : rest); // sometimes the wrong size
        return ".reshape" + tupleText(dims);
    }
    }
}

const char *const kNumpyProgram =
    "import base64, hashlib, json, sys, numpy as np\n"
    "out = []\n"
    "for c in json.load(sys.stdin):\n"
    "    shape = tuple(c['shape'])\n"
    "    if c['kind'] == 'npy':\n"
    "        a = np.load(c['path'])\n"
    "    elif c['kind'] == 'raw':\n"
    "        a = np.fromfile(c['path'], dtype=c['dtype'])\n"
    "    else:\n"
    "        a = np.frombuffer(base64.b64decode(c['data']), dtype=c['dtype'])\n"
    "    if c['kind'] != 'npy':\n"
    "        a = a.reshape(shape, order=c['order'])\n"
    "    v = eval('a' + c['chain'])\n"
    "    out.append(hashlib.md5(np.ascontiguousarray(v).tobytes()).hexdigest())\n"
    "print(json.dumps(out))\n";

} // namespace bufferscope::testing
