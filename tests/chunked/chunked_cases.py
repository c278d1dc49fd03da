# SPDX-License-Identifier: GPL-3.0-or-later
# Oracle for tests/chunked/chunked_store_test.cpp. Writes random chunked arrays into OUTDIR
# with libraries that are not BufferScope: zarr-python 2 (v2 stores), h5py (HDF5 files), and
# Zarr v3 stores written here from the v3 spec with numcodecs for gzip/zstd/blosc and the
# crc32c package for checksums. For each array, random view chains (basic indexing, .T,
# .transpose, field selection) are evaluated by NumPy on the C-contiguous array. Writes
# OUTDIR/manifest.json: a list of {path, descr, shape, views: [{expression, shape,
# strides, bytes (file of the view's C-order bytes)}]}.
# Usage: chunked_cases.py OUTDIR SEED COUNT
import json
import os
import random
import struct
import sys

import crc32c
import h5py
import numcodecs
import numpy as np
import zarr

OUT, SEED, COUNT = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(SEED)
nrng = np.random.default_rng(SEED)

SCALARS = ['|u1', '|i1', '<i2', '>i2', '<u2', '<i4', '>u4', '<i8', '>i8', '<u8', '<f2', '>f4',
           '<f4', '<f8', '>f8', '<c8', '>c16', '|b1', '|S3']
RECORDS = [
    [('a', '<i4'), ('b', '>f8', (2,)), ('c', '|u1')],
    [('x', '>i2', (2, 3)), ('y', '<f4')],
]
V3_TYPES = {'bool': '?', 'int8': 'i1', 'int16': 'i2', 'int32': 'i4', 'int64': 'i8', 'uint8': 'u1',
            'uint16': 'u2', 'uint32': 'u4', 'uint64': 'u8', 'float16': 'f2', 'float32': 'f4',
            'float64': 'f8', 'complex64': 'c8', 'complex128': 'c16'}


def random_data(dtype, shape):
    n = int(np.prod(shape)) * dtype.itemsize
    raw = nrng.integers(0, 256, n, dtype=np.uint8)
    if dtype.kind == 'b':
        raw = raw % 2
    a = raw.view(dtype).reshape(shape) if n else np.zeros(shape, dtype)
    if dtype.kind in 'fc':
        # Small integers mostly, so chunks compress; bytes of NaNs compare as bytes anyway.
        a = nrng.integers(-50, 50, shape).astype(dtype)
    return a


def random_shape():
    ndim = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])
    return tuple(rng.randint(0, 2) if rng.random() < 0.05 else rng.randint(1, 9) for _ in range(ndim))


def random_chunks(shape):
    return tuple(rng.randint(1, max(1, n + 1)) for n in shape)


def index_text(a):
    parts = []
    for n in a.shape[:rng.randint(1, a.ndim)]:
        r = rng.random()
        if r < 0.25 and n > 0:
            parts.append(str(rng.randrange(-n, n)))
        elif r < 0.5:
            parts.append(':')
        else:
            start = rng.choice(['', str(rng.randint(-n - 1, n + 1))])
            stop = rng.choice(['', str(rng.randint(-n - 1, n + 1))])
            step = rng.choice(['', '1', '2', '-1', '-2', '3'])
            parts.append(start + ':' + stop + (':' + step if step else ''))
    return '[' + ', '.join(parts) + ']'


def random_views(c):
    views = []
    for _ in range(4):
        expr, a = '', c
        for _ in range(rng.randint(1, 3)):
            r = rng.random()
            if a.dtype.names and r < 0.25:
                step = "['%s']" % rng.choice(a.dtype.names)
            elif a.ndim > 0 and r < 0.6:
                step = index_text(a)
            elif a.ndim > 1 and r < 0.8:
                axes = list(range(a.ndim))
                rng.shuffle(axes)
                step = '.transpose(%s)' % ', '.join(map(str, axes))
            else:
                step = '.T'
            try:
                b = eval('a' + step, {'a': a})
            except Exception:
                continue
            if not isinstance(b, np.ndarray):
                continue
            expr, a = expr + step, b
        if expr:
            views.append((expr, a))
    return views


def c_copy(a):
    # A fresh C-ordered array: NumPy's C strides even for size-1 and size-0 axes, 0-d kept.
    return np.array(a, order='C', copy=True)


def descr(dtype):
    return json.loads(json.dumps(dtype.descr))


def record(path, c, cases):
    entry = {'path': path, 'descr': descr(c.dtype), 'shape': list(c.shape), 'views': []}
    n = len(cases)
    for i, (expr, v) in enumerate(random_views(c) + [('', c)]):
        name = 'expected_%d_%d.bin' % (n, i)
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(np.ascontiguousarray(v).tobytes())
        entry['views'].append({'expression': expr, 'shape': list(v.shape),
                               'strides': list(v.strides), 'bytes': name})
    cases.append(entry)


def zarr_v2_case(i, cases):
    shape = random_shape()
    dtype = np.dtype(rng.choice(SCALARS) if rng.random() < 0.85 else rng.choice(RECORDS))
    data = random_data(dtype, shape)
    compressor = rng.choice([None, numcodecs.Zlib(level=1), numcodecs.GZip(level=1),
                             numcodecs.Zstd(level=1),
                             numcodecs.Blosc(cname=rng.choice(['lz4', 'zstd', 'blosclz']),
                                             shuffle=rng.choice([0, 1, 2]))])
    fill = None
    if dtype.names is None and dtype.kind in 'iu':
        fill = int(data.flat[0]) if data.size else 0
    elif dtype.kind == 'f':
        fill = rng.choice([float('nan'), float('inf'), -float('inf'), 7.0])
    if fill is not None and data.size and rng.random() < 0.5:
        data.reshape(-1)[: data.size // 2] = fill  # whole chunks equal to fill are not written
    path = os.path.join(OUT, 'v2_%d.zarr' % i)
    z = zarr.open_array(path, mode='w', shape=shape, chunks=random_chunks(shape), dtype=dtype,
                        compressor=compressor, fill_value=fill, order=rng.choice('CF'),
                        write_empty_chunks=False,
                        dimension_separator=rng.choice(['.', '/']))
    z[...] = data
    record(path, c_copy(z[...]), cases)


def v3_case(i, cases):
    shape = random_shape()
    tname = rng.choice(list(V3_TYPES))
    big = rng.random() < 0.3
    dtype = np.dtype(('>' if big else '<') + V3_TYPES[tname]) if V3_TYPES[tname] not in ('?', 'i1', 'u1') else np.dtype(V3_TYPES[tname])
    data = random_data(dtype, shape)
    ndim = len(shape)
    grid = random_chunks(shape)
    sharded = ndim > 0 and rng.random() < 0.35
    inner = tuple(rng.randint(1, g) for g in grid) if sharded else grid
    if sharded:
        grid = tuple(n * rng.randint(1, 3) for n in inner)
    fills = {'b': [True, False], 'i': [0, -3, 5], 'u': [0, 9], 'f': ['NaN', 'Infinity', '-Infinity', 2.5, 0],
             'c': [[1.0, -2.0], ['NaN', 0.0]]}
    fill_json = rng.choice(fills[dtype.kind])
    if dtype.kind == 'f' and rng.random() < 0.2:
        fill_json = '0x' + np.array(1.5, dtype.newbyteorder('>')).tobytes().hex()
    if dtype.kind == 'c':
        fill = complex(*[float(x) for x in fill_json])
    elif dtype.kind == 'f':
        if isinstance(fill_json, str) and fill_json.startswith('0x'):
            fill = np.frombuffer(bytes.fromhex(fill_json[2:]), dtype.newbyteorder('>'))[0]
        else:
            fill = {'NaN': float('nan'), 'Infinity': float('inf'), '-Infinity': -float('inf')}.get(fill_json, fill_json)
    else:
        fill = fill_json
    order = list(range(ndim))
    transpose = ndim > 1 and rng.random() < 0.4
    if transpose:
        rng.shuffle(order)
    compressor = rng.choice(['none', 'gzip', 'zstd', 'blosc'])
    crc = rng.random() < 0.4
    chunk_codecs = []
    if transpose:
        chunk_codecs.append({'name': 'transpose', 'configuration': {'order': order}})
    chunk_codecs.append({'name': 'bytes', 'configuration': {'endian': 'big' if big else 'little'}})
    if compressor == 'gzip':
        chunk_codecs.append({'name': 'gzip', 'configuration': {'level': 1}})
    elif compressor == 'zstd':
        chunk_codecs.append({'name': 'zstd', 'configuration': {'level': 1, 'checksum': False}})
    elif compressor == 'blosc':
        chunk_codecs.append({'name': 'blosc', 'configuration': {'cname': 'lz4', 'clevel': 5, 'shuffle': 'shuffle', 'typesize': dtype.itemsize, 'blocksize': 0}})
    if crc:
        chunk_codecs.append({'name': 'crc32c'})

    def encode(chunk):
        a = np.ascontiguousarray(chunk.transpose(order)) if transpose else np.ascontiguousarray(chunk)
        if compressor == 'blosc':
            b = numcodecs.Blosc(cname='lz4', clevel=5, shuffle=1).encode(a)
        else:
            b = a.tobytes()
            if compressor == 'gzip':
                b = numcodecs.GZip(level=1).encode(b)
            elif compressor == 'zstd':
                b = numcodecs.Zstd(level=1).encode(b)
        b = bytes(b)
        if crc:
            b += struct.pack('<I', crc32c.crc32c(b))
        return b

    encoding = rng.choice(['default', 'v2'])
    sep = rng.choice(['/', '.'])

    def key(coords):
        if encoding == 'default':
            return 'c' + (sep + sep.join(map(str, coords)) if coords else '')
        return sep.join(map(str, coords)) if coords else '0'

    path = os.path.join(OUT, 'v3_%d.zarr' % i)
    os.makedirs(path)
    # Absent chunks: their region of the oracle data is the fill value.
    nchunks = [-(-n // c) for n, c in zip(shape, inner)]
    absent = set()
    for coords in np.ndindex(*nchunks):
        if rng.random() < 0.2:
            absent.add(coords)
            region = tuple(slice(c * s, (c + 1) * s) for c, s in zip(coords, inner))
            data[region] = fill

    def padded(coords):
        out = np.full(inner, fill, dtype)
        region = tuple(slice(c * s, min((c + 1) * s, n)) for c, s, n in zip(coords, inner, shape))
        part = data[region]
        out[tuple(slice(0, e) for e in part.shape)] = part
        return out

    def write(name, blob):
        full = os.path.join(path, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'wb') as f:
            f.write(blob)

    if not sharded:
        for coords in np.ndindex(*nchunks):
            if coords not in absent:
                write(key(coords), encode(padded(coords)))
        codecs = chunk_codecs
    else:
        per = [g // s for g, s in zip(grid, inner)]
        at_start = rng.random() < 0.3
        nshards = [-(-n // g) for n, g in zip(shape, grid)]
        for shard in np.ndindex(*nshards):
            blobs, index = [], []
            for local in np.ndindex(*per):
                coords = tuple(s * p + l for s, p, l in zip(shard, per, local))
                if coords in absent or any(c >= n for c, n in zip(coords, nchunks)):
                    index.append((2**64 - 1, 2**64 - 1))
                    continue
                blobs.append(encode(padded(coords)))
                index.append(None)
            index_size = 16 * len(index) + 4
            offset = index_size if at_start else 0
            entries, body = [], b''
            bi = iter(blobs)
            for e in index:
                if e is None:
                    b = next(bi)
                    entries.append((offset, len(b)))
                    offset += len(b)
                    body += b
                else:
                    entries.append(e)
            if not blobs:
                continue
            raw = b''.join(struct.pack('<QQ', *e) for e in entries)
            raw += struct.pack('<I', crc32c.crc32c(raw))
            write(key(shard), raw + body if at_start else body + raw)
        codecs = [{'name': 'sharding_indexed', 'configuration': {
            'chunk_shape': list(inner), 'codecs': chunk_codecs,
            'index_codecs': [{'name': 'bytes', 'configuration': {'endian': 'little'}}, {'name': 'crc32c'}],
            'index_location': 'start' if at_start else 'end'}}]
    meta = {'zarr_format': 3, 'node_type': 'array', 'shape': list(shape), 'data_type': tname,
            'chunk_grid': {'name': 'regular', 'configuration': {'chunk_shape': list(grid)}},
            'chunk_key_encoding': {'name': encoding, 'configuration': {'separator': sep}},
            'fill_value': fill_json, 'codecs': codecs, 'attributes': {}}
    with open(os.path.join(path, 'zarr.json'), 'w') as f:
        json.dump(meta, f)
    record(path, c_copy(data), cases)


def hdf5_case(i, cases):
    shape = random_shape()
    dtype = np.dtype(rng.choice(SCALARS[:-2]) if rng.random() < 0.8 else rng.choice(RECORDS))
    data = random_data(dtype, shape)
    path = os.path.join(OUT, 'h5_%d.h5' % i)
    kwargs = {}
    if len(shape) > 0 and all(shape) and rng.random() < 0.7:
        kwargs['chunks'] = tuple(rng.randint(1, n) for n in shape)
        if rng.random() < 0.6:
            kwargs['compression'] = 'gzip'
            kwargs['shuffle'] = rng.random() < 0.5
    with h5py.File(path, 'w') as f:
        g = f.create_group('entry')
        g.create_dataset('other', data=np.arange(3))
        g.create_dataset('frames', data=data, **kwargs)
    with h5py.File(path, 'r') as f:
        back = f['entry/frames'][...]
    record(path + '::/entry/frames', c_copy(back), cases)


cases = []
for i in range(COUNT):
    zarr_v2_case(i, cases)
    v3_case(i, cases)
    hdf5_case(i, cases)
with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump(cases, f)
