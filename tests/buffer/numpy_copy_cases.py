# SPDX-License-Identifier: GPL-3.0-or-later
# Larger strided NumPy views (transposes, steps, reversals, broadcasts, odd itemsizes, columns
# read at strides of 512 B and 1 KiB) with their base memory and NumPy's tobytes('C') /
# tobytes('F'), as JSON on stdout, so the tiled, merged and gather paths run over many tiles
# and passes. Usage: numpy_copy_cases.py SEED
import json
import sys

import numpy as np

rng = np.random.default_rng(int(sys.argv[1]))


def base(shape, dtype):
    dtype = np.dtype(dtype)
    n = int(np.prod(shape)) * dtype.itemsize
    return np.frombuffer(rng.integers(0, 256, n, dtype=np.uint8).tobytes(), dtype=dtype).reshape(shape)


def case(name, b, v):
    offset = v.__array_interface__['data'][0] - b.__array_interface__['data'][0]
    return {'name': name, 'memory': b.tobytes().hex(), 'offset': int(offset),
            'itemsize': v.itemsize, 'shape': list(v.shape), 'strides': list(v.strides),
            'tobytesC': v.tobytes('C').hex(), 'tobytesF': v.tobytes('F').hex()}


cases = []
for dt in ['u1', 'u2', 'f4', 'f8', 'c16', 'S3', 'V12']:
    b = base((67, 131), dt)
    cases.append(case(f'{dt} 67x131 transposed', b, b.T))
    cases.append(case(f'{dt} 67x131 stepped and reversed', b, b[::-2, 3::3]))
    cases.append(case(f'{dt} 67x131 transposed, reversed rows', b, b.T[::-1]))
for dt in ['u1', 'f4', 'f8']:
    b = base((5, 37, 41), dt)
    for axes in [(2, 1, 0), (1, 2, 0), (0, 2, 1), (2, 0, 1)]:
        cases.append(case(f'{dt} 5x37x41 axes {axes}', b, b.transpose(axes)))
    cases.append(case(f'{dt} 5x37x41 reversed middle', b, b[:, ::-1, :]))
    b4 = base((3, 4, 17, 19), dt)
    cases.append(case(f'{dt} 3x4x17x19 permuted, reversed', b4, b4.transpose(3, 1, 0, 2)[::-1, :, ::2]))
b = base((1, 64), 'f4')
cases.append(case('f4 broadcast 50x64', b, np.broadcast_to(b, (50, 64))))
b = base((64, 1), 'f8')
cases.append(case('f8 broadcast 64x50 transposed', b, np.broadcast_to(b, (64, 50)).T))
# Columns with a source stride of +-512 B or +-1 KiB (the page-apart gather), lengths that are
# no multiple of the number of passes, one longer than the 1024-item block; one at 900 B
# (walked in order).
for name, shape, dt, index in [('u1 3x130x1024 [:, ::-1, 7]', (3, 130, 1024), 'u1', np.s_[:, ::-1, 7]),
                               ('u1 1100x512 [:, 1]', (1100, 512), 'u1', np.s_[:, 1]),
                               ('u1 4x9x1024 [:, :, 500]', (4, 9, 1024), 'u1', np.s_[:, :, 500]),
                               ('u2 100x512 [:, 9]', (100, 512), 'u2', np.s_[:, 9]),
                               ('f4 130x128 [:, 3]', (130, 128), 'f4', np.s_[:, 3]),
                               ('f8 200x64 [::-1, 2]', (200, 64), 'f8', np.s_[::-1, 2]),
                               ('c16 64x64 [:, 1]', (64, 64), 'c16', np.s_[:, 1]),
                               ('S3 150x300 [:, 5]', (150, 300), 'S3', np.s_[:, 5])]:
    b = base(shape, dt)
    cases.append(case(name, b, b[index]))
# Shapes whose C-order output rows are multiples of 16 bytes, so the SIMD transpose blocks,
# reversed runs and every-other-item runs take their streaming-store paths in the test's
# streamed copy.
for dt in ['f4', 'f8']:
    b = base((64, 96), dt)
    cases.append(case(f'{dt} 64x96 transposed', b, b.T))
    cases.append(case(f'{dt} 64x96 [::-1, ::-1]', b, b[::-1, ::-1]))
    cases.append(case(f'{dt} 64x96 [:, ::2]', b, b[:, ::2]))
    cases.append(case(f'{dt} 64x96 [:, ::-2]', b, b[:, ::-2]))
    cases.append(case(f'{dt} 64x96 [::3, ::-2]', b, b[::3, ::-2]))
json.dump(cases, sys.stdout)
