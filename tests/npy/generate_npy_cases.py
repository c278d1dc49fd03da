# SPDX-License-Identifier: GPL-3.0-or-later
# Writes .npy files with NumPy into the folder given as argv[1] and prints, as one JSON list,
# what NumPy says about each as loaded: shape, strides, memoryview format/itemsize/strides,
# and the bytes in C order. The C++ tests open the same files and compare.
import io
import json
import os
import sys
import warnings

import numpy as np
from numpy.lib import format as npformat

SEED = 3118
rng = np.random.default_rng(SEED)
out_dir = sys.argv[1]
warnings.simplefilter("ignore")

SCALARS = ([o + k + s for o in "<>" for k in "iu" for s in "248"] + ["|i1", "|u1", "|b1"]
           + [o + t for o in "<>" for t in ("f2", "f4", "f8", "c8", "c16", "U1", "U3")]
           + ["<f16", "<c32", "|S1", "|S5", "|V8"])

RECORDS = [
    [("a", "<i4"), ("b", ">f8", (2, 3)), ("c", [("x", "u1")])],
    np.dtype([("a", "u1"), ("b", "<i4")], align=True),
    np.dtype([("a", "u1"), ("b", "<i4"), ("c", "u1")], align=True),
    np.dtype([("a", "u1"), ("b", [("x", "u1"), ("y", "<i4")], (2,))], align=True),
    np.dtype([("a", "u1"), ("b", [("x", "<i2"), ("y", ">f4")], (2,))]),
    np.dtype({"names": ["a", "b"], "formats": ["u1", "<i4"], "offsets": [0, 8], "itemsize": 16}),
    np.dtype([(("title", "a"), "u1"), ("b", "<i4")]),
    np.dtype([("a", "u1", (2,)), ("b", "S3", (2, 2)), ("c", "<U2")]),
    np.dtype([("a", "<c8"), ("b", "?"), ("c", "<f2"), ("d", "V3")]),
    np.dtype([("a", "u1", (0,)), ("b", ">i8")]),
    np.dtype([("a", "u1"), ("b", "<f16")]),
    np.dtype([("a", "u1"), ("b", "<f16")], align=True),
    np.dtype([("r", "u1"), ("g", "u1"), ("b", "u1")]),
    np.dtype([("p", [("q", [("r", ">u2", (3,))])]), ("s", "<f8")], align=True),
    np.dtype([("\u00e9t\u00e9", "<i2"), ("x", "<u4")]),
    np.dtype([("\u4e2d", "<i2")]),
]


def descr_of(dtype):
    return npformat.dtype_to_descr(dtype)


def write(path, array, version):
    with open(path, "wb") as f:
        if version is None:
            np.save(f, array)
        else:
            npformat.write_array(f, array, version=version)


def c_order_bytes(array):
    # Viewed as whole unstructured items, so record padding is copied too (a record copy
    # leaves padding bytes undefined).
    return array.view(np.dtype((np.void, array.dtype.itemsize))).tobytes("C")


def describe(name, path, array, version):
    loaded = np.load(path, mmap_mode="r") if array.dtype.itemsize else np.load(path)
    with open(path, "rb") as f:
        major, minor = npformat.read_magic(f)
        npformat._read_array_header(f, (major, minor), max_header_size=10**7)
        data_offset = f.tell()
    case = {
        "name": name, "path": path, "version": [major, minor],
        "shape": list(loaded.shape), "strides": list(loaded.strides),
        "itemsize": loaded.dtype.itemsize, "descr": repr(descr_of(loaded.dtype)),
        "fortran": bool(loaded.flags.f_contiguous and not loaded.flags.c_contiguous),
        "dataOffset": data_offset, "hex": c_order_bytes(loaded).hex(),
        "mvFormat": None, "mvItemsize": None, "mvStrides": None,
    }
    try:
        view = memoryview(np.asarray(loaded))
        case["mvFormat"], case["mvItemsize"] = view.format, view.itemsize
        case["mvStrides"] = list(view.strides)
    except (ValueError, BufferError) as error:
        case["mvError"] = str(error)
    return case


def random_array(dtype, shape, order):
    count = int(np.prod(shape, dtype=np.int64))
    raw = rng.integers(0, 256, size=count * dtype.itemsize, dtype=np.uint8).tobytes()
    array = np.frombuffer(raw, dtype=dtype).reshape(shape)
    return np.asfortranarray(array) if order == "F" else np.ascontiguousarray(array)


cases = []
versions = [None, (1, 0), (2, 0), (3, 0)]


def add(dtype, shape, order, version):
    dtype = np.dtype(dtype)
    name = "case%04d" % len(cases)
    path = os.path.join(out_dir, name + ".npy")
    array = random_array(dtype, shape, order)
    try:
        write(path, array, version)
    except ValueError:
        write(path, array, None)  # e.g. a UTF-8 field name cannot go in a 1.0 header
    cases.append(describe(name, path, array, version))


# Every scalar and record type in C and F order, 0-d, and with empty dimensions.
for i, dtype in enumerate(SCALARS + RECORDS):
    for order in "CF":
        add(dtype, (3, 4), order, versions[i % 4])
        add(dtype, (2, 1, 3), order, versions[(i + 1) % 4])
    add(dtype, (), "C", versions[(i + 2) % 4])
    add(dtype, (0, 3), "C", versions[(i + 3) % 4])
    add(dtype, (3, 0, 2), "F", versions[i % 4])
    add(dtype, (5,), "C", versions[(i + 1) % 4])

# Random shapes, types, orders and versions.
everything = SCALARS + RECORDS
for _ in range(150):
    dtype = everything[int(rng.integers(len(everything)))]
    ndim = int(rng.integers(0, 5))
    shape = tuple(int(d) for d in rng.integers(0, 4, size=ndim))
    order = "CF"[int(rng.integers(2))]
    add(dtype, shape, order, versions[int(rng.integers(4))])

json.dump({"seed": SEED, "cases": cases}, sys.stdout)
