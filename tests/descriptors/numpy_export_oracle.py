# SPDX-License-Identifier: GPL-3.0-or-later
# NumPy oracle for the descriptor tests. Phase "make" writes .npy and raw files into a folder
# and prints the cases (file, expression); phase "check" takes BufferScope's answers for each
# case and prints what NumPy says: the view's bytes, its __array_interface__, its offset in
# the file, and what BufferScope's Python snippet and __array_interface__ really rebuild.
import json
import sys

import numpy as np

RECORD = np.dtype([('a', '<i4'), ('b', '>f8', (2,)), ('c', 'u1')], align=True)
PACKED = np.dtype([('x', '<u2'), ('y', '<f4')])

# name -> (array, expressions in both NumPy's and BufferScope's syntax)
def arrays():
    rng = np.random.default_rng(3118)
    return {
        'i4.npy': (np.arange(12, dtype='<i4').reshape(3, 4),
                   ['', '[1:3]', '[::-1]', '[:, ::2]', '[1]', '[..., 1]', '[None, 1:]', '.T',
                    '[::-1, 1:3].T', '[2:0:-1, ::-3]', '[1, 2]', '.swapaxes(0, 1)', '[:0]']),
        'f8be.npy': (rng.standard_normal((4, 5)).astype('>f8'),
                     ['', '[1:, 1:4]', '.T[::2]', '[::-1, ::-1]']),
        'i2f.npy': (np.asfortranarray(np.arange(60, dtype='<i2').reshape(3, 4, 5)),
                    ['', '[1]', '[:, 1:3, ::2]', '.transpose(2, 0, 1)', '[..., ::-1]']),
        'record.npy': (np.array([(i, (i / 2, -i), i % 7) for i in range(5)], dtype=RECORD),
                       ['', "['a']", "['b']", "[1:4]['b']", '[::-2]', "['b'][:, 1]"]),
        'packed.npy': (np.array([(i, i * 1.5) for i in range(6)], dtype=PACKED),
                       ['', "['y']", '[::2]']),
        'c8.npy': ((np.arange(6) + 1j * np.arange(6)).astype('<c8').reshape(2, 3),
                   ['', '[:, 1:]', '.T']),
        's3.npy': (np.array([b'abc', b'de', b'f', b''], dtype='S3'), ['', '[::-1]']),
        'bool.npy': (np.eye(3, dtype=bool), ['', '[1:, :2]']),
        'u1.npy': (np.arange(7, dtype='u1'), ['', '[2:6]', '[::3]', '[5]']),
        'empty.npy': (np.zeros((0, 3), dtype='<i4'), ['', '.T', '[:, 1:]']),
        'scalar.npy': (np.array(2.5, dtype='<f4'), ['']),
    }

# name -> (raw options as BufferScope takes them, NumPy dtype, expressions)
RAW = {
    'i2f.raw': ({'format': '>h', 'shape': [4, 6], 'offset': 16, 'order': 'F'}, '>i2',
                ['', '[1:3, ::-2]', '.T']),
    'u4.raw': ({'format': '<I', 'shape': [5], 'offset': 3, 'order': 'C'}, '<u4',
               ['', '[::-1]', '[1:4]']),
    # a repeated item: NumPy adds a trailing dimension of 2
    'pairs.raw': ({'format': '<2h', 'shape': [5], 'offset': 0, 'order': 'C'}, ('<i2', (2,)),
                  ['', '[::-2]', '[3]']),
}


def make(folder):
    cases = []
    for name, (array, expressions) in arrays().items():
        np.save(f'{folder}/{name}', array)
        cases += [{'file': name, 'expr': e} for e in expressions]
    rng = np.random.default_rng(42)
    for name, (options, dtype, expressions) in RAW.items():
        count = int(np.prod(options['shape']))
        data = rng.integers(0, 255, options['offset'] + count * np.dtype(dtype).itemsize + 5,
                            dtype='u1')
        data.tofile(f'{folder}/{name}')
        cases += [{'file': name, 'expr': e, 'raw': options} for e in expressions]
    return cases


def reference(folder, case):
    path = f"{folder}/{case['file']}"
    if 'raw' in case:
        options = case['raw']
        dtype = RAW[case['file']][1]
        base = np.memmap(path, dtype=dtype, mode='r', offset=options['offset'],
                         shape=tuple(options['shape']), order=options['order'])
    else:
        base = np.load(path, mmap_mode='r')
    view = eval('base' + case['expr'], {'base': base})
    if isinstance(view, np.generic):
        # NumPy copies out a scalar when every axis is indexed; with a trailing Ellipsis it
        # returns the 0-d view that memoryview (and BufferScope) give.
        view = eval('base' + case['expr'][:-1] + ', ...]', {'base': base})
    return view, base


def item_dims(case):
    # Dimensions NumPy added for a repeated item ('<2h'): BufferScope keeps them inside the item.
    return len(np.dtype(RAW[case['file']][1]).shape) if 'raw' in case else 0


def fortran_bytes(view, dims):
    # memoryview.tobytes('F'): the outer dimensions in Fortran order, each item whole.
    if dims == 0:
        return view.tobytes('F')
    outer = view.ndim - dims
    items = np.ascontiguousarray(view).reshape(view.shape[:outer] + (-1,))
    return items.transpose(list(reversed(range(outer))) + [outer]).tobytes('C')


def interface_json(interface):
    return json.loads(json.dumps({k: v for k, v in interface.items() if k != 'data'}))


def descr_tuples(descr):
    # JSON lists back to the tuples NumPy's descr is made of (nested records, sub-array shapes)
    out = []
    for entry in descr:
        kind = descr_tuples(entry[1]) if isinstance(entry[1], list) else entry[1]
        out.append((entry[0], kind) + ((tuple(entry[2]),) if len(entry) > 2 else ()))
    return out


def check(folder, cases):
    results = []
    for case in cases:
        path = f"{folder}/{case['file']}"
        view, base = reference(folder, case)
        file_map = np.memmap(path, dtype=np.uint8, mode='r')
        file_start = file_map.ctypes.data
        mine = dict(interface_json(view.__array_interface__))
        result = {
            'c': view.tobytes('C').hex(),
            'f': fortran_bytes(view, item_dims(case)).hex(),
            'interface': mine,
            'readonly': not view.flags.writeable,
            # base is a memmap of the same file: its start in the file is known
            'offset': (view.__array_interface__['data'][0] - base.ctypes.data
                       + (base.offset if hasattr(base, 'offset') else 0))
                      if view.size else None,
        }
        if 'snippet' in case:
            scope = {}
            exec(case['snippet'], scope)
            built = scope['view']
            result['snippet'] = {'c': built.tobytes('C').hex(), 'shape': list(built.shape),
                                 'strides': list(built.strides), 'dtype': str(built.dtype),
                                 'same_dtype': built.dtype == view.dtype}
        if 'interface' in case:
            ours = dict(case['interface'])
            offset, readonly = ours['data']
            ours['data'] = (file_start + offset, readonly)
            ours['shape'] = tuple(ours['shape'])
            if ours['strides'] is not None:
                ours['strides'] = tuple(ours['strides'])
            ours['descr'] = descr_tuples(ours['descr'])
            holder = type('Holder', (), {})()
            holder.__array_interface__ = ours
            built = np.asarray(holder)
            result['from_interface'] = built.tobytes('C').hex()
        results.append(result)
    return results


request = json.load(sys.stdin)
if request['phase'] == 'make':
    print(json.dumps(make(request['folder'])))
else:
    print(json.dumps(check(request['folder'], request['cases'])))
