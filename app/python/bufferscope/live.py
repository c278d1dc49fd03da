# SPDX-License-Identifier: GPL-3.0-or-later
"""bufferscope.show(obj): a running object's own buffer in the BufferScope window.

The object's memory stays where it is. This module holds ONE real export of it (a Py_buffer
from PyObject_GetBuffer, so the object is locked as by any consumer: a bytearray refuses to
resize), starts the window as its own process (no Qt in this process), and sends it the
descriptor over a Unix socket. The window reads only the bytes it draws, with
process_vm_readv. Closing the object in the window sends "release" back and the export is
given back here (PyBuffer_Release); when this process ends, the window marks the object gone.
The protocol is described in core/exporters/live/live_protocol.h.

    import bufferscope, numpy as np
    a = np.random.rand(512, 512).astype('<f4')
    shown = bufferscope.show(a, name="a")    # returns once the window has it
    a[:] = 0; bufferscope.refresh()          # the window re-reads the bytes
    shown.view("[::2].T")                    # a view of it in the window
    shown.close()                            # as Close in the window: the lock is given back
"""

import base64
import itertools
import json
import os
import reprlib
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from . import _native

# The widest request first: FULL_RO gets suboffsets, strides and the format where the
# exporter has them; narrower ones for exporters that refuse it.
REQUESTS = (("FULL_RO", _native.FULL_RO), ("RECORDS_RO", _native.RECORDS_RO),
            ("STRIDED_RO", _native.STRIDED_RO), ("ND", _native.ND), ("SIMPLE", _native.SIMPLE))
TIMEOUT = float(os.environ.get("BUFFERSCOPE_TIMEOUT", "30"))


class LiveError(Exception):
    """The window could not be started, refused the object, or went away."""


def _window_command():
    """BUFFERSCOPE_GUI (a path, or '-' to wait for a window started by hand), else the
    build tree's window next to this package, else the installed one."""
    chosen = os.environ.get("BUFFERSCOPE_GUI")
    if chosen:
        return None if chosen == "-" else chosen
    built = Path(__file__).resolve().parents[2] / "gui" / "bufferscope"
    if built.is_file():
        return str(built)
    installed = shutil.which("bufferscope")
    if installed:
        return installed
    raise LiveError("bufferscope: the window program was not found; install bufferscope or "
                    "set BUFFERSCOPE_GUI to its path")


class _Session:
    """One window and its connection, for the life of this process (or of the window)."""

    def __init__(self):
        self._dir = tempfile.mkdtemp(prefix="bufferscope-")
        self.path = os.path.join(self._dir, "live.sock")
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(self.path)
        self._server.listen(1)
        self.process = None
        command = _window_command()
        if command:
            debug = os.environ.get("BUFFERSCOPE_DEBUG")
            self.process = subprocess.Popen(
                [command, "--live", self.path], stdin=subprocess.DEVNULL,
                stdout=None if debug else subprocess.DEVNULL,
                stderr=None if debug else subprocess.DEVNULL, start_new_session=True)
            # Yama's ptrace_scope 1 lets a process read only its descendants unless named.
            _native.allow_reader(self.process.pid)
        else:
            print(f"bufferscope: waiting for a window: bufferscope --live {self.path}",
                  file=sys.stderr, flush=True)
        self._conn = self._accept()
        self._server.close()  # one window per session
        shutil.rmtree(self._dir, ignore_errors=True)
        self._file = self._conn.makefile("rb")
        self._send_lock = threading.Lock()
        self._cond = threading.Condition()
        self._replies = {}
        self._requests = itertools.count(1)
        self.closed = False
        self.shown = {}  # id -> Shown, while this process holds its export
        self._send({"op": "hello", "pid": os.getpid(), "version": 1})
        threading.Thread(target=self._listen, name="bufferscope-live", daemon=True).start()

    def _accept(self):
        self._server.settimeout(0.1)
        waited = 0.0
        while True:
            try:
                conn, _ = self._server.accept()
                conn.settimeout(None)
                return conn
            except socket.timeout:
                waited += 0.1
                if self.process is not None and self.process.poll() is not None:
                    raise LiveError(f"bufferscope: the window exited with status "
                                    f"{self.process.returncode} before connecting")
                if waited > TIMEOUT and self.process is not None:
                    self.process.kill()
                    raise LiveError(f"bufferscope: the window did not connect within {TIMEOUT:g} s")

    def _send(self, message):
        data = (json.dumps(message) + "\n").encode()
        with self._send_lock:
            try:
                self._conn.sendall(data)
            except OSError as error:
                raise LiveError(f"bufferscope: the window is gone ({error})") from None

    def _listen(self):
        try:
            for line in self._file:
                message = json.loads(line)
                op = message.get("op")
                if op == "release":
                    shown = self.shown.pop(message.get("id"), None)
                    if shown is not None:
                        shown._released_by_window()
                key = (("request", message["request"]) if message.get("request") is not None
                       else ("id", message.get("id")))
                if op in ("shown", "refused", "closed", "viewed"):
                    with self._cond:
                        self._replies[key] = message
                        self._cond.notify_all()
        except (OSError, ValueError):
            pass
        # The window closed: nobody reads the memory any more, give every export back.
        self.closed = True
        self._file.close()
        self._conn.close()
        for shown in list(self.shown.values()):
            shown._released_by_window()
        self.shown.clear()
        with self._cond:
            self._cond.notify_all()

    def ask(self, message, key):
        """Sends `message` and waits for the window's answer carrying `key`."""
        self._send(message)
        with self._cond:
            if not self._cond.wait_for(lambda: key in self._replies or self.closed, TIMEOUT):
                raise LiveError(f"bufferscope: the window did not answer within {TIMEOUT:g} s")
            if key not in self._replies:
                raise LiveError("bufferscope: the window closed")
            return self._replies.pop(key)

    def request(self, message):
        number = next(self._requests)
        reply = self.ask(dict(message, request=number), ("request", number))
        if reply.get("op") == "refused":
            raise BufferError(reply.get("message", "refused"))
        return reply


_session = None
_session_lock = threading.Lock()
_ids = itertools.count(1)


def _current_session():
    global _session
    with _session_lock:
        if _session is None or _session.closed:
            _session = _Session()
        return _session


class Shown:
    """An object shown in the window; holds its export until the window gives it back."""

    def __init__(self, session, ident, name, held):
        self._session = session
        self.id = ident
        self.name = name
        self._held = held

    @property
    def released(self):
        return self._held is None or self._held.released

    def _released_by_window(self):
        if self._held is not None:
            self._held.release()

    def close(self):
        """Closes it in the window as Close would: refused (BufferError with the window's
        text) while views there hold exports; afterwards this process's export is given back."""
        if self._session.closed:
            self._released_by_window()
            return
        self._session.request({"op": "close", "id": self.id})
        self._released_by_window()

    def view(self, expression, tobytes=False, keep=True):
        """Makes a view of it in the window; returns the view's descriptor (dict, as
        `bufferscope-cli view` prints it), with 'tobytes' (bytes) when asked."""
        reply = self._session.request({"op": "view", "id": self.id, "expression": expression,
                                       "tobytes": bool(tobytes), "keep": bool(keep)})
        descriptor = reply["descriptor"]
        if tobytes:
            descriptor["tobytes"] = base64.b64decode(reply["tobytes"])
        return descriptor

    def __repr__(self):
        state = "released" if self.released else "held"
        return f"<bufferscope.Shown {self.name!r} id {self.id}, export {state}>"


def _acquire(obj):
    last = None
    for name, flags in REQUESTS:
        try:
            return name, flags, _native.acquire(obj, flags)
        except BufferError as error:
            last = error
        except TypeError:
            raise
    raise last


def _buffer_message(held):
    return {"address": held.address, "len": held.len, "itemsize": held.itemsize,
            "format": held.format, "readonly": bool(held.readonly), "shape": held.shape,
            "strides": held.strides, "suboffsets": held.suboffsets}


def _send_show(session, message, shown):
    """Sends a show message and waits for the window's answer. The Shown is registered first
    (the window may release it as soon as it has it); if the window refuses or the session
    fails, it is removed again and the export it holds, if any, given back."""
    session.shown[shown.id] = shown
    try:
        reply = session.ask(message, ("id", shown.id))
    except Exception:
        session.shown.pop(shown.id, None)
        shown._released_by_window()
        raise
    if reply.get("op") == "refused":
        session.shown.pop(shown.id, None)
        shown._released_by_window()
        raise LiveError(f"bufferscope: the window refused {shown.name}: {reply.get('message')}")
    return shown


def show(obj, name=None, report=True):
    """Shows obj's buffer in the BufferScope window, holding one export of it until the window
    gives it back. Returns a Shown once the window has it. `report`: send the conformance
    report (bufferscope.check) for the inspector."""
    session = _current_session()
    request, flags, held = _acquire(obj)
    ident = next(_ids)
    label = name or type(obj).__name__
    message = {"op": "show", "id": ident, "name": label,
               "type": f"{type(obj).__module__}.{type(obj).__qualname__}",
               "repr": reprlib.Repr().repr(obj)[:200], "flags": flags, "granted": request,
               "buffer": _buffer_message(held), "report": None}
    if report:
        from .check import check
        message["report"] = check(obj, name=label).as_dict()
    return _send_show(session, message, Shown(session, ident, label, held))


def show_memory(buffer, name, pid, program="", expression="", report=None, replaces=None):
    """Shows memory of ANOTHER process, one that is stopped in gdb (gdb's bufferscope show):
    `buffer` is a show message's descriptor (address, len, itemsize, format, readonly, shape,
    strides, suboffsets) in process `pid`'s addresses; the window reads it there itself. No
    export is held (the Shown's release does nothing). `report`: a report dict (show-pybuffer).
    `replaces`: the id of an object this one takes the place of (gdb's --follow): the window
    makes the same views of the new one and closes the old one."""
    session = _current_session()
    ident = next(_ids)
    message = {"op": "show", "id": ident, "kind": "debugger", "pid": pid, "name": name,
               "program": program, "expression": expression, "buffer": buffer,
               "report": report}
    if replaces is not None:
        message["replaces"] = replaces
    return _send_show(session, message, Shown(session, ident, name, None))


def session_open():
    """Whether a window is connected (a show() or show_memory() started one)."""
    return _session is not None and not _session.closed


def stale():
    """Tells the window that the debugged program runs: its reads are refused until the next
    refresh() (the program stopped again)."""
    if session_open():
        _session._send({"op": "stale"})


def refresh():
    """Tells the window that the shown objects' bytes may have changed."""
    if _session is not None and not _session.closed:
        _session._send({"op": "refresh"})


def wait():
    """Blocks until the window is closed (python3 -m bufferscope show keeps the object alive
    this way)."""
    session = _session
    if session is None:
        return
    with session._cond:
        session._cond.wait_for(lambda: session.closed)


def window():
    """The window's process (subprocess.Popen), or None before the first show()."""
    return _session.process if _session is not None else None
