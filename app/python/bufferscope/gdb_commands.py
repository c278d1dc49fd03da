# SPDX-License-Identifier: GPL-3.0-or-later
"""gdb's `bufferscope` commands (loaded by share/bufferscope/gdb/bufferscope.py):

    bufferscope show EXPR FORMAT SHAPE [--strides ..] [--suboffsets ..] [--name N]
                     [--follow] [--print]
    bufferscope show-pybuffer EXPR [--flags REQUEST] [--name N] [--follow] [--print]

The memory stays in the stopped program: the window (started once, as bufferscope.show()
starts it) gets the descriptor over the live protocol with kind "debugger" and reads what it
draws itself with process_vm_readv. When the program continues the window is told ("stale":
reads are refused), when it stops again its bytes are re-read ("refresh"). --print reads with
gdb's read_memory instead and prints, so it needs no window, no local process (remote
targets, core files) and no display. The logic without gdb is in inferior.py.
"""

import gdb

from . import inferior, live
from .report import format_report

_followed = []  # [Follow] of --follow shows, in order
_shown = []     # every Shown this gdb made, for scripts and tests (last_shown)


class Follow:
    """A --follow show: evaluated again at every stop; a new address replaces the old object
    in the window, with the same views."""

    def __init__(self, command, argv, shown, buffer):
        self.command, self.argv, self.shown, self.buffer = command, argv, shown, buffer


def last_shown():
    """The Shown of the last show in the window (tests ask the window through it)."""
    return _shown[-1] if _shown else None


def _read(address, size):
    return gdb.selected_inferior().read_memory(address, size).tobytes()


def _program():
    filename = gdb.current_progspace().filename
    return filename or ""


def _pid_for_window():
    pid = gdb.selected_inferior().pid
    if pid <= 0:
        raise gdb.GdbError("bufferscope: no process is running; start the program (run) "
                           "or use --print")
    return pid


def _yama_warning(pid):
    """Yama's ptrace_scope 1 or more keeps the window (gdb's child) from reading the program
    (gdb's other child): say so before the window shows only errors."""
    try:
        with open("/proc/sys/kernel/yama/ptrace_scope") as f:
            scope = int(f.read())
    except (OSError, ValueError):
        return
    if scope >= 1:
        gdb.write(f"bufferscope: warning: Yama ptrace_scope is {scope}: the window may not be "
                  f"allowed to read process {pid} (process_vm_readv); use --print, or "
                  f"'sudo sysctl kernel.yama.ptrace_scope=0'\n", gdb.STDERR)


def _evaluate(expression):
    try:
        return gdb.parse_and_eval(expression)
    except gdb.error as error:
        raise gdb.GdbError(f"bufferscope: cannot evaluate '{expression}': {error}") from None


def pointer_of(expression):
    """The address EXPR gives: a pointer's value, an array's address, or an integer."""
    value = _evaluate(expression)
    kind = value.type.strip_typedefs().code
    if kind == gdb.TYPE_CODE_ARRAY and value.address is not None:
        address = int(value.address)
    elif kind in (gdb.TYPE_CODE_PTR, gdb.TYPE_CODE_INT):
        address = int(value) & ((1 << 64) - 1)
    else:
        raise gdb.GdbError(f"bufferscope: '{expression}' is a {value.type}, not a pointer")
    if address == 0:
        raise gdb.GdbError(f"bufferscope: '{expression}' is a null pointer")
    return address


def _check_readable(buffer):
    """The first and the last byte the strided part reaches, and the first pointer of a
    PIL-style axis: a wrong pointer fails here, in gdb, not only in the window."""
    if buffer["len"] == 0:
        return
    low, high = inferior._extent(buffer["shape"], buffer["strides"], buffer["itemsize"])
    if buffer.get("suboffsets"):
        high = low + 8
    for address in {buffer["address"] + low, buffer["address"] + high - 1}:
        try:
            _read(address, 1)
        except gdb.MemoryError as error:
            raise gdb.GdbError(f"bufferscope: cannot read {high - low} bytes at "
                               f"0x{buffer['address'] + low:x}: {error}") from None


def _refusal(command, error):
    """Core's refusal of a layout; for a Py_buffer the report above says which rule it is."""
    if command == "show-pybuffer":
        return f"bufferscope: the Py_buffer cannot be shown: {error}"
    return f"bufferscope: {error}"


def _usage_error(command, usage, error):
    return gdb.GdbError(f"bufferscope {command}: {error}\n{usage}")


def _show_buffer(args):
    """(buffer, report) of a `show` command line; `show` has no Py_buffer, so no report."""
    address = pointer_of(args["EXPR"])
    try:
        buffer = inferior.buffer_message(address, args["FORMAT"], args["shape"], args["strides"],
                                         args["suboffsets"])
    except ValueError as error:
        raise gdb.GdbError(f"bufferscope: {error}") from None
    return buffer, None


def _pybuffer_raw(expression):
    """A Py_buffer's fields as integers, from its struct (debug information) or, for a plain
    address, from CPython's LP64 layout."""
    value = _evaluate(expression)
    kind = value.type.strip_typedefs()
    target = kind.target().strip_typedefs() if kind.code == gdb.TYPE_CODE_PTR else None
    if target is not None and target.code == gdb.TYPE_CODE_STRUCT:
        if int(value) == 0:
            raise gdb.GdbError(f"bufferscope: '{expression}' is a null pointer")
        value = value.dereference()
        kind = value.type.strip_typedefs()
    if kind.code == gdb.TYPE_CODE_STRUCT:
        fields = {field.name for field in kind.fields()}
        missing = [name for name in inferior.PY_BUFFER_LAYOUT if name not in fields]
        if missing:
            raise gdb.GdbError(f"bufferscope: '{expression}' is a {value.type}, not a Py_buffer "
                               f"(no field {missing[0]})")
        # Pointers as unsigned 64-bit numbers; len, itemsize, readonly and ndim keep their sign.
        pointers = {name for name, (_, code) in inferior.PY_BUFFER_LAYOUT.items() if code == "P"}
        try:
            return {name: int(value[name]) & ((1 << 64) - 1) if name in pointers
                    else int(value[name]) for name in inferior.PY_BUFFER_LAYOUT}
        except gdb.MemoryError as error:
            raise gdb.GdbError(f"bufferscope: cannot read the Py_buffer '{expression}': {error}") from None
    address = pointer_of(expression)
    try:
        data = _read(address, inferior.PY_BUFFER_SIZE)
    except gdb.MemoryError as error:
        raise gdb.GdbError(f"bufferscope: cannot read {inferior.PY_BUFFER_SIZE} bytes at "
                           f"0x{address:x}: {error}") from None
    return inferior.raw_from_bytes(data)


def _frame_flags():
    """getbufferproc's `flags` argument in the selected frame, if there is one."""
    try:
        return int(gdb.selected_frame().read_var("flags"))
    except (gdb.error, ValueError, RuntimeError):
        return None


def _pybuffer_buffer(args, quiet=False):
    raw = _pybuffer_raw(args["EXPR"])
    pid = gdb.selected_inferior().pid
    if pid <= 0:
        raise gdb.GdbError("bufferscope: show-pybuffer reads the program's memory with "
                           "process_vm_readv: no process is running")
    flags = args.get("flags")
    if flags is None:
        flags = _frame_flags()
    if flags is None:
        flags = inferior.request_flags("FULL_RO")
    report, checked = inferior.check_pybuffer(pid, raw, flags, args["--name"] or args["EXPR"],
                                              args.get("request"))
    if not quiet:
        gdb.write(format_report(report) + "\n")
    if args.get("--check"):
        return None, None
    try:
        buffer = inferior.pybuffer_message(raw, checked)
    except ValueError as error:
        raise gdb.GdbError(f"bufferscope: the Py_buffer cannot be shown: {error}") from None
    if buffer["address"] == 0:
        raise gdb.GdbError(f"bufferscope: '{args['EXPR']}' has a null buf")
    return buffer, report.as_dict()


def _run(command, args, make):
    buffer, report = make(args)
    if buffer is None:  # show-pybuffer --check: the report was all
        return
    name = args["--name"] or args["EXPR"]
    pid = gdb.selected_inferior().pid
    source = {"pid": pid, "name": name, "program": _program(), "expression": args["EXPR"]}
    if args["--print"]:
        try:
            gdb.write(inferior.printed(_read, buffer, source) + "\n")
        except inferior.ReadError as error:
            raise gdb.GdbError(str(error)) from None
        except ValueError as error:
            raise gdb.GdbError(_refusal(command, error)) from None
        return
    try:
        inferior.describe(buffer, source)  # core's refusals here, before a window opens
    except ValueError as error:
        raise gdb.GdbError(_refusal(command, error)) from None
    _check_readable(buffer)
    pid = _pid_for_window()
    _yama_warning(pid)
    try:
        shown = live.show_memory(buffer, name, pid, program=source["program"],
                                 expression=args["EXPR"], report=report)
    except live.LiveError as error:
        raise gdb.GdbError(str(error)) from None
    _shown.append(shown)
    if args["--follow"]:
        _followed.append(Follow(command, args, shown, buffer))
    shape = "(" + ", ".join(map(str, buffer["shape"] or [])) + ")"
    gdb.write(f"bufferscope: {name}: {shape} '{buffer['format']}' at 0x{buffer['address']:x} "
              f"of process {pid} is in the window\n")


class BufferscopePrefix(gdb.Command):
    """Show buffers of the stopped program in BufferScope.

bufferscope show EXPR FORMAT SHAPE [...]   memory a pointer points to
bufferscope show-pybuffer EXPR [...]       a Py_buffer, with the conformance rules checked"""

    def __init__(self):
        super().__init__("bufferscope", gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)

    def invoke(self, argument, from_tty):
        if argument.strip():
            raise gdb.GdbError(f"Undefined bufferscope command: \"{argument.split()[0]}\".  "
                               f"Try \"help bufferscope\".")
        gdb.execute("help bufferscope")


class ShowCommand(gdb.Command):
    __doc__ = inferior.SHOW_USAGE

    def __init__(self):
        super().__init__("bufferscope show", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, argument, from_tty):
        try:
            args = inferior.parse_show(gdb.string_to_argv(argument))
        except inferior.UsageError as error:
            raise _usage_error("show", inferior.SHOW_USAGE, error) from None
        _run("show", args, _show_buffer)


class ShowPybufferCommand(gdb.Command):
    __doc__ = inferior.PYBUFFER_USAGE

    def __init__(self):
        super().__init__("bufferscope show-pybuffer", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, argument, from_tty):
        try:
            args = inferior.parse_pybuffer(gdb.string_to_argv(argument))
        except inferior.UsageError as error:
            raise _usage_error("show-pybuffer", inferior.PYBUFFER_USAGE, error) from None
        _run("show-pybuffer", args, _pybuffer_buffer)


def _follow():
    """--follow: each followed EXPR again; a new layout replaces the old object in the window
    (the window re-creates its views on the new one)."""
    for entry in list(_followed):
        make = _show_buffer if entry.command == "show" else lambda a: _pybuffer_buffer(a, quiet=True)
        try:
            buffer, report = make(entry.argv)
        except gdb.GdbError as error:
            gdb.write(f"bufferscope: --follow {entry.argv['EXPR']}: {error}\n", gdb.STDERR)
            continue
        if buffer == entry.buffer:
            continue
        name = entry.argv["--name"] or entry.argv["EXPR"]
        try:
            shown = live.show_memory(buffer, name, gdb.selected_inferior().pid,
                                     program=_program(), expression=entry.argv["EXPR"],
                                     report=report, replaces=entry.shown.id)
        except live.LiveError as error:
            gdb.write(f"bufferscope: --follow {name}: {error}\n", gdb.STDERR)
            continue
        _shown.append(shown)
        entry.shown, entry.buffer = shown, buffer


def _on_cont(event):
    if live.session_open():
        try:
            live.stale()
        except live.LiveError:
            pass


def _on_stop(event):
    if not live.session_open():
        return
    try:
        live.refresh()
        _follow()
    except live.LiveError:
        pass


def _on_exited(event):
    """The program ended: no longer stale but gone; the window's reads now say it ended."""
    _on_stop(event)


_registered = False


def register():
    """Defines the commands and the stop/continue hooks (once, however often it is sourced)."""
    global _registered
    if _registered:
        return
    _registered = True
    BufferscopePrefix()
    ShowCommand()
    ShowPybufferCommand()
    gdb.events.cont.connect(_on_cont)
    gdb.events.stop.connect(_on_stop)
    gdb.events.exited.connect(_on_exited)
