# SPDX-License-Identifier: GPL-3.0-or-later
"""Every conformance rule fires on the test exporter switch that breaks it, and no rule fires
(not even a warning) on correct exporters: NumPy of every dtype and order, bytes, bytearray,
array.array, memoryview slices and casts, mmap and _testbuffer (ND_FORTRAN, ND_PIL)."""

import json
import unittest

import _bufferscope_broken as broken

import bufferscope
from bufferscope.rules import ERROR, RULES, WARNING
from exporters import correct_exporters


def failures(report):
    return {(name, rule.rule): rule.message for name, rule in report.broken()}


class CorrectExportersTest(unittest.TestCase):
    def test_no_rule_fires(self):
        for label, obj in {"test exporter, no switch": broken.Exporter(), **correct_exporters()}.items():
            with self.subTest(label):
                report = bufferscope.check(obj)
                self.assertTrue(report.exporter)
                self.assertEqual(report.broken(), [], str(report))
                self.assertTrue(report.ok)

    def test_rules_were_applied_not_skipped(self):
        # Every rule passes somewhere among the correct exporters, so their silence above is
        # not an artefact of n/a.
        passed = set()
        for obj in correct_exporters().values():
            report = bufferscope.check(obj)
            passed |= {rule.rule for r in report.requests for rule in r.rules if rule.outcome == "pass"}
        self.assertEqual(set(RULES) - passed, set())

    def test_refusals_are_recorded_with_the_exporters_text(self):
        report = bufferscope.check(b"abc")
        writable = next(r for r in report.requests if r.name == "WRITABLE")
        self.assertFalse(writable.accepted)
        self.assertEqual((writable.error_type, writable.error_text), ("BufferError", "Object is not writable."))
        pil = bufferscope.check(correct_exporters()["testbuffer ND_PIL"])
        simple = next(r for r in pil.requests if r.name == "SIMPLE")
        self.assertEqual((simple.error_type, simple.error_text),
                         ("BufferError", "ndarray cannot be represented without suboffsets"))
        self.assertEqual([r.name for r in pil.requests if r.accepted], ["INDIRECT", "FULL_RO"])


class BrokenExporterTest(unittest.TestCase):
    def test_every_rule_has_a_switch(self):
        self.assertEqual({switch.split("/")[0] for switch in broken.SWITCHES}, set(RULES))

    def test_each_switch_fires_its_rule(self):
        for switch in broken.SWITCHES:
            rule = switch.split("/")[0]
            with self.subTest(switch):
                report = bufferscope.check(broken.Exporter(switch))
                self.assertIn(rule, report.broken_rules(), str(report))
                self.assertEqual(report.ok, RULES[rule].severity == WARNING)

    def test_messages(self):
        # The texts a reader gets for a few switches, word for word.
        def message(switch, request, rule):
            return failures(bufferscope.check(broken.Exporter(switch)))[(request, rule)]

        self.assertEqual(message("len-matches-shape", "FULL_RO", "len-matches-shape"),
                         "len is 20 but product(shape) * itemsize is 24")
        self.assertEqual(message("shape-nonnegative", "FULL_RO", "shape-nonnegative"),
                         "shape[0] is negative (-2)")
        self.assertEqual(message("ndim-in-range", "FULL_RO", "ndim-in-range"), "ndim 65 is outside 0..64")
        self.assertEqual(message("itemsize-matches-format", "FULL_RO", "itemsize-matches-format"),
                         "itemsize 4 but format 'h' implies 2 (struct: native sizes and alignment ('@'))")
        self.assertEqual(message("format-parses", "FULL_RO", "format-parses"),
                         "'<P': format: code 'P' has no standard size, it needs '@' at column 2")
        self.assertEqual(message("strides-when-requested", "FULL_RO", "strides-when-requested"),
                         "strides is NULL though requested")
        self.assertEqual(message("writable-as-requested", "FULL", "writable-as-requested"),
                         "readonly is set though WRITABLE was requested and granted")
        self.assertEqual(message("refusal-sets-exception", "WRITABLE", "refusal-sets-exception"),
                         "getbuffer returned -1 without setting an exception")
        self.assertEqual(message("success-without-exception", "SIMPLE", "success-without-exception"),
                         "getbuffer succeeded but left RuntimeError: exporter: left behind set")
        self.assertEqual(message("consistent-across-requests", "SIMPLE", "consistent-across-requests"),
                         "len 12 here, 24 under FULL_RO")
        self.assertEqual(message("contiguous-as-requested", "C_CONTIGUOUS", "contiguous-as-requested"),
                         "C_CONTIGUOUS was granted but PyBuffer_IsContiguous(view, 'C') is false")
        self.assertRegex(message("release-restores/reference", "SIMPLE", "release-restores"),
                         r"^the reference count is (\d+) after release, (\d+) before the request$")
        self.assertEqual(message("release-restores/refused-again", "SIMPLE", "release-restores"),
                         "the same request is refused after release: BufferError: exporter: "
                         "refusing after the first release")

    def test_bad_pointers_are_errors_in_the_report_not_crashes(self):
        for switch, request, rule, pattern in [
            ("elements-readable/buf", "SIMPLE", "elements-readable",
             r"^elements: read: 24 bytes at 0x[0-9a-f]+\.\.0x[0-9a-f]+ are not readable "
             r"\(first bad byte at 0x[0-9a-f]+\)$"),
            ("elements-readable/row-pointer", "FULL_RO", "elements-readable",
             r"^row \[1\]: read: 12 bytes at 0x[0-9a-f]+\.\.0x[0-9a-f]+ are not readable"),
            ("pointers-readable/shape", "FULL_RO", "pointers-readable",
             r"^shape: read: 16 bytes at 0x[0-9a-f]+\.\.0x[0-9a-f]+ are not readable"),
            ("pointers-readable/format", "FULL_RO", "pointers-readable",
             r"^format: read: string at 0x[0-9a-f]+ is not readable$"),
        ]:
            with self.subTest(switch):
                report = bufferscope.check(broken.Exporter(switch))
                self.assertRegex(failures(report)[(request, rule)], pattern)
                self.assertFalse(report.ok)
                self.assertIn(rule, str(report))

    def test_elements_outside_the_owner_name_the_element(self):
        report = bufferscope.check(broken.Exporter("elements-inside-owner"))
        self.assertRegex(failures(report)[("FULL_RO", "elements-inside-owner")],
                         r"^bounds: element \[1, 2\] at byte 24 lies outside the 24-byte buffer "
                         r"\(owner: the SIMPLE export of Exporter: 0x[0-9a-f]+\.\.0x[0-9a-f]+ \(24 bytes\)\)$")


class ReportTest(unittest.TestCase):
    def test_json_round_trip(self):
        report = bufferscope.check(broken.Exporter("len-matches-shape"))
        data = json.loads(report.to_json())
        self.assertEqual(data, report.as_dict())
        self.assertFalse(data["ok"])
        # SIMPLE still says 24 bytes, so the requests disagree as well.
        self.assertEqual(data["broken"], ["len-matches-shape", "consistent-across-requests"])
        self.assertEqual([r["request"] for r in data["requests"]], [name for name, _ in bufferscope.REQUESTS])
        full = data["requests"][-1]
        self.assertEqual(full["buffer"]["shape"], [2, 3])
        self.assertIn({"rule": "len-matches-shape", "outcome": "fail", "severity": ERROR,
                       "message": "len is 20 but product(shape) * itemsize is 24"}, full["rules"])

    def test_layout_notes_come_from_core_diagnostics(self):
        import numpy as np
        report = bufferscope.check(np.arange(24.0).reshape(4, 6)[::-1, ::2])
        self.assertEqual(report.notes, [
            ("info", "FULL_RO: axis 0 has a negative stride (-48): elements run backwards"),
            ("info", "FULL_RO: axis 1 skips 8 bytes between items (stride 16, item 8 bytes)")])
        self.assertIn("  info: FULL_RO: axis 0 has a negative stride (-48): elements run backwards",
                      str(report).splitlines())
        overlapping = np.lib.stride_tricks.as_strided(np.arange(10.0), (4, 4), (8, 8))
        self.assertEqual(bufferscope.check(overlapping).as_dict()["notes"], [
            {"severity": "warning",
             "message": "FULL_RO: elements overlap: indices (0, 1) and (1, 0) share bytes"}])
        self.assertEqual(bufferscope.check(b"abc").notes, [])

    def test_table_lists_requests_and_broken_rules(self):
        text = str(bufferscope.check(broken.Exporter("len-matches-shape"), name="broken"))
        lines = text.splitlines()
        self.assertEqual(lines[0], "bufferscope check: broken")
        for name, _ in bufferscope.REQUESTS:
            self.assertTrue(any(line.startswith(name + " ") for line in lines), name)
        self.assertIn("Broken rules:", lines)
        self.assertIn("  len-matches-shape: len == product(shape) * itemsize", lines)
        self.assertEqual(lines[-1], "2 rule(s) broken")
        self.assertEqual(str(bufferscope.check(b"abc")).splitlines()[-1], "ok: no rule broken")


if __name__ == "__main__":
    unittest.main()
