# SPDX-License-Identifier: GPL-3.0-or-later
"""BufferScope for live Python objects.

    import bufferscope
    print(bufferscope.check(obj))        # conformance report of obj's buffer export
    bufferscope.show(obj)                # obj's own memory in the BufferScope window
    held = bufferscope.acquire(obj, bufferscope.FULL_RO)   # hold one export
    data = bufferscope.read(held.address, 16)              # safe read of this process

The native half (bufferscope._native) holds exports and reads memory with process_vm_readv,
so a bad pointer becomes an OSError instead of a crash.
"""

from ._native import (ANY_CONTIGUOUS, C_CONTIGUOUS, CONTIG, CONTIG_RO, F_CONTIGUOUS, FORMAT,
                      FULL, FULL_RO, INDIRECT, ND, RECORDS, RECORDS_RO, SIMPLE, STRIDED,
                      STRIDED_RO, STRIDES, WRITABLE, Held, acquire, allow_reader, export_count,
                      parse_format, read, read_many)
from ._version import __version__
from .check import REQUESTS, check
from .live import LiveError, Shown, refresh, show, wait
from .report import Report
from .rules import RULES

__all__ = ["__version__", "check", "show", "refresh", "wait", "Shown", "LiveError", "Report", "RULES", "REQUESTS", "Held", "acquire", "read",
           "read_many", "allow_reader", "export_count", "parse_format", "SIMPLE", "WRITABLE",
           "FORMAT", "ND", "STRIDES", "C_CONTIGUOUS", "F_CONTIGUOUS", "ANY_CONTIGUOUS",
           "INDIRECT", "CONTIG", "CONTIG_RO", "STRIDED", "STRIDED_RO", "RECORDS", "RECORDS_RO",
           "FULL", "FULL_RO"]
