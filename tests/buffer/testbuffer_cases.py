# SPDX-License-Identifier: GPL-3.0-or-later
# Random _testbuffer.ndarray layouts with what CPython says about them, as JSON on stdout:
# the memory (hex) and where buf lies in it, the layout as memoryview reports it, memoryview's
# c_contiguous / f_contiguous / contiguous, PyBuffer_IsContiguous, tobytes('C'/'F'/'A') and
# memoryview's getbuffer answer for request flags. Usage: testbuffer_cases.py COUNT SEED
import ctypes
import json
import random
import struct
import sys

import _testbuffer as tb

COUNT = int(sys.argv[1])
SEED = int(sys.argv[2])
rng = random.Random(SEED)

FORMATS = ['B', 'b', 'h', 'H', 'i', 'f', 'q', 'd']
PRIMITIVES = [tb.PyBUF_WRITABLE, tb.PyBUF_FORMAT, tb.PyBUF_ND, tb.PyBUF_STRIDES,
              tb.PyBUF_C_CONTIGUOUS, tb.PyBUF_F_CONTIGUOUS, tb.PyBUF_ANY_CONTIGUOUS,
              tb.PyBUF_INDIRECT]
NAMED = ['SIMPLE', 'WRITABLE', 'FORMAT', 'ND', 'STRIDES', 'C_CONTIGUOUS', 'F_CONTIGUOUS',
         'ANY_CONTIGUOUS', 'INDIRECT', 'CONTIG', 'CONTIG_RO', 'STRIDED', 'STRIDED_RO', 'RECORDS',
         'RECORDS_RO', 'FULL', 'FULL_RO']


class PyBuffer(ctypes.Structure):
    _fields_ = [('buf', ctypes.c_void_p), ('obj', ctypes.c_void_p), ('len', ctypes.c_ssize_t),
                ('itemsize', ctypes.c_ssize_t), ('readonly', ctypes.c_int),
                ('ndim', ctypes.c_int), ('format', ctypes.c_char_p),
                ('shape', ctypes.POINTER(ctypes.c_ssize_t)),
                ('strides', ctypes.POINTER(ctypes.c_ssize_t)),
                ('suboffsets', ctypes.POINTER(ctypes.c_ssize_t)),
                ('internal', ctypes.c_void_p)]


api = ctypes.pythonapi
api.PyObject_GetBuffer.argtypes = [ctypes.py_object, ctypes.POINTER(PyBuffer), ctypes.c_int]
api.PyBuffer_Release.argtypes = [ctypes.POINTER(PyBuffer)]
PTR = ctypes.sizeof(ctypes.c_void_p)


def extent(shape, strides):
    lo = hi = 0
    for n, s in zip(shape, strides):
        if n == 0:
            return None
        lo += min(0, (n - 1) * s)
        hi += max(0, (n - 1) * s)
    return lo, hi


def pil_memory(nd, itemsize):
    """Reads the pointer array and rows _testbuffer made (one allocation) through a Py_buffer."""
    b = PyBuffer()
    if api.PyObject_GetBuffer(nd, ctypes.byref(b), tb.PyBUF_FULL_RO) != 0:
        raise RuntimeError('getbuffer failed')
    try:
        ndim = b.ndim
        shape = [b.shape[i] for i in range(ndim)]
        strides = [b.strides[i] for i in range(ndim)]
        sub0 = b.suboffsets[0]
        slots = [b.buf + i * strides[0] for i in range(shape[0])]
        targets = [ctypes.c_void_p.from_address(a).value for a in slots]
        lo = min([b.buf] + slots)
        hi = max([b.buf + PTR] + [a + PTR for a in slots])
        inner = extent(shape[1:], strides[1:])
        if inner is not None:
            for t in targets:
                lo = min(lo, t + sub0 + inner[0])
                hi = max(hi, t + sub0 + inner[1] + itemsize)
        memory = ctypes.string_at(lo, hi - lo)
        return {'memory': memory.hex(), 'bufOffset': b.buf - lo,
                'slotOffsets': [a - lo for a in slots], 'targetOffsets': [t - lo for t in targets]}
    finally:
        api.PyBuffer_Release(ctypes.byref(b))


def random_layout(ndim, itemsize):
    shape = []
    for _ in range(ndim):
        r = rng.random()
        shape.append(0 if r < 0.07 else 1 if r < 0.25 else rng.randint(2, 5))
    kind = rng.random()
    if kind < 0.15:
        return shape, None            # default C strides
    if kind < 0.25:
        return shape, 'fortran'
    strides = []
    contiguous = kind < 0.45
    sd = itemsize
    for n in reversed(shape):
        if contiguous:
            strides.append(sd)
        else:
            strides.append(itemsize * rng.choice([-6, -3, -2, -1, 0, 1, 1, 2, 3, 5, 8]))
        sd *= max(n, 1)
    strides.reverse()
    if contiguous and ndim and rng.random() < 0.3:
        i = rng.randrange(ndim)
        strides[i] = -strides[i]
    return shape, strides


def make_case(index):
    fmt = rng.choice(FORMATS)
    itemsize = struct.calcsize(fmt)
    pil = rng.random() < 0.2
    ndim = rng.randint(1 if pil else 0, 4)
    shape, strides = random_layout(ndim, itemsize)
    flags = 0 if rng.random() < 0.3 else tb.ND_WRITABLE
    kwargs = {'shape': shape, 'format': fmt}
    lo = hi = 0
    if strides == 'fortran':
        flags |= tb.ND_FORTRAN
        count = 1
        for n in shape:
            count *= n
    elif strides is None:
        count = 1
        for n in shape:
            count *= n
    else:
        ext = extent(shape, strides)
        if ext is not None:
            lo, hi = ext
        count = (hi - lo) // itemsize + 1
        kwargs['strides'] = strides
    explicit = strides not in (None, 'fortran') and ndim > 0
    slack_front = rng.randint(0, 2) if explicit else 0
    slack_back = rng.randint(0, 2) if explicit else 0
    offset = -lo + slack_front * itemsize
    if strides not in (None, 'fortran'):
        kwargs['offset'] = offset
    nitems = max(count, 1) + slack_front + slack_back
    if fmt in 'bhiqfd':
        items = [rng.randint(-100, 100) for _ in range(nitems)]
    else:
        items = [rng.randint(0, 250) for _ in range(nitems)]
    if fmt in 'fd':
        items = [float(x) for x in items]
    if pil:
        flags |= tb.ND_PIL
    nd = tb.ndarray(items, flags=flags, **kwargs)
    m = memoryview(nd)
    case = {'id': index, 'format': fmt, 'itemsize': itemsize, 'pil': pil,
            'shape': list(m.shape), 'strides': list(m.strides),
            'suboffsets': list(m.suboffsets), 'readonly': m.readonly,
            'c': m.c_contiguous, 'f': m.f_contiguous, 'any': m.contiguous,
            'isC': tb.is_contiguous(nd, 'C'), 'isF': tb.is_contiguous(nd, 'F'),
            'isA': tb.is_contiguous(nd, 'A'),
            'tobytesC': m.tobytes('C').hex(), 'tobytesF': m.tobytes('F').hex(),
            'tobytesA': m.tobytes('A').hex()}
    if pil:
        case.update(pil_memory(nd, itemsize))
    else:
        raw = b''.join(struct.pack(fmt, x) for x in items)
        ext = extent(m.shape, m.strides) or (0, 0)
        case.update({'memory': raw.hex(), 'bufOffset': nd.offset if ndim else 0,
                     'slotOffsets': [], 'targetOffsets': [], 'extent': list(ext)})
    requests = []
    for _ in range(8):
        req = 0
        for p in PRIMITIVES:
            if rng.random() < 0.3:
                req |= p
        requests.append(req)
    answers = []
    for req in requests:
        try:
            tb.ndarray(m, getbuf=req)
            answers.append([req, None])
        except BufferError as e:
            answers.append([req, str(e)])
    case['requests'] = answers
    named = []
    for name in NAMED:
        try:
            tb.ndarray(m, getbuf=getattr(tb, 'PyBUF_' + name))
            named.append(name)
        except BufferError:
            pass
    case['satisfiable'] = named
    return case


cases = [make_case(i) for i in range(COUNT)]
json.dump({'seed': SEED, 'cases': cases}, sys.stdout)
