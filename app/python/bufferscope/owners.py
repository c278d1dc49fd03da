# SPDX-License-Identifier: GPL-3.0-or-later
"""What an exporter says it owns: the memory its elements must stay inside.

A Py_buffer names a start pointer and a layout, never the allocation behind it, so
"inside what the exporter owns" needs a statement of that allocation.  The rules, in order:

1. A memoryview owns nothing itself: the owner is what its ``.obj`` (the object it was taken
   from, also for slices of slices and casts) owns.
2. A NumPy array's memory belongs to the root of its ``.base`` chain: an array that owns its
   data (base None), or the other exporter it was made from (bytes, mmap, ctypes, ...),
   which is asked by these same rules.
3. Any other exporter states its memory itself when it grants a contiguous request: the
   first of SIMPLE, ND, C_CONTIGUOUS, F_CONTIGUOUS, ANY_CONTIGUOUS it grants gives
   [buf, buf + len), a contiguous block with nothing left out.
4. Otherwise there is no statement (e.g. a _testbuffer.ndarray that is only strided, or a
   PIL-style buffer whose rows are separate allocations): elements-inside-owner is n/a and
   only elements-readable applies.
"""

from dataclasses import dataclass

from . import _native

_CONTIGUOUS_REQUESTS = [
    ("SIMPLE", _native.SIMPLE),
    ("ND", _native.ND),
    ("C_CONTIGUOUS", _native.C_CONTIGUOUS),
    ("F_CONTIGUOUS", _native.F_CONTIGUOUS),
    ("ANY_CONTIGUOUS", _native.ANY_CONTIGUOUS),
]
_MAX_DEPTH = 32


@dataclass(frozen=True)
class Owner:
    address: int
    size: int
    description: str  # "the SIMPLE export of bytes", ...

    def as_dict(self):
        return {"address": self.address, "size": self.size, "description": self.description}

    def __str__(self):
        return f"{self.description}: 0x{self.address:x}..0x{self.address + self.size:x} ({self.size} bytes)"


def _is_numpy_array(obj):
    return type(obj).__module__ == "numpy" and hasattr(obj, "base") and hasattr(obj, "__array_interface__")


def _own_statement(obj):
    for name, flags in _CONTIGUOUS_REQUESTS:
        try:
            held = _native.acquire(obj, flags)
        except Exception:
            continue
        try:
            if held.address and held.len >= 0 and not held.problems:
                return Owner(held.address, held.len, f"the {name} export of {type(obj).__name__}")
        finally:
            held.release()
    return None


def owner_of(obj, _depth=0):
    """The Owner of obj's memory per the module's rules, or None when nothing states it."""
    if _depth > _MAX_DEPTH:
        return None
    if isinstance(obj, memoryview):
        try:
            base = obj.obj
        except ValueError:  # released
            return None
        if base is not None and base is not obj:
            owner = owner_of(base, _depth + 1)
            if owner is not None:
                return Owner(owner.address, owner.size, f"{owner.description}, under a memoryview")
        return _own_statement(obj)
    if _is_numpy_array(obj):
        base = obj
        while _is_numpy_array(base) and base.base is not None:
            base = base.base
        if base is not obj:
            owner = owner_of(base, _depth + 1)
            if owner is not None:
                return Owner(owner.address, owner.size, f"{owner.description}, the root of .base")
            return None
    return _own_statement(obj)
