# SPDX-License-Identifier: GPL-3.0-or-later
# Oracle for tests/chunked/chunk_plane_grid_test.cpp: which chunk each cell of a shown plane
# comes from, computed by NumPy. For random arrays and chunk shapes, an array of chunk ids
# (ids[i, j, ...] = the C-order grid index of the chunk holding element [i, j, ...]) is put
# through random view chains (steps, negative steps, .T, .transpose) and a random plane
# selection; the plane of ids is the answer. Prints JSON: a list of {shape, chunks, format,
# expression, row_axis, column_axis, fixed, rows, columns, ids (row-major)}.
# Usage: chunk_plane_cases.py SEED COUNT
import json
import random
import sys

import numpy as np

SEED, COUNT = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(SEED)
FORMATS = ['B', '<h', '<f', '<d', 'T{<i:a:<d:b:}']


def index_text(shape):
    parts = []
    for n in shape[:rng.randint(1, len(shape))]:
        r = rng.random()
        if r < 0.2:
            parts.append(str(rng.randrange(-n, n)))
        elif r < 0.4:
            parts.append(':')
        else:
            start = rng.choice(['', str(rng.randint(-n - 1, n + 1))])
            stop = rng.choice(['', str(rng.randint(-n - 1, n + 1))])
            step = rng.choice(['', '1', '2', '-1', '-2', '3', '-3'])
            parts.append(start + ':' + stop + (':' + step if step else ''))
    return '[' + ', '.join(parts) + ']'


def chunk_ids(shape, chunks):
    grid = [-(-s // c) for s, c in zip(shape, chunks)]
    coords = np.indices(shape)
    ids = np.zeros(shape, np.int64)
    for k in range(len(shape)):
        ids = ids * grid[k] + coords[k] // chunks[k]
    return ids


cases = []
while len(cases) < COUNT:
    ndim = rng.choice([1, 2, 2, 3, 3, 4])
    shape = tuple(rng.randint(1, 12) for _ in range(ndim))
    chunks = tuple(rng.randint(1, n + 1) for n in shape)
    a = chunk_ids(shape, chunks)
    expr = ''
    for _ in range(rng.randint(0, 3)):
        r = rng.random()
        if a.ndim > 0 and r < 0.6:
            step = index_text(a.shape)
        elif a.ndim > 1 and r < 0.85:
            axes = list(range(a.ndim))
            rng.shuffle(axes)
            step = '.transpose(%s)' % ', '.join(map(str, axes))
        else:
            step = '.T'
        try:
            b = eval('a' + step, {'a': a})
        except Exception:
            continue
        if not isinstance(b, np.ndarray) or b.size == 0:
            continue
        expr, a = expr + step, b
    fmt = rng.choice(FORMATS)
    if fmt.startswith('T'):
        expr += "['b']"  # a record field: same chunks, offsets inside the item
    m = a.ndim
    if m == 0:
        row, column, fixed = -1, -1, []
    elif m == 1:
        row, column, fixed = -1, 0, [0]
    else:
        row, column = rng.sample(range(m), 2)
        fixed = [rng.randrange(n) for n in a.shape]
    index = list(fixed)
    for axis in (row, column):
        if axis >= 0:
            index[axis] = slice(None)
    plane = a[tuple(index)]
    if m >= 2 and row > column:
        plane = plane.T  # the remaining axes keep their order: put rows first
    plane = np.atleast_2d(plane)
    cases.append({'shape': shape, 'chunks': chunks, 'format': fmt, 'expression': expr,
                  'row_axis': row, 'column_axis': column, 'fixed': fixed,
                  'rows': int(plane.shape[0]), 'columns': int(plane.shape[1]),
                  'ids': [int(x) for x in plane.ravel()]})
print(json.dumps(cases))
