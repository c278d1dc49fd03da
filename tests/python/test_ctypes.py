# SPDX-License-Identifier: GPL-3.0-or-later
"""CPython 3.11's own ctypes exporters break the protocol; check() must say so, naming the
rule and the numbers. Each finding is first confirmed with CPython and NumPy themselves, so
the test fails loudly if a future Python fixes the bug instead of silently passing."""

import ctypes
import struct
import unittest
import warnings

import numpy as np

import bufferscope


def failures(obj, rule):
    """{request: message} of one rule's failures."""
    return {name: result.message for name, result in bufferscope.check(obj).broken() if result.rule == rule}


def numpy_warns_about(obj):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            np.asarray(obj)
        except (TypeError, ValueError):
            pass
    return [str(w.message) for w in caught]


class CtypesFindingsTest(unittest.TestCase):
    def test_structure_padding_is_not_described(self):
        # bpo-32780, numpy#10528: the format lists the fields but not the 2 bytes of padding.
        class S(ctypes.Structure):
            _fields_ = [("a", ctypes.c_int), ("b", ctypes.c_short)]

        view = memoryview(S())
        self.assertEqual((view.format, view.itemsize), ("T{<i:a:<h:b:}", 8))
        self.assertIn("does not match its itemsize", numpy_warns_about(S())[0])
        found = failures(S(), "itemsize-matches-format")
        self.assertEqual(found["FULL_RO"],
                         "itemsize 8 but format 'T{<i:a:<h:b:}' implies 6 (NumPy's T{} layout: "
                         "standard sizes, no alignment ('=', '<', '>', '!'), no padding)")
        self.assertEqual(len(found), 17)  # ctypes writes the format into every grant

    def test_packed_structure_exports_bytes_with_itemsize_5(self):
        # bpo-32780: with _pack_ = 1 ctypes gives up on the format and writes 'B'.
        class P(ctypes.Structure):
            _pack_ = 1
            _fields_ = [("a", ctypes.c_char), ("b", ctypes.c_int)]

        view = memoryview(P())
        self.assertEqual((view.format, view.itemsize, ctypes.sizeof(P)), ("B", 5, 5))
        self.assertEqual(failures(P(), "itemsize-matches-format")["FULL_RO"],
                         "itemsize 5 but format 'B' implies 1 (struct: native sizes and alignment ('@'))")

    def test_bitfields_claim_two_ints_in_four_bytes(self):
        # bpo-32780: bit fields are exported as whole ints.
        class B(ctypes.Structure):
            _fields_ = [("a", ctypes.c_int, 3), ("b", ctypes.c_int, 5)]

        view = memoryview(B())
        self.assertEqual((view.format, view.itemsize), ("T{<i:a:<i:b:}", 4))
        self.assertEqual(failures(B(), "itemsize-matches-format")["FULL_RO"],
                         "itemsize 4 but format 'T{<i:a:<i:b:}' implies 8 (NumPy's T{} layout: "
                         "standard sizes, no alignment ('=', '<', '>', '!'), no padding)")

    def test_void_pointer_array_uses_a_standard_size_pointer(self):
        # 'P' has no standard size: struct refuses '<P', and so does NumPy.
        array = (ctypes.c_void_p * 3)()
        self.assertEqual(memoryview(array).format, "<P")
        with self.assertRaises(struct.error):
            struct.calcsize("<P")
        with self.assertRaises(ValueError):
            np.asarray(array)
        self.assertEqual(failures(array, "format-parses")["FULL_RO"],
                         "'<P': format: code 'P' has no standard size, it needs '@' at column 2")

    def test_arrays_leave_strides_null_when_strides_are_requested(self):
        # Found by check(): ctypes never fills strides (PyCData_NewGetBuffer), even for
        # PyBUF_STRIDES, where consumers such as PyBuffer_GetPointer index view->strides.
        array = (ctypes.c_int * 4)()
        with bufferscope.acquire(array, bufferscope.STRIDES) as held:
            self.assertIsNone(held.strides)
        found = failures(array, "strides-when-requested")
        self.assertEqual(sorted(found), sorted(name for name, flags in bufferscope.REQUESTS
                                               if flags & bufferscope.STRIDES == bufferscope.STRIDES))
        self.assertEqual(set(found.values()), {"strides is NULL though requested"})


if __name__ == "__main__":
    unittest.main()
