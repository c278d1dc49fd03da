# SPDX-License-Identifier: GPL-3.0-or-later
"""bufferscope._native: Held against memoryview (the oracle: memoryview(obj) asks FULL_RO),
safe reads, export locking, and the format layout against struct / NumPy."""

import ctypes
import errno
import mmap
import struct
import unittest

import numpy as np

import bufferscope
from bufferscope import _native
from exporters import correct_exporters


class FlagsTest(unittest.TestCase):
    def test_values_are_cpythons(self):
        # Include/pybuffer.h, as listed in PEP3118-NOTES.md.
        expected = {"SIMPLE": 0, "WRITABLE": 0x1, "FORMAT": 0x4, "ND": 0x8, "STRIDES": 0x18,
                    "C_CONTIGUOUS": 0x38, "F_CONTIGUOUS": 0x58, "ANY_CONTIGUOUS": 0x98,
                    "INDIRECT": 0x118, "CONTIG": 0x9, "CONTIG_RO": 0x8, "STRIDED": 0x19,
                    "STRIDED_RO": 0x18, "RECORDS": 0x1d, "RECORDS_RO": 0x1c, "FULL": 0x11d,
                    "FULL_RO": 0x11c}
        for name, value in expected.items():
            self.assertEqual(getattr(bufferscope, name), value, name)


class HeldTest(unittest.TestCase):
    def test_attributes_equal_memoryview(self):
        for label, obj in correct_exporters().items():
            with self.subTest(label):
                view = memoryview(obj)
                with _native.acquire(obj, bufferscope.FULL_RO) as held:
                    self.assertEqual(held.len, view.nbytes)
                    self.assertEqual(held.itemsize, view.itemsize)
                    self.assertEqual(held.readonly, view.readonly)
                    self.assertEqual(held.ndim, view.ndim)
                    self.assertEqual(held.format, view.format)
                    self.assertEqual(held.shape or (), view.shape)
                    self.assertEqual(held.strides or (), view.strides)
                    self.assertEqual(held.suboffsets or (), view.suboffsets)
                    self.assertIs(held.obj, obj)
                    self.assertIs(held.exporter, obj)
                    self.assertEqual(held.flags, bufferscope.FULL_RO)
                    self.assertFalse(held.released)
                    self.assertEqual(held.problems, ())
                self.assertTrue(held.released)
                view.release()

    def test_address_equals_numpys(self):
        for label, obj in correct_exporters().items():
            if "PIL" in label:
                continue  # buf is the row pointer array; NumPy cannot take suboffsets
            with self.subTest(label):
                array = np.asarray(memoryview(obj)) if not isinstance(obj, np.ndarray) else obj
                with _native.acquire(obj, bufferscope.FULL_RO) as held:
                    self.assertEqual(held.address, array.__array_interface__["data"][0])

    def test_reads_equal_tobytes_for_contiguous_exporters(self):
        for label, obj in correct_exporters().items():
            view = memoryview(obj)
            if not view.c_contiguous:
                continue
            with self.subTest(label), _native.acquire(obj, bufferscope.SIMPLE) as held:
                self.assertEqual(_native.read(held.address, held.len), view.tobytes())

    def test_format_null_when_not_requested(self):
        with _native.acquire(b"abc", bufferscope.SIMPLE) as held:
            self.assertIsNone(held.format)
            self.assertIsNone(held.shape)
            self.assertIsNone(held.strides)
            self.assertIsNone(held.suboffsets)

    def test_refusal_is_the_exporters_own_exception(self):
        with self.assertRaises(BufferError) as caught:
            _native.acquire(b"abc", bufferscope.WRITABLE)
        self.assertEqual(str(caught.exception), "Object is not writable.")
        with self.assertRaises(ValueError) as caught:
            _native.acquire(np.arange(6)[::2], bufferscope.C_CONTIGUOUS)
        self.assertEqual(str(caught.exception), "ndarray is not C-contiguous")
        with self.assertRaises(TypeError):
            _native.acquire(object(), bufferscope.SIMPLE)

    def test_held_export_locks_bytearray_until_release(self):
        data = bytearray(b"abc")
        held = _native.acquire(data, bufferscope.WRITABLE)
        self.assertEqual(_native.export_count(data), 1)
        with self.assertRaises(BufferError) as caught:
            data.extend(b"d")
        self.assertEqual(str(caught.exception), "Existing exports of data: object cannot be re-sized")
        held.release()
        held.release()  # idempotent
        self.assertEqual(_native.export_count(data), 0)
        data.extend(b"d")
        self.assertEqual(data, b"abcd")

    def test_dealloc_releases(self):
        data = bytearray(b"abc")
        held = _native.acquire(data)
        self.assertEqual(_native.export_count(data), 1)
        del held
        self.assertEqual(_native.export_count(data), 0)

    def test_memoryview_export_count(self):
        view = memoryview(b"abcdef")
        with _native.acquire(view):
            self.assertEqual(_native.export_count(view), 1)
            with self.assertRaises(BufferError) as caught:
                view.release()
            self.assertEqual(str(caught.exception), "memoryview has 1 exported buffer")
        self.assertEqual(_native.export_count(view), 0)
        self.assertIsNone(_native.export_count(b"abc"))

    def test_writes_through_the_held_address_reach_the_object(self):
        data = bytearray(8)
        with _native.acquire(data, bufferscope.WRITABLE) as held:
            ctypes.memmove(held.address, b"\x01\x02", 2)
        self.assertEqual(data[:2], b"\x01\x02")


class ReadTest(unittest.TestCase):
    def test_read_of_a_bad_address_raises(self):
        for address in (0, 16, 0xFFFF_FFFF_FFFF_0000):
            with self.subTest(hex(address)):
                with self.assertRaises(OSError) as caught:
                    _native.read(address, 8)
                self.assertEqual(caught.exception.errno, errno.EFAULT)
                self.assertEqual(str(caught.exception.strerror),
                                 f"read: 8 bytes at 0x{address:x}..0x{address + 8:x} are not "
                                 f"readable (first bad byte at 0x{address:x})")

    def test_read_stops_at_the_first_bad_page(self):
        # Two pages, the second made unreadable: the message names where reading stopped.
        two = mmap.mmap(-1, 2 * mmap.PAGESIZE)
        start = ctypes.addressof(ctypes.c_char.from_buffer(two))
        libc = ctypes.CDLL(None, use_errno=True)
        self.assertEqual(libc.mprotect(ctypes.c_void_p(start + mmap.PAGESIZE),
                                       ctypes.c_size_t(mmap.PAGESIZE), 0), 0)
        self.assertEqual(_native.read(start + mmap.PAGESIZE - 4, 4), b"\0" * 4)
        with self.assertRaises(OSError) as caught:
            _native.read(start + mmap.PAGESIZE - 4, 8)
        end = start + mmap.PAGESIZE + 4
        self.assertEqual(caught.exception.strerror,
                         f"read: 8 bytes at 0x{start + mmap.PAGESIZE - 4:x}..0x{end:x} are not "
                         f"readable (first bad byte at 0x{start + mmap.PAGESIZE:x})")

    def test_read_many(self):
        data = bytes(range(64))
        with _native.acquire(data) as held:
            parts = _native.read_many([(held.address + 8 * i, 4) for i in range(8)])
        self.assertEqual(parts, [data[8 * i:8 * i + 4] for i in range(8)])
        with self.assertRaises(OSError):
            _native.read_many([(held.address, 4), (16, 4)])
        with self.assertRaises(ValueError):
            _native.read(16, -1)


    def test_read_many_names_the_bad_range_beyond_one_batch(self):
        # More ranges than IOV_MAX (1024): the second system call meets the bad one.
        data = bytes(range(256)) * 16
        with _native.acquire(data) as held:
            ranges = [(held.address + i, 1) for i in range(3000)]
            self.assertEqual(b"".join(_native.read_many(ranges)), data[:3000])
            ranges[2500] = (24, 8)
            with self.assertRaises(OSError) as caught:
                _native.read_many(ranges)
        self.assertEqual(caught.exception.strerror,
                         "read: 8 bytes at 0x18..0x20 are not readable (first bad byte at 0x18)")


    def test_allow_reader_answers_whether_yama_is_there(self):
        import os
        yama = os.path.exists("/proc/sys/kernel/yama/ptrace_scope")
        self.assertEqual(_native.allow_reader(os.getppid()), yama)


class CheckGrantTest(unittest.TestCase):
    def test_suboffset_pointers_beyond_the_limit_are_not_followed(self):
        pil = correct_exporters()["testbuffer ND_PIL"]
        with _native.acquire(pil, bufferscope.FULL_RO) as held:
            results = {rule: (outcome, message) for rule, outcome, message in
                       _native.check_grant(held, None, max_pointers=1)}
            self.assertEqual(results["elements-readable"],
                             ("n/a", "more than 1 suboffset pointers: not all followed"))
            results = {rule: outcome for rule, outcome, _ in _native.check_grant(held)}
            self.assertEqual(results["elements-readable"], "pass")
            self.assertEqual(results["elements-inside-owner"], "n/a")

    def test_owner_bounds(self):
        data = bytes(48)
        with _native.acquire(memoryview(data)[8:40:2], bufferscope.FULL_RO) as held:
            def inside(owner):
                return {rule: (outcome, message) for rule, outcome, message in
                        _native.check_grant(held, [owner])}["elements-inside-owner"]
            with _native.acquire(data) as whole:
                self.assertEqual(inside((whole.address, 48)), ("pass", ""))
                self.assertEqual(inside((whole.address, 38)),
                                 ("fail", "bounds: element [15] at byte 38 lies outside the 38-byte buffer"))


class ParseFormatTest(unittest.TestCase):
    def test_itemsize_equals_struct_calcsize(self):
        for text in ["B", "i", "@l", "<l", ">d", "=q", "ib", "@ib", "<ib", "3s", "10p", "xxi",
                     "?", "e", "<e", "n", "N", "P", "@P", "4i", "bhilq", "!h"]:
            with self.subTest(text):
                self.assertEqual(_native.parse_format(text)["itemsize"], struct.calcsize(text))

    def test_records_follow_numpy(self):
        for text in ["T{i:a:b:b:}", "T{b:a:T{b:x:i:y:}:n:}", "T{<i:a:<h:b:}", "T{=i:a:>d:b:(2,3)B:c:}"]:
            with self.subTest(text):
                self.assertEqual(_native.parse_format(text)["itemsize"],
                                 np.dtype(np.core._internal._dtype_from_pep3118(text)).itemsize)

    def test_standard_pointer_is_refused_like_struct(self):
        with self.assertRaises(struct.error):
            struct.calcsize("<P")
        with self.assertRaises(ValueError) as caught:
            _native.parse_format("<P")
        self.assertEqual(str(caught.exception),
                         "format: code 'P' has no standard size, it needs '@' at column 2")


if __name__ == "__main__":
    unittest.main()
