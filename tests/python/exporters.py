# SPDX-License-Identifier: GPL-3.0-or-later
"""Correct exporters shared by the Python tests: every kind the issue names, each with a
label. Built fresh on each call, so a test may lock or release them freely."""

import array
import mmap

import _testbuffer as tb
import numpy as np


def numpy_exporters():
    out = {}
    dtypes = ["b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "e", "f", "d", "g", "F", "D",
              "G", "?", ">i4", "<u2", ">f8", "S3", "U3", "V5"]
    for dtype in dtypes:
        base = np.zeros((3, 4), dtype=dtype)
        out[f"numpy {dtype} C"] = base
        out[f"numpy {dtype} F"] = np.asfortranarray(base)
        out[f"numpy {dtype} strided"] = base[::2, 1::2]
        out[f"numpy {dtype} negative strides"] = base[::-1, ::-2]
    records = np.zeros(4, dtype=[("a", "<i4"), ("b", ">f8"), ("c", "u1", (2, 3))])
    out["numpy record"] = records
    out["numpy record aligned"] = np.zeros(3, dtype=np.dtype([("a", "u1"), ("b", "f8")], align=True))
    out["numpy record nested"] = np.zeros(2, dtype=[("p", [("x", "<f4"), ("y", "<f4")]), ("n", "i2")])
    out["numpy record field view"] = records["b"]
    out["numpy 0-d"] = np.array(2.5)
    out["numpy empty"] = np.zeros((0, 3))
    out["numpy broadcast"] = np.broadcast_to(np.arange(3.0), (4, 3))
    out["numpy transposed 3-d"] = np.arange(24, dtype="i2").reshape(2, 3, 4).transpose(2, 0, 1)
    out["numpy read-only"] = np.frombuffer(b"abcdefgh", dtype="<u2")
    return out


def other_exporters():
    data = bytearray(range(48))
    pil = tb.ndarray(list(range(24)), shape=[2, 3, 4], format="B", flags=tb.ND_PIL)
    return {
        "bytes": b"abcdef",
        "bytes empty": b"",
        "bytearray": bytearray(b"abcd"),
        "bytearray empty": bytearray(),
        "array d": array.array("d", [1.0, 2.0, 3.0]),
        "array u": array.array("u", "hey"),
        "array empty": array.array("i"),
        "memoryview": memoryview(data),
        "memoryview slice": memoryview(data)[2:40:3],
        "memoryview cast": memoryview(data).cast("i", [3, 4]),
        "memoryview cast slice": memoryview(data).cast("h")[::-2],
        "memoryview read-only": memoryview(bytes(16)).toreadonly(),
        "mmap": mmap.mmap(-1, 8192),
        "testbuffer C": tb.ndarray(list(range(12)), shape=[3, 4], format="i"),
        "testbuffer ND_FORTRAN": tb.ndarray(list(range(12)), shape=[3, 4], format="i", flags=tb.ND_FORTRAN),
        "testbuffer ND_PIL": pil,
        "testbuffer ND_PIL slice": pil[::-1, 1:],
        "testbuffer negative strides": tb.ndarray(list(range(12)), shape=[12], format="q")[::-3],
        "testbuffer writable": tb.ndarray(list(range(6)), shape=[2, 3], format="<h", flags=tb.ND_WRITABLE),
    }


def correct_exporters():
    return {**numpy_exporters(), **other_exporters()}
