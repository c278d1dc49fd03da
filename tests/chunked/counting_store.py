# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the stores of the counting and corrupt-chunk tests with numcodecs (not BufferScope):
#  OUTDIR/counting.zarr: Zarr v2, (64, 4096, 4096) float32, chunks (1, 512, 512), zstd, fill
#    -1; only the chunks of plane 5 and of rows 0..511 of every plane are written (the ones
#    the test's two slices touch), each value z*4096 + y + ((x // 512) * 8 + x % 8) / 64;
#  OUTDIR/corrupt.zarr: (4, 4) int32, chunks (2, 2), zstd; chunk '0.1' replaced by garbage,
#    chunk '1.0' cut to half its bytes. Prints the stored size of '1.0' after the cut.
# Usage: counting_store.py OUTDIR
import json
import os
import sys

import numcodecs
import numpy as np

OUT = sys.argv[1]
zstd = numcodecs.Zstd(level=1)


def write_meta(path, shape, chunks, dtype, fill):
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, '.zarray'), 'w') as f:
        json.dump({'zarr_format': 2, 'shape': shape, 'chunks': chunks, 'dtype': dtype,
                   'compressor': {'id': 'zstd', 'level': 1}, 'fill_value': fill,
                   'order': 'C', 'filters': None}, f)


path = os.path.join(OUT, 'counting.zarr')
write_meta(path, [64, 4096, 4096], [1, 512, 512], '<f4', -1)
x = np.arange(512)
for z in range(64):
    for cy in range(8):
        if z != 5 and cy != 0:
            continue
        y = np.arange(512) + cy * 512
        for cx in range(8):
            frac = ((cx * 8) + x % 8) / 64.0
            chunk = (z * 4096 + y[:, None] + frac[None, :]).astype('<f4')
            with open(os.path.join(path, '%d.%d.%d' % (z, cy, cx)), 'wb') as f:
                f.write(zstd.encode(chunk))

path = os.path.join(OUT, 'corrupt.zarr')
write_meta(path, [4, 4], [2, 2], '<i4', 0)
data = np.arange(16, dtype='<i4').reshape(4, 4)
for cy in range(2):
    for cx in range(2):
        blob = bytes(zstd.encode(np.ascontiguousarray(data[cy * 2:cy * 2 + 2, cx * 2:cx * 2 + 2])))
        if (cy, cx) == (0, 1):
            blob = b'garbage!'
        if (cy, cx) == (1, 0):
            blob = blob[:len(blob) // 2]
            print(len(blob))
        with open(os.path.join(path, '%d.%d' % (cy, cx)), 'wb') as f:
            f.write(blob)
