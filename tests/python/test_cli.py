# SPDX-License-Identifier: GPL-3.0-or-later
"""python3 -m bufferscope check: exit 0 clean, 1 a rule broken, 2 usage error; the table on
stdout, --json parseable; a broken exporter (bad pointer) still yields a report."""

import json
import os
import subprocess
import sys
import unittest


def run(*args):
    return subprocess.run([sys.executable, "-m", "bufferscope", *args], capture_output=True,
                          text=True, env=os.environ, timeout=120)


class CheckCommandTest(unittest.TestCase):
    def test_clean_exporter_exits_0(self):
        result = run("check", "numpy:arange(12.0).reshape(3, 4)[::-1, ::2]")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stdout.splitlines()[0],
                         "bufferscope check: numpy:arange(12.0).reshape(3, 4)[::-1, ::2]")
        self.assertEqual(result.stdout.splitlines()[-1], "ok: no rule broken")

    def test_module_is_bound_by_its_name(self):
        result = run("check", "array:array.array('d', [1, 2])")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_broken_rule_exits_1(self):
        result = run("check", "ctypes:(ctypes.c_int*4)()")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("strides-when-requested", result.stdout)
        self.assertEqual(result.stdout.splitlines()[-1], "1 rule(s) broken")

    def test_bad_pointer_is_reported_not_a_crash(self):
        result = run("check", "_bufferscope_broken:Exporter('elements-readable/row-pointer')")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("elements-readable", result.stdout)
        self.assertIn("are not readable", result.stdout)

    def test_json(self):
        result = run("check", "--json", "ctypes:(ctypes.c_void_p*2)()")
        self.assertEqual(result.returncode, 1)
        data = json.loads(result.stdout)
        self.assertEqual(data["object"]["type"], "ctypes.c_void_p_Array_2")
        self.assertIn("format-parses", data["broken"])

    def test_version(self):
        import bufferscope
        result = run("--version")
        self.assertEqual((result.returncode, result.stdout), (0, f"bufferscope {bufferscope.__version__}\n"))
        self.assertRegex(bufferscope.__version__, r"^\d+\.\d+\.\d+$")

    def test_usage_errors_exit_2(self):
        cases = {
            (): "the following arguments are required: COMMAND",
            ("check",): "the following arguments are required: target",
            ("frobnicate",): "invalid choice: 'frobnicate'",
            ("check", "no-colon"): "bufferscope check: target must be 'module:expression', got 'no-colon'",
            ("check", "no_such_module_xyz:1"): "bufferscope check: cannot import no_such_module_xyz: "
                                                "ModuleNotFoundError: No module named 'no_such_module_xyz'",
            ("check", "math:undefined_name"): "bufferscope check: cannot evaluate 'undefined_name' in math: "
                                              "NameError: name 'undefined_name' is not defined",
            ("check", "math:pi"): "bufferscope check: math:pi does not export a buffer",
        }
        for args, message in cases.items():
            with self.subTest(args):
                result = run(*args)
                self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
                self.assertIn(message, result.stderr)


if __name__ == "__main__":
    unittest.main()
