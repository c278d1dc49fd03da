# SPDX-License-Identifier: GPL-3.0-or-later
"""The conformance rules bufferscope.check() applies, with their severity and reason.

Severity "error": a consumer that relies on the documented contract reads wrong data,
crashes or is misled.  Severity "warning": the letter of CPython's buffer documentation
("...MUST be NULL") is broken in a way well-behaved consumers ignore.  Report.ok and the exit
code of ``python3 -m bufferscope check`` count errors only.

The per-grant rules are decided in C++ with BufferScope's core (``_native.check_grant``); the
rules about refusals, several grants and release are decided in check.py.
"""

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    why: str


_RULES = [
    # Refusals and the success path (check.py).
    Rule("refusal-sets-exception", ERROR, "a refused request sets an exception",
         "getbuffer returning -1 must set an exception; CPython turns a bare -1 into "
         "SystemError (C API docs: 'raise an exception and return -1')."),
    Rule("success-without-exception", ERROR, "a granted request leaves no exception set",
         "getbuffer returning 0 with an exception set makes the next C API call fail "
         "with an unrelated error (debug builds of CPython abort)."),
    Rule("obj-is-exporter", ERROR, "view.obj is the exporter",
         "getbufferproc must 'set view->obj to exporter and increment view->obj'; "
         "PyBuffer_Release decrefs it and memoryview.obj shows it."),
    # One grant (grant_rules.cpp).
    Rule("pointers-readable", ERROR, "format, shape, strides and suboffsets point at readable memory",
         "consumers read these arrays directly; an unreadable pointer crashes them."),
    Rule("ndim-in-range", ERROR, "0 <= ndim <= 64",
         "PyBUF_MAX_NDIM is 64; memoryview refuses more ('memoryview: number of "
         "dimensions must not exceed 64')."),
    Rule("itemsize-positive", ERROR, "itemsize > 0",
         "consumers divide by itemsize (memoryview.cast, len // itemsize)."),
    Rule("shape-nonnegative", ERROR, "no negative dimension",
         "a dimension is a count of elements; PEP 3118 shape entries are >= 0."),
    Rule("len-matches-shape", ERROR, "len == product(shape) * itemsize",
         "Py_buffer.len is documented as product(shape) * itemsize; memoryview.nbytes, "
         "tobytes() and bytes(view) use len. Without a shape, len is a multiple of itemsize."),
    Rule("format-parses", ERROR, "the format is valid struct / PEP 3118 syntax",
         "struct.unpack, memoryview.tolist() and NumPy parse the format; 'P' and 'n'/'N' "
         "exist only in native mode ('@'), so '<P' is refused by struct."),
    Rule("itemsize-matches-format", ERROR, "itemsize equals the size the format implies",
         "Py_buffer.itemsize is documented as struct.calcsize(format); for T{} records the "
         "implied size follows NumPy's PEP 3118 layout (C alignment and trailing padding "
         "under '@', none under '<', '>', '=', '!'). Consumers step through items by "
         "itemsize and decode them by format: a mismatch misplaces fields (bpo-32780, numpy#10528)."),
    Rule("format-when-requested", ERROR, "format is set when FORMAT was requested",
         "PyBUF_FORMAT: 'this field MUST be filled in correctly'."),
    Rule("shape-when-requested", ERROR, "shape is set when ND was requested (ndim > 0)",
         "PyBUF_ND: shape is required; consumers index view.shape[i]."),
    Rule("strides-when-requested", ERROR, "strides are set when STRIDES was requested (ndim > 0)",
         "PyBUF_STRIDES: strides are required; PyBuffer_GetPointer and other consumers "
         "index view.strides[i] without checking for NULL."),
    Rule("suboffsets-only-if-indirect", ERROR, "no suboffsets unless INDIRECT was requested",
         "a consumer that did not ask for PyBUF_INDIRECT does not follow pointers and "
         "would read the pointer array as data."),
    Rule("format-null-unless-requested", WARNING, "format is NULL when FORMAT was not requested",
         "PyBUF_FORMAT: 'Otherwise, this field MUST be NULL'; consumers that did not ask ignore it."),
    Rule("shape-null-unless-requested", WARNING, "shape is NULL when ND was not requested",
         "PyBUF_SIMPLE / PyBUF_WRITABLE leave shape NULL in CPython's own exporters "
         "(PyBuffer_FillInfo); consumers that did not ask ignore it."),
    Rule("strides-null-unless-requested", WARNING, "strides are NULL when STRIDES was not requested",
         "CPython's table of requests: strides is NULL unless PyBUF_STRIDES is set; "
         "consumers that did not ask ignore it."),
    Rule("writable-as-requested", ERROR, "readonly is false when WRITABLE was granted",
         "PyBUF_WRITABLE: 'the exporter MUST provide a writable buffer or else report failure'."),
    Rule("c-order-without-strides", ERROR, "without STRIDES the layout is C-contiguous",
         "a consumer that did not ask for strides assumes C order (docs: 'If strides is "
         "NULL, the array must be interpreted as a standard n-dimensional C-array')."),
    Rule("contiguous-as-requested", ERROR, "a granted contiguous request is contiguous",
         "C_/F_/ANY_CONTIGUOUS promise PyBuffer_IsContiguous(view, 'C'/'F'/'A'); consumers "
         "then copy len bytes from buf in one go."),
    Rule("elements-readable", ERROR, "every element reached is readable memory",
         "PyBuffer_GetPointer walks strides and dereferences suboffset pointers; an element "
         "outside mapped memory crashes the consumer. Checked with process_vm_readv, never "
         "by dereferencing."),
    Rule("elements-inside-owner", ERROR, "every element lies inside the memory the exporter owns",
         "elements outside the exporter's own allocation read or overwrite someone else's "
         "memory even when it is mapped. What 'owns' means is described in owners.py."),
    # Several grants and release (check.py).
    Rule("consistent-across-requests", ERROR, "every request describes the same memory",
         "a consumer asking SIMPLE and one asking FULL must see the same buf, len and "
         "itemsize (and the same format, shape and strides where both see them)."),
    Rule("release-restores", ERROR, "release gives the export back",
         "after PyBuffer_Release the exporter's reference count and export count are back "
         "where they were (bytearray and array.array can be resized again) and the same "
         "request succeeds again with the same layout."),
]

RULES = {rule.id: rule for rule in _RULES}
RULE_ORDER = [rule.id for rule in _RULES]
