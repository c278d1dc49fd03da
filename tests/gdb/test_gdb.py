# SPDX-License-Identifier: GPL-3.0-or-later
"""gdb's bufferscope commands against small C programs built here with the system cc, run
under `gdb -batch -nx` (in_gdb.py loads the build tree's extension and runs each test's
steps). Every expected value is computed with NumPy from the formula the program uses:
--print's descriptor and values, the window's view of the same memory (offscreen, asked
through the live protocol), a continue marking the buffer stale and the next stop re-reading
it, --follow moving to the new address, a Py_buffer read inside a C extension's getbuffer
with the conformance rules checked, and the exact errors for a NULL pointer, an unreadable
address and a command typed wrong. Exits with 77 (CTest's SKIP) when gdb is missing."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GDB = shutil.which("gdb")
CC = shutil.which("cc")
TIMEOUT = 120


def build(source, output, *flags):
    subprocess.run([CC, "-g", "-O0", "-o", output, os.path.join(HERE, "programs", source), *flags],
                   check=True)
    return output


class GdbTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="bufferscope-gdb-")
        for name in ("rgb", "volume", "pil", "records"):
            build(f"{name}.c", os.path.join(cls.dir, name))
        include = sysconfig.get_paths()["include"]
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        build("gridmodule.c", os.path.join(cls.dir, "gdbgrid" + suffix), "-shared", "-fPIC",
              "-I" + include)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def gdb(self, steps, *program):
        """Runs gdb on `program` with `steps` (Python run inside gdb, see in_gdb.py); returns
        what the steps recorded."""
        steps_file = os.path.join(self.dir, f"steps-{self.id().rsplit('.', 1)[-1]}.py")
        out_file = steps_file + ".json"
        with open(steps_file, "w") as f:
            f.write(textwrap.dedent(steps))
        env = dict(os.environ, BUFFERSCOPE_GDB_STEPS=steps_file, BUFFERSCOPE_GDB_OUT=out_file,
                   PYTHONPATH=self.dir)
        done = subprocess.run([GDB, "-batch", "-nx", "-x", os.path.join(HERE, "in_gdb.py"),
                               "--args", *program], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=TIMEOUT)
        self.assertTrue(os.path.exists(out_file), done.stdout + done.stderr)
        with open(out_file) as f:
            results = json.load(f)
        self.assertNotIn("crash", results, results.get("crash", "") + done.stderr)
        return results

    def program(self, name):
        return os.path.join(self.dir, name)

    def check_printed(self, text, expected, strides, fmt):
        """--print's output: the descriptor JSON, then the values as NumPy prints them."""
        decoder = json.JSONDecoder()
        descriptor, end = decoder.raw_decode(text)
        self.assertEqual(tuple(descriptor["shape"]), expected.shape[:len(descriptor["shape"])])
        self.assertEqual(list(descriptor["strides"]), list(strides))
        self.assertEqual(descriptor["format"], fmt)
        self.assertEqual(descriptor["itemsize"], expected.dtype.itemsize)
        self.assertEqual(descriptor["source"]["kind"], "debugger")
        self.assertEqual(text[end:].strip(), str(expected))
        return descriptor

    # --- the programs' values, from their formulas ---------------------------------------

    @staticmethod
    def rgb(frame):
        y, x, c = np.indices((5, 7, 3))
        return ((y * 31 + x * 7 + c * 3 + frame * 50) & 0xFF).astype(np.uint8)

    @staticmethod
    def volume():
        i, j, k = np.indices((4, 5, 6))
        return i * 100.0 + j * 10.0 + k + 0.25

    @staticmethod
    def pil():
        r, c = np.indices((4, 6))
        return (r * 1000 + c - 7).astype(np.int32)

    @staticmethod
    def records():
        dtype = np.dtype([("id", "<i4"), ("x", "<f8"), ("tag", "S4")], align=True)
        n = np.arange(5)
        out = np.zeros(5, dtype)
        out["id"] = n * 3 - 4
        out["x"] = n / 4.0
        out["tag"] = [bytes([ord("a") + i]) + b"bcd" for i in n]
        return out

    # --- --print ----------------------------------------------------------------------------

    def test_print_rgb_with_row_padding(self):
        got = self.gdb("""
            gdb.execute("break frame_ready")
            gdb.execute("run")
            record("printed", execute("bufferscope show img.data B 5,7,3 --strides 24,3,1 --print"))
        """, self.program("rgb"))
        text, error = got["printed"]
        self.assertIsNone(error)
        self.check_printed(text, self.rgb(0), (24, 3, 1), "B")

    def test_print_fortran_volume_with_a_numpy_type_string(self):
        got = self.gdb("""
            gdb.execute("break volume_ready")
            gdb.execute("run")
            record("printed", execute("bufferscope show vol <f8 4,5,6 --strides 8,32,160 --print"))
        """, self.program("volume"))
        text, error = got["printed"]
        self.assertIsNone(error)
        descriptor = self.check_printed(text, self.volume(), (8, 32, 160), "<d")
        self.assertTrue(descriptor["f_contiguous"])
        self.assertFalse(descriptor["c_contiguous"])

    def test_print_pil_rows_through_their_pointers(self):
        got = self.gdb("""
            gdb.execute("break rows_ready")
            gdb.execute("run")
            record("printed", execute("bufferscope show rows i 4,6 --strides 8,4 --suboffsets 0,-1 --print"))
        """, self.program("pil"))
        text, error = got["printed"]
        self.assertIsNone(error)
        descriptor = self.check_printed(text, self.pil(), (8, 4), "i")
        self.assertEqual(descriptor["suboffsets"], [0, -1])

    def test_print_struct_array(self):
        got = self.gdb("""
            gdb.execute("break records_ready")
            gdb.execute("run")
            record("printed", execute("bufferscope show recs 'T{i:id:d:x:4s:tag:}' 5 --print"))
            record("sizeof", int(gdb.parse_and_eval("sizeof(recs[0])")))
        """, self.program("records"))
        text, error = got["printed"]
        self.assertIsNone(error)
        expected = self.records()
        self.assertEqual(got["sizeof"], expected.dtype.itemsize)
        self.check_printed(text, expected, (expected.dtype.itemsize,), "T{i:id:d:x:4s:tag:}")

    # --- errors -------------------------------------------------------------------------------

    def test_errors(self):
        got = self.gdb("""
            gdb.execute("break frame_ready")
            gdb.execute("run")
            record("null", execute("bufferscope show nothing B 4"))
            record("null_print", execute("bufferscope show nothing B 4 --print"))
            record("unreadable", execute("bufferscope show '(unsigned char *)16' B 4 --print"))
            record("unreadable_window", execute("bufferscope show '(unsigned char *)16' B 4"))
            record("not_pointer", execute("bufferscope show img B 4"))
            record("no_symbol", execute("bufferscope show no_such_thing B 4"))
            record("missing", execute("bufferscope show img.data"))
            record("bad_option", execute("bufferscope show img.data B 4 --stride 1"))
            record("bad_shape", execute("bufferscope show img.data B 4,x"))
            record("bad_format", execute("bufferscope show img.data '<i3' 4 --print"))
            record("bad_strides", execute("bufferscope show img.data B 4,4 --strides 1"))
            record("unknown", execute("bufferscope frobnicate"))
            record("help", execute("help bufferscope show"))
        """, self.program("rgb"))
        self.assertEqual(got["null"], [None, "bufferscope: 'nothing' is a null pointer"])
        self.assertEqual(got["null_print"], [None, "bufferscope: 'nothing' is a null pointer"])
        self.assertEqual(got["unreadable"],
                         [None, "bufferscope: cannot read 4 bytes at 0x10: Cannot access memory at address 0x10"])
        self.assertEqual(got["unreadable_window"],
                         [None, "bufferscope: cannot read 4 bytes at 0x10: Cannot access memory at address 0x10"])
        self.assertEqual(got["not_pointer"], [None, "bufferscope: 'img' is a struct image, not a pointer"])
        self.assertEqual(got["no_symbol"][1],
                         "bufferscope: cannot evaluate 'no_such_thing': No symbol \"no_such_thing\" in current context.")
        from bufferscope.inferior import SHOW_USAGE
        self.assertEqual(got["missing"], [None, "bufferscope show: missing FORMAT\n" + SHOW_USAGE])
        self.assertEqual(got["bad_option"], [None, "bufferscope show: unknown option --stride\n" + SHOW_USAGE])
        self.assertEqual(got["bad_shape"],
                         [None, "bufferscope show: SHAPE must be integers separated by commas, got '4,x'\n" + SHOW_USAGE])
        self.assertEqual(got["bad_format"], [None, "bufferscope: format: data type '<i3' not understood"])
        self.assertEqual(got["bad_strides"],
                         [None, "bufferscope show: --strides needs 2 values (one per dimension), got 1\n" + SHOW_USAGE])
        self.assertEqual(got["unknown"][1], 'Undefined bufferscope command: "frobnicate".  Try "help bufferscope".')
        self.assertEqual(got["help"][0].strip(), SHOW_USAGE.strip())

    # --- the window -------------------------------------------------------------------------

    def check_window(self, view, expected, strides=None):
        descriptor, error = view
        self.assertIsNone(error)
        self.assertEqual(tuple(descriptor["shape"]), expected.shape)
        if strides is not None:
            self.assertEqual(tuple(descriptor["strides"]), strides)
        self.assertEqual(bytes(descriptor["tobytes"]), expected.tobytes())
        return descriptor

    def test_window_rgb_stale_while_running_and_read_again_at_the_next_stop(self):
        got = self.gdb("""
            from bufferscope import gdb_commands
            gdb.execute("break frame_ready")
            gdb.execute("run")
            record("pid", gdb.selected_inferior().pid)
            record("show", execute("bufferscope show img.data B 5,7,3 --strides 24,3,1 --name rgb"))
            shown = gdb_commands.last_shown()
            record("frame0", window_view(shown))
            record("frame0_view", window_view(shown, "[::2, 1:, 0]"))
            def on_cont(event):
                record("running", window_view(shown))
            gdb.events.cont.connect(on_cont)
            gdb.execute("continue")
            gdb.events.cont.disconnect(on_cont)
            record("frame1", window_view(shown))
            gdb.execute("continue")
            record("frame2", window_view(shown))
        """, self.program("rgb"))
        pid = got["pid"]
        self.assertIsNone(got["show"][1])
        descriptor = self.check_window(got["frame0"], self.rgb(0), (24, 3, 1))
        self.assertEqual(descriptor["source"]["kind"], "debugger")
        self.assertEqual(descriptor["source"]["options"]["expression"], "img.data")
        self.assertEqual(descriptor["source"]["options"]["pid"], pid)
        self.assertEqual(descriptor["source"]["options"]["program"], self.program("rgb"))
        self.check_window(got["frame0_view"], self.rgb(0)[::2, 1:, 0], (48, 3))
        self.assertEqual(got["running"],
                         [None, f"debugger: process {pid} is running; its bytes are read again when it stops"])
        # img.data moved to the other buffer at frame 1: the shown address still holds frame 0,
        # and frame 2 rewrote it (read again, not served from the window's copy).
        self.check_window(got["frame1"], self.rgb(0))
        self.check_window(got["frame2"], self.rgb(2))

    def test_window_follow_moves_to_the_new_address_and_the_end_is_gone(self):
        got = self.gdb("""
            from bufferscope import gdb_commands
            gdb.execute("break frame_ready")
            gdb.execute("run")
            execute("bufferscope show img.data B 5,7,3 --strides 24,3,1 --follow")
            first = gdb_commands.last_shown()
            gdb.execute("continue")
            second = gdb_commands.last_shown()
            record("moved", second is not first)
            record("frame1", window_view(second))
            record("old", window_view(first))
            record("pid", gdb.selected_inferior().pid)
            gdb.execute("delete")
            gdb.execute("continue")  # to the end: the buffer is gone, not stale
            record("ended", window_view(second))
        """, self.program("rgb"))
        self.assertTrue(got["moved"])
        self.assertEqual(got["ended"], [None, f"live: process {got['pid']} has ended"])
        self.check_window(got["frame1"], self.rgb(1), (24, 3, 1))
        self.assertEqual(got["old"], [None, "live: no such object in the window"])

    def test_window_volume_pil_and_records(self):
        volume = self.gdb("""
            from bufferscope import gdb_commands
            gdb.execute("break volume_ready")
            gdb.execute("run")
            execute("bufferscope show vol <f8 4,5,6 --strides 8,32,160")
            record("whole", window_view(gdb_commands.last_shown()))
            record("view", window_view(gdb_commands.last_shown(), "[1:3, ::-2, 4]"))
        """, self.program("volume"))
        self.check_window(volume["whole"], self.volume(), (8, 32, 160))
        self.check_window(volume["view"], self.volume()[1:3, ::-2, 4], (8, -64))
        pil = self.gdb("""
            from bufferscope import gdb_commands
            gdb.execute("break rows_ready")
            gdb.execute("run")
            execute("bufferscope show rows i 4,6 --strides 8,4 --suboffsets 0,-1")
            record("whole", window_view(gdb_commands.last_shown()))
            record("view", window_view(gdb_commands.last_shown(), "[::-1, 1::2]"))
        """, self.program("pil"))
        self.check_window(pil["whole"], self.pil(), (8, 4))
        self.check_window(pil["view"], self.pil()[::-1, 1::2])
        records = self.gdb("""
            from bufferscope import gdb_commands
            gdb.execute("break records_ready")
            gdb.execute("run")
            execute("bufferscope show recs 'T{i:id:d:x:4s:tag:}' 5")
            record("whole", window_view(gdb_commands.last_shown()))
            record("x", window_view(gdb_commands.last_shown(), "[1::2]['x']"))
        """, self.program("records"))
        expected = self.records()
        self.check_window(records["whole"], expected, (24,))
        self.check_window(records["x"], np.ascontiguousarray(expected[1::2]["x"]), (48,))

    # --- a Py_buffer inside a C extension's getbuffer ------------------------------------------

    def test_pybuffer_in_getbuffer(self):
        got = self.gdb("""
            from bufferscope import gdb_commands
            gdb.execute("break getbuffer_filled")
            gdb.execute("run")
            record("flags", int(gdb.parse_and_eval("flags")))
            record("good", execute("bufferscope show-pybuffer view --print"))
            record("shown", execute("bufferscope show-pybuffer *view --name grid"))
            record("window", window_view(gdb_commands.last_shown()))
            gdb.execute("continue")
            record("bad", execute("bufferscope show-pybuffer view --check --flags STRIDED_RO"))
            record("bad_print", execute("bufferscope show-pybuffer view --print"))
            gdb.execute("up")
            record("up", execute("bufferscope show-pybuffer view"))
        """, sys.executable, "-c",
            "import gdbgrid; memoryview(gdbgrid.Grid()); memoryview(gdbgrid.BadGrid())")
        from bufferscope import _native
        self.assertEqual(got["flags"], _native.FULL_RO)  # memoryview's request
        expected = (np.indices((3, 4))[0] * 10 - np.indices((3, 4))[1]).astype(np.int16)
        text, error = got["good"]
        self.assertIsNone(error)
        report, _, printed = text.partition("\n{")
        self.assertRegex(report, r"\nFULL_RO +granted +h +2 +24 +2 +\(3,4\) +\(8,2\) +NULL +ok\n")
        self.assertTrue(report.rstrip().endswith("ok: no rule broken"), report)
        self.check_printed("{" + printed, expected, (8, 2), "h")
        self.assertIsNone(got["shown"][1])
        self.check_window(got["window"], expected, (8, 2))
        report, error = got["bad"]
        self.assertIsNone(error)
        self.assertRegex(report, r"\nSTRIDED_RO +granted +h +2 +22 +2 +\(3,4\) +\(8,2\) +NULL +len-matches-shape, "
                                 r"format-null-unless-requested \(w\)\n")
        self.assertIn("len-matches-shape: len == product(shape) * itemsize", report)
        self.assertIn("STRIDED_RO: len is 22 but product(shape) * itemsize is 24", report)
        self.assertIn("STRIDED_RO: format is set though FORMAT was not requested", report)
        self.assertTrue(report.rstrip().endswith("1 rule(s) broken"), report)
        self.assertEqual(got["bad_print"], [None, "bufferscope: the Py_buffer cannot be shown: "
                                                  "descriptor: len is 22 but product(shape) * itemsize is 24"])
        # a view is not a Py_buffer: the caller's frame has none
        self.assertIsNotNone(got["up"][1])


if __name__ == "__main__":
    if GDB is None:
        print("gdb is not installed: skipped")
        sys.exit(77)
    unittest.main()
