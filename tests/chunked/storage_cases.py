# SPDX-License-Identifier: GPL-3.0-or-later
# Oracle for tests/chunked/chunked_storage_test.cpp. Writes, with zarr-python 2, numcodecs
# and h5py (not BufferScope), into OUTDIR:
#   changing.zarr  (4, 4) int32, chunks (2, 2), zstd, values 0..15 (the test rewrites it);
#   group.zarr     a group raw/0 (3, 4) int64, raw/1 (5,) float32, labels (2, 2) uint8,
#                  consolidated, then an array 'late' added WITHOUT consolidating again;
#   sizes.zarr     (6, 40, 40) float32, chunks (2, 16, 16), zstd, fill 0 and the first
#                  plane pair left at the fill (those chunks are not written);
#   many.zarr      (64, 64) int8, chunks (1, 2): 2048 small chunks, no zero chunk;
#   corrupt.h5     /data (8, 8) int32 0..63, chunks (4, 4), deflate; the stored bytes of
#                  chunk (1, 0) (rows 4..7, columns 0..3) overwritten with 0xff.
# Prints one JSON object: {"consolidated": arrays zarr.open_consolidated lists, "sizes":
# {"stored": bytes of its chunk files, "chunks": how many}, "many": {"stored": ...},
# "corrupt": {"offset": ..., "size": ...}}.
# Usage: storage_cases.py OUTDIR
import json
import os
import sys

import h5py
import numcodecs
import numpy as np
import zarr

OUT = sys.argv[1]
zstd = numcodecs.Zstd(level=1)
result = {}

z = zarr.open_array(os.path.join(OUT, 'changing.zarr'), mode='w', shape=(4, 4), chunks=(2, 2),
                    dtype='<i4', compressor=zstd)
z[...] = np.arange(16, dtype='<i4').reshape(4, 4)

path = os.path.join(OUT, 'group.zarr')
g = zarr.open_group(path, mode='w')
g.create_dataset('raw/0', data=np.arange(12).reshape(3, 4), chunks=(2, 2))
g.create_dataset('raw/1', data=np.ones(5, 'f4'))
g.create_dataset('labels', data=np.array([[1, 2], [3, 4]], 'u1'))
zarr.consolidate_metadata(path)
g.create_dataset('late', data=np.zeros(3))
listed = []
zarr.open_consolidated(path).visititems(
    lambda name, node: listed.append(name) if isinstance(node, zarr.Array) else None)
result['consolidated'] = sorted(listed)


def chunk_bytes(store):
    total, count = 0, 0
    for root, _, files in os.walk(store):
        for name in files:
            if not name.startswith('.'):
                total += os.path.getsize(os.path.join(root, name))
                count += 1
    return {'stored': total, 'chunks': count}


path = os.path.join(OUT, 'sizes.zarr')
z = zarr.open_array(path, mode='w', shape=(6, 40, 40), chunks=(2, 16, 16), dtype='<f4',
                    compressor=zstd, fill_value=0, write_empty_chunks=False)
data = np.random.default_rng(3).integers(1, 50, (6, 40, 40)).astype('<f4')
data[0:2] = 0
z[...] = data
result['sizes'] = chunk_bytes(path)

path = os.path.join(OUT, 'many.zarr')
z = zarr.open_array(path, mode='w', shape=(64, 64), chunks=(1, 2), dtype='i1', compressor=None)
z[...] = np.random.default_rng(4).integers(1, 100, (64, 64)).astype('i1')
result['many'] = chunk_bytes(path)

path = os.path.join(OUT, 'corrupt.h5')
with h5py.File(path, 'w') as f:
    d = f.create_dataset('data', data=np.arange(64, dtype='<i4').reshape(8, 8), chunks=(4, 4),
                         compression='gzip')
    info = next(d.id.get_chunk_info(i) for i in range(d.id.get_num_chunks())
                if d.id.get_chunk_info(i).chunk_offset == (4, 0))
    offset, size = info.byte_offset, info.size
with open(path, 'r+b') as f:
    f.seek(offset)
    f.write(b'\xff' * size)
result['corrupt'] = {'offset': offset, 'size': size}
print(json.dumps(result))
