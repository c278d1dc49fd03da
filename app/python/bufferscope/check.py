# SPDX-License-Identifier: GPL-3.0-or-later
"""bufferscope.check(obj): ask an exporter for every standard request and judge each answer.

For each request the object's getbuffer is called once (through _native.acquire); a refusal is
recorded with the exporter's exception type and text; a grant is judged by the per-grant rules
(_native.check_grant, computed with BufferScope's core), then released, and release is checked
to restore the object.  Afterwards the grants are compared with each other.  Nothing here
dereferences exporter memory: the native side reads it with process_vm_readv.
"""

import array
import sys

from . import _native
from .owners import owner_of
from .report import Grant, Report, RequestResult, RuleResult

REQUESTS = [
    ("SIMPLE", _native.SIMPLE),
    ("WRITABLE", _native.WRITABLE),
    ("FORMAT", _native.FORMAT),
    ("ND", _native.ND),
    ("STRIDES", _native.STRIDES),
    ("C_CONTIGUOUS", _native.C_CONTIGUOUS),
    ("F_CONTIGUOUS", _native.F_CONTIGUOUS),
    ("ANY_CONTIGUOUS", _native.ANY_CONTIGUOUS),
    ("INDIRECT", _native.INDIRECT),
    ("CONTIG", _native.CONTIG),
    ("CONTIG_RO", _native.CONTIG_RO),
    ("STRIDED", _native.STRIDED),
    ("STRIDED_RO", _native.STRIDED_RO),
    ("RECORDS", _native.RECORDS),
    ("RECORDS_RO", _native.RECORDS_RO),
    ("FULL", _native.FULL),
    ("FULL_RO", _native.FULL_RO),
]

# The SystemError text _native.acquire raises for a bare -1 (held.cpp).
_BARE_REFUSAL = "getbuffer failed without setting an exception"


def _field(held, name):
    """A Held attribute; a pointer the exporter left unreadable reads as None (reported by
    the pointers-readable rule)."""
    try:
        return getattr(held, name)
    except BufferError:
        return None


def _grant_of(held):
    return Grant(
        address=held.address, len=held.len, itemsize=held.itemsize, readonly=held.readonly,
        ndim=held.ndim, format=_field(held, "format"), shape=_field(held, "shape"),
        strides=_field(held, "strides"), suboffsets=_field(held, "suboffsets"))


def _resize_probe(obj):
    """For exporters CPython locks against resizing while exported: resize and restore.
    Returns the error text when the object is still locked, else None."""
    try:
        if type(obj) is bytearray:
            obj.append(0)
            del obj[-1]
        elif type(obj) is array.array and len(obj):
            obj.append(obj[0])
            obj.pop()
    except BufferError as error:
        return f"{type(error).__name__}: {error}"
    return None


def _strides_differ(a, b):
    """Strides of two grants with the same shape differ where it matters: on a dimension
    longer than 1 of a non-empty buffer (NumPy gives an empty array other strides per
    request, and a stride along a length-1 dimension is never stepped)."""
    if a.strides is None or b.strides is None or a.shape is None or a.shape != b.shape:
        return a.strides != b.strides
    if a.len == 0 or b.len == 0:
        return False
    return any(n > 1 and x != y for n, x, y in zip(a.shape, a.strides, b.strides))


def _same_layout(a, b):
    return (a.address, a.len, a.itemsize, a.format, a.shape, a.suboffsets) == \
           (b.address, b.len, b.itemsize, b.format, b.shape, b.suboffsets) and \
        not _strides_differ(a, b)


def _check_release(obj, flags, refs_before, refs_after, exports_before, grant):
    """release-restores for one request, after the Held is gone (the reference counts are
    taken by the caller, in one frame, so they count the same references)."""
    problems = []
    if refs_after != refs_before:
        problems.append(f"the reference count is {refs_after - 1} after release, "
                        f"{refs_before - 1} before the request")
    exports_after = _native.export_count(obj)
    if exports_after != exports_before:
        problems.append(f"the export count is {exports_after} after release, {exports_before} before")
    try:
        again = _native.acquire(obj, flags)
    except Exception as error:
        problems.append(f"the same request is refused after release: {type(error).__name__}: {error}")
    else:
        with again:
            if not _same_layout(_grant_of(again), grant):
                problems.append(f"the same request after release describes other memory "
                                f"({_grant_of(again).summary()} instead of {grant.summary()})")
    if problems:
        return RuleResult("release-restores", "fail", "; ".join(problems))
    return RuleResult("release-restores", "pass", "")


def _layout_key(held):
    """What elements-readable depends on: the same key, the same memory probed."""
    g = _grant_of(held)
    return (g.address, g.len, g.itemsize, g.shape, g.strides, g.suboffsets, tuple(held.problems))


def _request(obj, name, flags, owner, probed):
    owners = [(owner.address, owner.size)] if owner else None
    refs_before = sys.getrefcount(obj)
    exports_before = _native.export_count(obj)
    try:
        held = _native.acquire(obj, flags)
    except Exception as error:
        bare = type(error) is SystemError and str(error) == _BARE_REFUSAL
        rule = RuleResult("refusal-sets-exception", "fail" if bare else "pass",
                          "getbuffer returned -1 without setting an exception" if bare else "")
        return RequestResult(name, flags, False, type(error).__name__, str(error), None, [rule])

    rules = []
    stray = held.stray_exception
    rules.append(RuleResult("success-without-exception", "fail" if stray else "pass",
                            f"getbuffer succeeded but left {stray} set" if stray else ""))
    view_obj = held.obj
    rules.append(RuleResult(
        "obj-is-exporter", "pass" if view_obj is obj else "fail",
        "" if view_obj is obj else f"view.obj is {type(view_obj).__name__} {_short_repr(view_obj)}, "
                                   f"not the exporter"))
    del view_obj
    key = _layout_key(held)
    for rule, outcome, message in _native.check_grant(held, owners, probe_memory=key not in probed):
        if rule == "elements-inside-owner" and outcome == "fail" and owner:
            message += f" (owner: {owner})"
        if rule == "elements-readable":
            # A large buffer is probed once, not once per request granting the same layout.
            outcome, message = probed.setdefault(key, (outcome, message))
        rules.append(RuleResult(rule, outcome, message))
    grant = _grant_of(held)
    held.release()
    del held
    refs_after = sys.getrefcount(obj)
    rules.append(_check_release(obj, flags, refs_before, refs_after, exports_before, grant))
    return RequestResult(name, flags, True, None, None, grant, rules)


def _check_consistency(results):
    granted = [r for r in results if r.accepted]
    if not granted:
        return
    reference = next((r for r in granted if r.name == "FULL_RO"), granted[-1])
    ref = reference.grant
    for result in granted:
        g = result.grant
        differences = []
        for field in ("address", "len", "itemsize"):
            mine, theirs = getattr(g, field), getattr(ref, field)
            if mine != theirs:
                differences.append(f"{field} {_show(field, mine)} here, {_show(field, theirs)} "
                                   f"under {reference.name}")
        for field in ("format", "shape", "strides"):
            mine, theirs = getattr(g, field), getattr(ref, field)
            if mine is None or theirs is None or mine == theirs:
                continue
            if field == "strides" and not _strides_differ(g, ref):
                continue
            differences.append(f"{field} {mine!r} here, {theirs!r} under {reference.name}")
        if result is reference:
            outcome, message = "pass", "the reference grant"
        elif differences:
            outcome, message = "fail", "; ".join(differences)
        else:
            outcome, message = "pass", ""
        result.rules.append(RuleResult("consistent-across-requests", outcome, message))


def _show(field, value):
    return f"0x{value:x}" if field == "address" else str(value)


def _short_repr(obj, limit=80):
    try:
        text = repr(obj)
    except Exception as error:  # a repr that fails is no reason to fail the report
        text = f"<repr failed: {type(error).__name__}>"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _check_unlocked(obj, results):
    """Resizing after every export was released: last, because resizing may move the memory
    the grants above describe. Its result joins release-restores of the last grant."""
    granted = [r for r in results if r.accepted]
    locked = _resize_probe(obj)
    if not granted or not locked:
        return
    rule = next(x for x in granted[-1].rules if x.rule == "release-restores")
    text = f"resizing after every export was released raises {locked}"
    rule.message = f"{rule.message}; {text}" if rule.broken else text
    rule.outcome = "fail"


def check(obj, name=None):
    """Conformance report of obj's buffer export (see bufferscope.report.Report)."""
    owner = owner_of(obj)
    probed = {}
    results = [_request(obj, request, flags, owner, probed) for request, flags in REQUESTS]
    _check_consistency(results)
    notes = _notes(obj, results)
    _check_unlocked(obj, results)
    return Report(name=name, type_name=f"{type(obj).__module__}.{type(obj).__qualname__}",
                  repr=_short_repr(obj), owner=owner, requests=results, notes=notes)


def _notes(obj, results):
    """Core's layout diagnostics of the most complete grant (FULL_RO when granted): what a
    person inspecting the layout should be told, not rules."""
    granted = [r for r in results if r.accepted]
    if not granted:
        return []
    reference = next((r for r in granted if r.name == "FULL_RO"), granted[-1])
    try:
        with _native.acquire(obj, reference.flags) as held:
            return [(severity, f"{reference.name}: {message}")
                    for severity, message in _native.diagnose(held)]
    except Exception:
        return []  # the exporter refused this time: release-restores already says so
