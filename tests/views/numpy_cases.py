# SPDX-License-Identifier: GPL-3.0-or-later
# Oracle for tests/views/expression_numpy_test.cpp: random arrays and random view-expression
# chains, evaluated by NumPy 1.24 (indexing, .T, transpose, swapaxes, in-place reshape via
# `a.shape = ...`, view(dtype), a['name']) and CPython's memoryview.cast. One JSON object per
# line: the array (format, itemsize, shape, strides, base bytes) and the expression, and the
# outcome (the failing step and its message, or shape, strides, first-element offset and the
# C-order bytes). Usage: numpy_cases.py SEED COUNT
import json
import random
import sys

import numpy as np
from numpy.core._internal import _dtype_from_pep3118

SEED = int(sys.argv[1])
COUNT = int(sys.argv[2])
rng = random.Random(SEED)

SIMPLE = ['u1', 'i1', '<i2', '>i2', '<u2', '<i4', '>i4', '<u4', '<f4', '>f4', '<f8', '>f8',
          '<i8', '>u8', '<c8', '>c16', 'S3', 'S1', '?', '<f2']
RECORDS = [
    np.dtype([('a', '<i4'), ('b', '>f8', (2,)), ('c', 'u1')]),
    np.dtype([('a', '<i4'), ('b', '<f8', (2,)), ('c', 'u1')], align=True),
    np.dtype([('x', '>i2', (2, 3)), ('y', [('p', 'u1'), ('q', '<f4')])], align=True),
    np.dtype([('p', 'u1'), ('q', '<i2'), ('r', '>i2')]),
    np.dtype([('m', '<f4', (3,)), ('n', '>u2')]),
]
# Formats for .view: single items NumPy and our parser lay out alike (no sub-arrays, no
# top-level multi-item strings, whose NumPy reading differs from struct's).
VIEW_FORMATS = ['B', 'b', '<h', '>h', 'H', '<i', '>i', 'I', '<f', '>d', '<q', 'Q', 'e', 'Zf',
                '2s', '3s', '6s', '?', 'c', 'T{<h:a:B:b:}', 'T{<i:a:>i:b:}', 'T{B:u:B:v:B:w:}']
# Types as NumPy users type them for .view: numpy.dtype(T) is the oracle for these.
NUMPY_VIEW_TYPES = ['<i2', '>i2', 'i2', '>f8', '<f8', 'f4', '>f4', 'u1', '|u1', 'i1', 'b1',
                    'c8', '>c16', 'S3', 'S1', 'S6', '?', '<u4', '>u8', 'i8', 'f2', 'U1',
                    'float32', 'int16', 'uint8', 'bool', 'complex64', 'double']
CAST_FORMATS = ['B', 'b', 'c', '@B', 'h', 'i', 'I', 'q', 'l', 'd', 'f', '?', '<B', 'e', '2B']


def is_byte(fmt):
    return fmt in ('b', 'B', 'c', '@b', '@B', '@c')


def rand_int(n):
    # Mostly in range, sometimes out of it, both signs.
    r = rng.random()
    if n > 0 and r < 0.8:
        return rng.randrange(-n, n)
    return rng.choice([n, -n - 1, n + 1, 5, -7, 0])


def rand_slice_part(n):
    if rng.random() < 0.35:
        return None
    return rng.randint(-n - 2, n + 2)


def gen_index(a):
    items = []
    text = []
    nitems = rng.randint(1, max(1, a.ndim)) if rng.random() < 0.9 else a.ndim + 1
    used = 0
    have_ellipsis = False
    for _ in range(nitems):
        r = rng.random()
        dim = a.shape[used] if used < a.ndim else 3
        if r < 0.08 or (r < 0.1 and have_ellipsis):
            items.append(Ellipsis)
            text.append('...')
            have_ellipsis = True
        elif r < 0.18:
            items.append(None)
            text.append('None')
        elif r < 0.5:
            v = rand_int(dim)
            items.append(v)
            text.append(str(v))
            used += 1
        else:
            start, stop = rand_slice_part(dim), rand_slice_part(dim)
            step = None
            if rng.random() < 0.6:
                step = rng.choice([1, 2, 3, -1, -2, -3, 0 if rng.random() < 0.1 else 1])
            items.append(slice(start, stop, step))
            s = ('' if start is None else str(start)) + ':' + ('' if stop is None else str(stop))
            if step is not None:
                s += ':' + str(step)
            text.append(s)
            used += 1
    return ('index', items), '[' + ', '.join(text) + ']'


def factor(n, parts):
    dims = []
    for _ in range(parts - 1):
        divisors = [d for d in range(1, n + 1) if n % d == 0] if n > 0 else [0, 1, 2]
        d = rng.choice(divisors)
        dims.append(d)
        n = n // d if d else n
    dims.append(n)
    rng.shuffle(dims)
    return dims


def gen_step(a, ours_format):
    r = rng.random()
    if r < 0.34:
        return gen_index(a)
    if r < 0.40:
        return ('T',), '.T'
    if r < 0.48:
        if rng.random() < 0.2:
            return ('transpose', None), '.transpose()'
        axes = list(range(a.ndim))
        rng.shuffle(axes)
        axes = [x - a.ndim if rng.random() < 0.3 else x for x in axes]
        if rng.random() < 0.08 and axes:
            axes[0] = rng.choice([a.ndim, axes[-1]])
        if rng.random() < 0.05:
            axes = axes[:-1]
        return ('transpose', axes), '.transpose(' + ', '.join(map(str, axes)) + ')'
    if r < 0.54:
        hi = max(a.ndim, 1)
        x, y = rng.randint(-hi, hi - 1), rng.randint(-hi, hi - 1)
        if rng.random() < 0.1:
            x = hi
        return ('swapaxes', x, y), '.swapaxes(%d, %d)' % (x, y)
    if r < 0.70:
        size = a.size
        if rng.random() < 0.1:
            size += rng.choice([1, 2])
        dims = factor(size, rng.randint(1, 3))
        if rng.random() < 0.2:
            dims.insert(rng.randint(0, len(dims)), 1)
        if rng.random() < 0.25:
            dims[rng.randrange(len(dims))] = -1
        text = '.reshape(' + ', '.join(map(str, dims)) + ')' if len(dims) != 1 or rng.random() < 0.5 \
            else '.reshape((%d,))' % dims[0]
        return ('reshape', dims), text
    if r < 0.80:
        fmt = rng.choice(VIEW_FORMATS if rng.random() < 0.5 else NUMPY_VIEW_TYPES)
        return ('view', fmt), ".view('%s')" % fmt
    names = list(a.dtype.names or [])
    if r < 0.90 and (names or rng.random() < 0.1):
        name = rng.choice(names) if names and rng.random() < 0.9 else 'zz'
        return ('field', name), "['%s']" % name
    fmt = rng.choice(CAST_FORMATS)
    ours_byte = is_byte(ours_format)
    try:
        exported = memoryview(a)
    except Exception:
        return None, None
    # NumPy exports contiguous arrays with recomputed strides, so an empty 1-D array with an
    # odd stride reaches memoryview as contiguous: there memoryview is no oracle for our
    # descriptor (views_steps_test checks that corner against memoryview slicing).
    if exported.strides != a.strides:
        return None, None
    theirs_byte = is_byte(exported.format)
    # Where NumPy re-exports a different format than ours (e.g. 'c' comes back as '1s'),
    # only a byte destination is decided the same way on both sides.
    if ours_byte != theirs_byte and not is_byte(fmt):
        fmt = 'B'
    if rng.random() < 0.4:
        size = 1 if fmt in ('<B', 'e', '2B') else _dtype_from_pep3118(fmt).itemsize
        count = a.nbytes // size if rng.random() < 0.9 else a.nbytes // size + 1
        shape = factor(count, rng.randint(1, 3)) if rng.random() < 0.9 else []
        return ('cast', fmt, shape), ".cast('%s', (%s))" % (fmt, ''.join('%d, ' % d for d in shape))
    return ('cast', fmt, None), ".cast('%s')" % fmt


def apply(a, step):
    kind = step[0]
    if kind == 'index':
        items = tuple(step[1])
        if not any(i is Ellipsis for i in items):
            items = items + (Ellipsis,)  # keeps 0-d results arrays, changes nothing else
        return a[items]
    if kind == 'T':
        return a.T
    if kind == 'transpose':
        return a.transpose() if step[1] is None else a.transpose(*step[1])
    if kind == 'swapaxes':
        return a.swapaxes(step[1], step[2])
    if kind == 'reshape':
        v = a.view()
        v.shape = tuple(step[1])
        return v
    if kind == 'view':
        if step[1] in NUMPY_VIEW_TYPES:
            return a.view(np.dtype(step[1]))
        return a.view(_dtype_from_pep3118(step[1]))
    if kind == 'field':
        return a[step[1]]
    if kind == 'cast':
        m = memoryview(a)
        m = m.cast(step[1]) if step[2] is None else m.cast(step[1], step[2])
        return np.asarray(m)
    raise AssertionError(kind)


def make_array():
    dtype = np.dtype(rng.choice(SIMPLE)) if rng.random() < 0.7 else rng.choice(RECORDS)
    ndim = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])
    shape = tuple(rng.choice([0, 1, 2, 3, 4, 5]) if rng.random() < 0.1 else rng.randint(1, 5)
                  for _ in range(ndim))
    order = rng.choice('CF')
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    base = bytearray(rng.getrandbits(8) for _ in range(max(nbytes, 1)))
    arr = np.ndarray(shape, dtype, buffer=base, order=order)
    return arr, base, order


def main():
    made = 0
    while made < COUNT:
        arr, base, order = make_array()
        try:
            fmt = memoryview(arr).format
        except Exception:
            continue
        # NumPy's export of an aligned record that switches byte order mid-way does not
        # parse back to the same itemsize, even by NumPy: such arrays are no test case.
        if _dtype_from_pep3118(fmt).itemsize != arr.itemsize:
            continue
        start = arr.__array_interface__['data'][0]
        cur = arr
        ours_format = fmt
        texts = []
        outcome = None
        for _ in range(rng.choice([1, 2, 2, 3, 3, 4, 4])):
            step, text = gen_step(cur, ours_format)
            if step is None:
                break
            texts.append(text)
            try:
                nxt = apply(cur, step)
            except Exception as e:  # NumPy or memoryview refused: the chain stops here
                outcome = {'error': True, 'failStep': len(texts), 'message': str(e),
                           'type': type(e).__name__}
                break
            if not isinstance(nxt, np.ndarray):
                texts = None
                break
            cur = nxt
            if step[0] == 'view' and step[1] in NUMPY_VIEW_TYPES:
                # Ours is the struct spelling of the type ('u1' -> 'B'), a byte format
                # exactly when NumPy's export is one.
                try:
                    ours_format = memoryview(cur).format
                except Exception:
                    ours_format = None
            elif step[0] in ('view', 'cast'):
                ours_format = step[1]
            elif step[0] == 'field':
                # Our format becomes the field's canonical text, which is a byte format
                # exactly when NumPy's export of the field is one.
                try:
                    ours_format = memoryview(cur).format
                except Exception:
                    ours_format = None
        if not texts:
            continue
        if outcome is None:
            outcome = {'error': False, 'resultShape': list(cur.shape),
                       'resultStrides': list(cur.strides),
                       'offset': cur.__array_interface__['data'][0] - start,
                       'bytes': cur.tobytes('C').hex()}
        case = {'format': fmt, 'itemsize': arr.itemsize, 'shape': list(arr.shape),
                'strides': list(arr.strides), 'order': order, 'data': bytes(base).hex(),
                'expression': ''.join(texts), 'steps': len(texts)}
        case.update(outcome)
        print(json.dumps(case))
        made += 1


main()
