# SPDX-License-Identifier: GPL-3.0-or-later
"""bufferscope.show() against the real window (offscreen): the export it holds locks the object
with CPython's own error until the window gives it back; views made in the window agree with
NumPy on shape, strides, offset and bytes over a few hundred random chains; a _testbuffer
PIL-style array's bytes read through its pointers agree with tolist(); closing refused while
views hold exports; the window going away gives every export back."""

import os
import random
import struct
import time
import unittest

import numpy as np

import bufferscope
from bufferscope import live

try:
    from _testbuffer import ND_PIL, ndarray
except ImportError:  # pragma: no cover - Debian's python3 ships it
    ndarray = None

SEED = 20261206


def lowest_address(a):
    """Where the window measures offsets from: the lowest byte the exporter's buffer reaches."""
    address = a.__array_interface__["data"][0]
    return address + sum((n - 1) * s for n, s in zip(a.shape, a.strides) if s < 0 and n > 0)


def random_chain(rng, shape):
    """A view expression (our language and NumPy's alike) and the steps' count."""
    text, ndim, dims = "", len(shape), list(shape)
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["index", "index", "T", "transpose", "swapaxes"])
        if kind == "index" and ndim:
            items, kept = [], []
            for n in dims:
                choice = rng.random()
                if choice < 0.2 and n > 0:
                    items.append(str(rng.randrange(-n, n)))
                    continue
                start = rng.choice(["", str(rng.randrange(-n - 1, n + 1))])
                stop = rng.choice(["", str(rng.randrange(-n - 1, n + 1))])
                step = rng.choice(["", "1", "2", "-1", "-2", "3"])
                items.append(f"{start}:{stop}" + (f":{step}" if step else ""))
                kept.append(len(range(*slice(int(start) if start else None,
                                             int(stop) if stop else None,
                                             int(step) if step else None).indices(n))))
            if not kept:
                items.append("...")  # NumPy gives a 0-d view, not a scalar copy
            text += "[" + ", ".join(items) + "]"
            dims, ndim = kept, len(kept)
        elif kind == "T":
            text += ".T"
            dims = dims[::-1]
        elif kind == "transpose" and ndim:
            perm = list(range(ndim))
            rng.shuffle(perm)
            text += ".transpose(" + ", ".join(map(str, perm)) + ")"
            dims = [dims[p] for p in perm]
        elif kind == "swapaxes" and ndim >= 2:
            i, j = rng.sample(range(ndim), 2)
            text += f".swapaxes({i}, {j})"
            dims[i], dims[j] = dims[j], dims[i]
    return text or ".T"


class LiveTest(unittest.TestCase):
    def test_bytearray_is_locked_while_shown(self):
        data = bytearray(b"live bytes")
        shown = bufferscope.show(data, name="data", report=False)
        with self.assertRaises(BufferError) as refused:
            data.extend(b"!")
        self.assertEqual(str(refused.exception), "Existing exports of data: object cannot be re-sized")
        self.assertFalse(shown.released)
        self.assertEqual(bytes(shown.view("[:]", tobytes=True, keep=False)["tobytes"]), b"live bytes")
        shown.close()
        self.assertTrue(shown.released)
        data.extend(b"!")  # the export was given back
        self.assertEqual(data, bytearray(b"live bytes!"))

    def test_close_is_refused_while_a_view_in_the_window_holds_an_export(self):
        a = np.arange(12, dtype="<i4").reshape(3, 4)
        shown = bufferscope.show(a, name="a", report=False)
        shown.view("[::2]", keep=True)
        with self.assertRaises(BufferError) as refused:
            shown.close()
        self.assertEqual(str(refused.exception), "live object has 1 exported buffer")
        self.assertFalse(shown.released)

    def test_views_agree_with_numpy(self):
        rng = random.Random(SEED)
        arrays = [np.arange(6 * 7 * 5, dtype="<f4").reshape(6, 7, 5),
                  np.asfortranarray(np.arange(8 * 9, dtype=">i2").reshape(8, 9)),
                  np.arange(200, dtype="u1").reshape(10, 20)[::-1, ::2],
                  (np.arange(24) * (1 + 2j)).astype("<c16").reshape(4, 6).T,
                  np.zeros(12, dtype=[("x", "<f8"), ("y", "<i2")]).reshape(3, 4),
                  np.arange(30.0).reshape(5, 6)[1:4, ::-2]]
        agreed = 0
        cases = 0
        for index, base in enumerate(arrays):
            if base.dtype.names:
                base["x"] = np.arange(base.size).reshape(base.shape)
                base["y"] = -np.arange(base.size).reshape(base.shape)
            shown = bufferscope.show(base, name=f"array {index}", report=False)
            origin = lowest_address(base)
            for _ in range(50):
                expression = random_chain(rng, base.shape)
                expected = eval("base" + expression, {"base": base})
                cases += 1
                got = shown.view(expression, tobytes=True, keep=False)
                with self.subTest(array=index, expression=expression, seed=SEED):
                    self.assertEqual(tuple(got["shape"]), expected.shape)
                    self.assertEqual(tuple(got["strides"]), expected.strides)
                    self.assertEqual(got["offset"], expected.__array_interface__["data"][0] - origin)
                    self.assertEqual(got["tobytes"], expected.tobytes())
                    agreed += 1
            shown.close()
        print(f"live: {agreed} of {cases} view chains agree with NumPy (seed {SEED})")
        self.assertEqual(agreed, cases)
        self.assertGreaterEqual(cases, 300)

    @unittest.skipIf(ndarray is None, "_testbuffer is not available")
    def test_pil_style_testbuffer_reads_through_its_pointers(self):
        items = list(range(-12, 12))
        nd = ndarray(items, shape=[4, 6], format="i", flags=ND_PIL)
        self.assertIsNotNone(memoryview(nd).suboffsets)
        shown = bufferscope.show(nd, name="pil", report=False)
        whole = shown.view("[:]", tobytes=True, keep=False)
        self.assertEqual(whole["suboffsets"], list(memoryview(nd).suboffsets))
        flat = [v for row in nd.tolist() for v in row]
        self.assertEqual(whole["tobytes"], struct.pack(f"{len(flat)}i", *flat))
        for expression in ("[::-1, 1:5]", "[2]", "[1:3, ::-2]"):
            expected = eval("nd" + expression, {"nd": nd})
            values = expected.tolist()
            values = [values] if not isinstance(values, list) else values
            flat = [v for row in values for v in (row if isinstance(row, list) else [row])]
            with self.subTest(expression=expression):
                got = shown.view(expression, tobytes=True, keep=False)
                self.assertEqual(got["tobytes"], struct.pack(f"{len(flat)}i", *flat))

    def test_window_gone_gives_every_export_back(self):
        data = bytearray(b"x" * 16)
        shown = bufferscope.show(data, name="data", report=False)
        process = bufferscope.live.window()
        process.kill()
        process.wait()
        deadline = time.monotonic() + 10
        while not shown.released and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertTrue(shown.released)
        data.extend(b"y")
        # The next show() starts a new window.
        again = bufferscope.show(data, name="again", report=False)
        self.assertIsNot(bufferscope.live.window(), process)
        again.close()


def tearDownModule():
    """The window outlives its Python process by design (the user may still be looking); a test
    run must not leave it behind."""
    process = live.window()
    if process is not None and process.poll() is None:
        process.kill()
        process.wait()


if __name__ == "__main__":
    unittest.main()
