# SPDX-License-Identifier: GPL-3.0-or-later
"""Run inside gdb (gdb -batch -nx -x in_gdb.py): loads the bufferscope gdb extension the build
made, then the test's steps from BUFFERSCOPE_GDB_STEPS (a Python file), and writes what they
record to BUFFERSCOPE_GDB_OUT as JSON for test_gdb.py to check. gdb's own exit status is not
relied on: a step that raises is recorded as {"crash": traceback}."""

import json
import os
import traceback

import gdb

results = {}


def record(key, value):
    results[key] = value


def execute(command):
    """(output, error text or None) of a gdb command."""
    try:
        return gdb.execute(command, to_string=True), None
    except gdb.error as error:
        return None, str(error)


def window_view(shown, expression="[...]"):
    """What the window says of a view of a shown buffer: (descriptor with 'tobytes' as a list
    of ints, None) or (None, the window's refusal)."""
    try:
        descriptor = shown.view(expression, tobytes=True, keep=False)
    except BufferError as error:
        return None, str(error)
    descriptor["tobytes"] = list(descriptor["tobytes"])
    return descriptor, None


gdb.execute("set confirm off")
gdb.execute("set pagination off")
gdb.execute("set breakpoint pending on")
gdb.execute("source " + os.environ["BUFFERSCOPE_GDB_SCRIPT"])
try:
    with open(os.environ["BUFFERSCOPE_GDB_STEPS"]) as f:
        exec(compile(f.read(), "steps", "exec"))
except Exception:
    results["crash"] = traceback.format_exc()
with open(os.environ["BUFFERSCOPE_GDB_OUT"], "w") as f:
    json.dump(results, f)
from bufferscope import live  # noqa: E402  (the extension put it on the path)

window = live.window()
if window is not None:  # started with its own session: it would outlive gdb
    window.terminate()
    window.wait(10)
execute("kill")
