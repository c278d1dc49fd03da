# SPDX-License-Identifier: GPL-3.0-or-later
# Larger strided NumPy views (transposes, steps, reversals, broadcasts, odd itemsizes) with
# their base memory and NumPy's tobytes('C') / tobytes('F'), as JSON on stdout, so the tiled
# and merged copy paths run over many tiles. Usage: numpy_copy_cases.py SEED
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
json.dump(cases, sys.stdout)
