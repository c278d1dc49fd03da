# SPDX-License-Identifier: GPL-3.0-or-later
"""The debugger front end's logic without gdb: the command lines of `bufferscope show` and
`bufferscope show-pybuffer`, the descriptor a pointer and a FORMAT/SHAPE make, and the values
of a buffer read through a read(address, size) -> bytes function (gdb's read_memory, so --print
works on remote targets and core files too). gdb_commands.py binds it to gdb.

Follows PEP 3118's walk for suboffsets (as PyBuffer_GetPointer does):

    pointer = buf
    for each axis k:  pointer += index[k] * strides[k]
                      if suboffsets[k] >= 0: pointer = *(char **)pointer + suboffsets[k]
"""

import json
import math
import struct
import sys

from . import _native

SHOW_USAGE = """\
usage: bufferscope show EXPR FORMAT SHAPE [--strides S0,S1,..] [--suboffsets O0,O1,..]
                        [--name N] [--follow] [--print]
Shows the memory EXPR points to in the BufferScope window, read from the stopped program.
  EXPR        a gdb expression giving a pointer: img.data, &buf[0], "p + 16" (quote spaces)
  FORMAT      a PEP 3118 / struct format ('B', '<d', 'T{<i:x:<f:y:}') or a NumPy type ('<f4')
  SHAPE       the dimensions, D0,D1,..: 480,640,3
  --strides   bytes between neighbours along each axis (default: C order)
  --suboffsets  PIL-style pointer axes: an offset >= 0 means 'follow the pointer here'
  --name      the name in the window (default: EXPR)
  --follow    at every stop, evaluate EXPR again and show the same views of the new address
  --print     print the descriptor (JSON) and the values instead of opening the window"""

PYBUFFER_USAGE = """\
usage: bufferscope show-pybuffer EXPR [--flags REQUEST] [--name N] [--follow] [--print]
                                 [--check]
Reads a Py_buffer of the stopped program (buf, format, itemsize, ndim, shape, strides,
suboffsets), checks the conformance rules of bufferscope.check on it, prints the report
and shows the buffer.
  EXPR        a Py_buffer or a Py_buffer * (inside a getbuffer implementation: view)
  --flags     the request it answers: a name (FULL_RO, STRIDED, ..) or a number
              (default: the frame's 'flags' variable, else FULL_RO)
  --check     print the report only
  --name, --follow, --print  as for bufferscope show"""


class UsageError(Exception):
    """A command typed wrong: the message, then the command's usage."""


class ReadError(Exception):
    """Bytes of the program that cannot be read."""


def _integers(text, option):
    try:
        return [int(part, 0) for part in text.split(",") if part.strip() != ""]
    except ValueError:
        raise UsageError(f"{option} must be integers separated by commas, got '{text}'") from None


def parse_arguments(argv, positional, flags, valued):
    """argv (gdb.string_to_argv) -> dict. `positional`: the names in order; `flags`: options
    without a value; `valued`: options with one (--x V or --x=V). Negative numbers are values:
    --strides -8,1 works."""
    result = {name: None for name in positional}
    result.update({name: False for name in flags})
    result.update({name: None for name in valued})
    rest = []
    i = 0
    while i < len(argv):
        word = argv[i]
        name, _, attached = word.partition("=")
        if name in valued:
            if attached or "=" in word:
                result[name] = attached
            elif i + 1 < len(argv):
                i += 1
                result[name] = argv[i]
            else:
                raise UsageError(f"{name} needs a value")
        elif word in flags:
            result[word] = True
        elif word.startswith("--"):
            raise UsageError(f"unknown option {word}")
        else:
            rest.append(word)
        i += 1
    if len(rest) < len(positional):
        raise UsageError(f"missing {positional[len(rest)]}")
    if len(rest) > len(positional):
        raise UsageError(f"unexpected argument '{rest[len(positional)]}'")
    result.update(zip(positional, rest))
    return result


def parse_show(argv):
    args = parse_arguments(argv, ["EXPR", "FORMAT", "SHAPE"], ["--follow", "--print"],
                           ["--strides", "--suboffsets", "--name"])
    args["shape"] = _integers(args["SHAPE"], "SHAPE")
    args["strides"] = _integers(args["--strides"], "--strides") if args["--strides"] is not None else None
    args["suboffsets"] = (_integers(args["--suboffsets"], "--suboffsets")
                          if args["--suboffsets"] is not None else None)
    for option in ("strides", "suboffsets"):
        given = args[option]
        if given is not None and len(given) != len(args["shape"]):
            raise UsageError(f"--{option} needs {len(args['shape'])} values (one per dimension), "
                             f"got {len(given)}")
    return args


def parse_pybuffer(argv):
    args = parse_arguments(argv, ["EXPR"], ["--follow", "--print", "--check"],
                           ["--flags", "--name"])
    if args["--flags"] is not None:
        args["flags"] = request_flags(args["--flags"])
        # STRIDED_RO and STRIDES are the same number: the report says what was typed.
        typed = args["--flags"].upper().removeprefix("PYBUF_")
        args["request"] = typed if hasattr(_native, typed) else None
    return args


def request_flags(text):
    """'FULL_RO' or 'full_ro' or 'PyBUF_FULL_RO' or a number -> the request's flags."""
    name = text.upper().removeprefix("PYBUF_")
    value = getattr(_native, name, None)
    if isinstance(value, int) and name.isupper():
        return value
    try:
        return int(text, 0)
    except ValueError:
        raise UsageError(f"--flags: unknown request '{text}'") from None


def request_name(flags):
    """The standard request's name for flags, or hex."""
    from .check import REQUESTS
    for name, value in REQUESTS:
        if value == flags:
            return name
    return f"0x{flags:x}"


def c_strides(shape, itemsize):
    strides, step = [], itemsize
    for n in reversed(shape):
        strides.insert(0, step)
        step *= max(n, 1)
    return strides


def buffer_message(address, fmt, shape, strides=None, suboffsets=None):
    """The "buffer" of a show message (live_protocol.h) for memory described by hand. FORMAT
    as the app reads it: a NumPy type string becomes its struct format. ValueError with core's
    message for a format that does not parse."""
    text = _native.format_from_type(fmt)
    itemsize = _native.parse_format(text)["itemsize"]
    if strides is None:
        strides = c_strides(shape, itemsize)
    return {"address": address, "len": math.prod(shape) * itemsize, "itemsize": itemsize,
            "format": text, "readonly": True, "shape": list(shape), "strides": list(strides),
            "suboffsets": list(suboffsets) if suboffsets else None}


def describe(buffer, source):
    """The descriptor JSON (text) as `bufferscope-cli view` prints it; ValueError with core's
    message when the layout is not a valid buffer (validateDescriptor)."""
    return _native.describe(json.dumps(buffer), json.dumps(source))


# --- reading values ------------------------------------------------------------------------

def _extent(shape, strides, itemsize):
    """(lowest, one past highest) byte offset the strided axes reach from the start."""
    low = high = 0
    for n, s in zip(shape, strides):
        reach = (n - 1) * s
        if reach < 0:
            low += reach
        else:
            high += reach
    return low, high + itemsize


def _read(read, address, size):
    try:
        return read(address, size)
    except Exception as error:
        raise ReadError(f"bufferscope: cannot read {size} bytes at 0x{address:x}: {error}") from None


def _pointer(read, address):
    size = struct.calcsize("P")
    return int.from_bytes(_read(read, address, size), sys.byteorder)


def read_elements(read, buffer):
    """(bytes of every element in C order, element count): only the bytes the view covers
    are read, one read per block of axes without suboffsets."""
    shape, strides, itemsize = buffer["shape"], buffer["strides"], buffer["itemsize"]
    suboffsets = buffer.get("suboffsets") or [-1] * len(shape)
    if math.prod(shape) == 0:
        return b""
    out = bytearray()

    def walk(address, axis):
        if all(s < 0 for s in suboffsets[axis:]):
            low, high = _extent(shape[axis:], strides[axis:], itemsize)
            block = _read(read, address + low, high - low)
            _gather(block, -low, shape[axis:], strides[axis:], itemsize, out)
            return
        for i in range(shape[axis]):
            pointer = address + i * strides[axis]
            if suboffsets[axis] >= 0:
                pointer = _pointer(read, pointer) + suboffsets[axis]
            walk(pointer, axis + 1)

    walk(buffer["address"], 0)
    return bytes(out)


def _gather(block, start, shape, strides, itemsize, out):
    """Appends the elements of a strided block (start = the first element's offset) in C order."""
    if not shape:
        out += block[start:start + itemsize]
        return
    for i in range(shape[0]):
        _gather(block, start + i * strides[0], shape[1:], strides[1:], itemsize, out)


def numpy_dtype(fmt):
    """The NumPy dtype of a struct / PEP 3118 format, or None without NumPy."""
    try:
        import numpy
        from numpy.core._internal import _dtype_from_pep3118
    except ImportError:
        return None
    try:
        return _dtype_from_pep3118(fmt)
    except (ValueError, TypeError, NotImplementedError):
        return numpy.dtype(("V", _native.parse_format(fmt)["itemsize"]))


def values(read, buffer):
    """The buffer's values: a NumPy array (C-ordered copy) when NumPy imports, else nested
    lists of struct's tuples (or the raw bytes of each element when struct cannot decode
    the format)."""
    data = read_elements(read, buffer)
    shape = buffer["shape"]
    dtype = numpy_dtype(buffer["format"])
    if dtype is not None:
        import numpy
        return numpy.frombuffer(data, dtype=dtype).reshape(shape) if shape else \
            numpy.frombuffer(data, dtype=dtype).reshape(())
    itemsize = buffer["itemsize"]
    try:
        unpack = struct.Struct(buffer["format"]).unpack
        items = [unpack(data[i:i + itemsize]) for i in range(0, len(data), itemsize)]
        items = [item[0] if len(item) == 1 else item for item in items]
    except struct.error:
        items = [data[i:i + itemsize] for i in range(0, len(data), itemsize)]
    return _nest(items, shape)


def _nest(items, shape):
    if not shape:
        return items[0] if items else None
    if len(shape) == 1:
        return items
    step = math.prod(shape[1:])
    return [_nest(items[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def printed(read, buffer, source):
    """What --print prints: the descriptor JSON, then the values as NumPy prints them. The
    values are read by the descriptor core made (a missing shape or strides filled in as
    PEP 3118 defines them)."""
    text = describe(buffer, source)
    described = json.loads(text)
    layout = dict(buffer, format=described["format"], shape=described["shape"],
                  strides=described["strides"], suboffsets=described["suboffsets"])
    return text + "\n" + str(values(read, layout))


# --- Py_buffer ------------------------------------------------------------------------------

# CPython's Py_buffer on LP64 (Include/pybuffer.h): used when the program has no debug
# information for the struct and EXPR is a plain address.
PY_BUFFER_LAYOUT = {"buf": (0, "P"), "obj": (8, "P"), "len": (16, "q"), "itemsize": (24, "q"),
                    "readonly": (32, "i"), "ndim": (36, "i"), "format": (40, "P"),
                    "shape": (48, "P"), "strides": (56, "P"), "suboffsets": (64, "P")}
PY_BUFFER_SIZE = 80


def raw_from_bytes(data):
    """A Py_buffer's fields from its 80 bytes (native order)."""
    return {name: struct.unpack_from("=" + code, data, offset)[0]
            for name, (offset, code) in PY_BUFFER_LAYOUT.items()}


def check_pybuffer(pid, raw, flags, name, request=None):
    """(report, checked): the conformance report (report.Report) of one grant read out of
    process pid, and check_view's answer (the fields as read)."""
    from .report import Grant, Report, RequestResult, RuleResult
    checked = _native.check_view(pid, raw, flags)
    grant = Grant(address=raw["buf"], len=raw["len"], itemsize=raw["itemsize"],
                  readonly=bool(raw["readonly"]), ndim=raw["ndim"], format=checked["format"],
                  shape=_tuple(checked["shape"]), strides=_tuple(checked["strides"]),
                  suboffsets=_tuple(checked["suboffsets"]))
    rules = [RuleResult(rule, outcome, message) for rule, outcome, message in checked["rules"]]
    result = RequestResult(request or request_name(flags), flags, True, None, None, grant, rules)
    report = Report(name=name, type_name="Py_buffer", repr=f"Py_buffer of process {pid}",
                    owner=None, requests=[result], notes=checked["notes"])
    return report, checked


def _tuple(value):
    return tuple(value) if value is not None else None


def pybuffer_message(raw, checked):
    """The "buffer" of a show message for a Py_buffer that was read; UsageError-free:
    ValueError when its pointers could not be read (the report says which)."""
    if checked["problems"]:
        raise ValueError("; ".join(checked["problems"]))
    if raw["ndim"] == 0:  # a scalar: PEP 3118's shape () rather than len bytes
        checked = dict(checked, shape=[], strides=[])
    return {"address": raw["buf"], "len": raw["len"], "itemsize": raw["itemsize"],
            "format": checked["format"], "readonly": bool(raw["readonly"]),
            "shape": checked["shape"], "strides": checked["strides"],
            "suboffsets": checked["suboffsets"]}
