# SPDX-License-Identifier: GPL-3.0-or-later
"""bufferscope.inferior without gdb: the values --print reads through a read(address, size)
function agree with NumPy's view over random layouts (negative strides, transposes, record
dtypes) and with _testbuffer's PIL-style arrays read through their pointers; the command
lines parse as gdb passes them, with exact refusals; --print's descriptor is the one core
writes."""

import json
import random
import unittest

import numpy as np

from bufferscope import _native, inferior

try:
    from _testbuffer import ND_PIL, ndarray
except ImportError:  # pragma: no cover - Debian's python3 ships it
    ndarray = None

SEED = 15


def read(address, size):
    return _native.read(address, size)


def buffer_of(obj):
    with _native.acquire(obj, _native.FULL_RO) as held:
        return {"address": held.address, "len": held.len, "itemsize": held.itemsize,
                "format": held.format, "readonly": True, "shape": list(held.shape),
                "strides": list(held.strides),
                "suboffsets": list(held.suboffsets) if held.suboffsets else None}


class ValuesTest(unittest.TestCase):
    def test_random_numpy_views(self):
        rng = random.Random(SEED)
        bases = [np.arange(6 * 7 * 5, dtype="<f4").reshape(6, 7, 5),
                 np.arange(8 * 9, dtype=">i2").reshape(8, 9),
                 np.zeros(12, dtype=[("x", "<f8"), ("y", "<i2")]).reshape(3, 4)]
        bases[2]["x"] = np.arange(12).reshape(3, 4) / 3
        bases[2]["y"] = -np.arange(12).reshape(3, 4)
        for _ in range(200):
            base = rng.choice(bases)
            index = tuple(slice(rng.choice([None, 1]), None, rng.choice([1, 2, -1, -2]))
                          for _ in base.shape)
            view = base[index]
            if rng.random() < 0.5:
                view = view.T
            with self.subTest(shape=view.shape, strides=view.strides, seed=SEED):
                got = inferior.values(read, buffer_of(view))
                self.assertEqual(got.shape, view.shape)
                self.assertEqual(got.tobytes(), view.tobytes())

    @unittest.skipIf(ndarray is None, "no _testbuffer")
    def test_pil_arrays_read_through_their_pointers(self):
        for shape, fmt in (([4, 6], "i"), ([3, 2, 5], "d"), ([5], "B")):
            items = list(range(int(np.prod(shape))))
            if fmt == "d":
                items = [x / 4 for x in items]
            nd = ndarray(items, shape=shape, format=fmt, flags=ND_PIL)
            buffer = buffer_of(nd)
            if len(shape) > 1:
                self.assertIsNotNone(buffer["suboffsets"])
            got = inferior.values(read, buffer)
            self.assertEqual(got.tolist(), nd.tolist())

    def test_unreadable_memory_is_an_error(self):
        buffer = inferior.buffer_message(16, "B", [4])
        with self.assertRaises(inferior.ReadError) as refused:
            inferior.values(read, buffer)
        self.assertTrue(str(refused.exception).startswith("bufferscope: cannot read 4 bytes at 0x10: "),
                        str(refused.exception))

    def test_printed_descriptor_is_cores(self):
        a = np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4))
        buffer = inferior.buffer_message(a.__array_interface__["data"][0], "<f8", [2, 3, 4],
                                         list(a.strides))
        text = inferior.printed(read, buffer, {"pid": 1, "name": "a", "program": "p",
                                               "expression": "vol"})
        descriptor, end = json.JSONDecoder().raw_decode(text)
        self.assertEqual(descriptor["format"], "<d")
        self.assertEqual(descriptor["strides"], list(a.strides))
        self.assertTrue(descriptor["f_contiguous"])
        self.assertEqual(descriptor["source"], {"kind": "debugger", "path": "", "options": {
            "pid": 1, "id": 0, "name": "a", "program": "p", "expression": "vol"}})
        self.assertEqual(text[end:].strip(), str(a))


class ArgumentsTest(unittest.TestCase):
    def test_show(self):
        args = inferior.parse_show(["p + 16", "<u2", "3,4", "--strides=-8,2", "--name", "n",
                                    "--print"])
        self.assertEqual((args["EXPR"], args["FORMAT"], args["shape"], args["strides"],
                          args["--name"], args["--print"], args["--follow"]),
                         ("p + 16", "<u2", [3, 4], [-8, 2], "n", True, False))
        self.assertEqual(inferior.parse_show(["p", "B", "2,3", "--strides", "-3,-1"])["strides"],
                         [-3, -1])

    def test_refusals(self):
        cases = [(["p"], "missing FORMAT"), (["p", "B"], "missing SHAPE"),
                 (["p", "B", "2", "x"], "unexpected argument 'x'"),
                 (["p", "B", "2", "--bogus"], "unknown option --bogus"),
                 (["p", "B", "2", "--name"], "--name needs a value"),
                 (["p", "B", "2,x"], "SHAPE must be integers separated by commas, got '2,x'"),
                 (["p", "B", "2,3", "--suboffsets", "0"],
                  "--suboffsets needs 2 values (one per dimension), got 1")]
        for argv, message in cases:
            with self.subTest(argv=argv), self.assertRaises(inferior.UsageError) as refused:
                inferior.parse_show(argv)
            self.assertEqual(str(refused.exception), message)

    def test_requests(self):
        self.assertEqual(inferior.request_flags("full_ro"), _native.FULL_RO)
        self.assertEqual(inferior.request_flags("PyBUF_RECORDS"), _native.RECORDS)
        self.assertEqual(inferior.request_flags("0x1c"), 0x1C)
        with self.assertRaises(inferior.UsageError) as refused:
            inferior.request_flags("EVERYTHING")
        self.assertEqual(str(refused.exception), "--flags: unknown request 'EVERYTHING'")
        args = inferior.parse_pybuffer(["view", "--flags", "strided_ro"])
        self.assertEqual((args["flags"], args["request"]), (_native.STRIDED_RO, "STRIDED_RO"))


if __name__ == "__main__":
    unittest.main()
