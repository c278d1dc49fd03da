# SPDX-License-Identifier: GPL-3.0-or-later
"""python3 -m bufferscope SUBCOMMAND ...

    check 'module:expression' [--json]   conformance report; exit 0 clean, 1 a rule broken,
                                         2 usage error (bad target, not an exporter)
    show 'module:expression' [--name N]  the object's buffer in the window, until it is closed

Sub-commands register themselves in COMMANDS: add_parser(subparsers) -> None and run(args) ->
exit code, so another one (show) is one more entry.
"""

import argparse
import importlib
import sys

from ._version import __version__
from .check import check


class TargetError(Exception):
    pass


def resolve(target):
    """'module:expression' -> the object: import module, then evaluate the expression with
    the module's namespace plus the module itself under its top-level name, so that
    'ctypes:(ctypes.c_int*4)()' and 'numpy:arange(6).reshape(2, 3)' both work."""
    module_name, sep, expression = target.partition(":")
    if not sep or not module_name or not expression:
        raise TargetError(f"target must be 'module:expression', got {target!r}")
    try:
        module = importlib.import_module(module_name)
    except Exception as error:
        raise TargetError(f"cannot import {module_name}: {type(error).__name__}: {error}")
    top = module_name.split(".")[0]
    namespace = dict(vars(module))
    namespace[top] = sys.modules[top]
    try:
        return eval(expression, namespace)
    except Exception as error:
        raise TargetError(f"cannot evaluate {expression!r} in {module_name}: "
                          f"{type(error).__name__}: {error}")


def _add_check(subparsers):
    parser = subparsers.add_parser("check", help="conformance report of an object's buffer export")
    parser.add_argument("target", help="'module:expression', e.g. 'array:array.array(\"d\", [1, 2])'")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def _run_check(args):
    try:
        obj = resolve(args.target)
    except TargetError as error:
        print(f"bufferscope check: {error}", file=sys.stderr)
        return 2
    report = check(obj, name=args.target)
    print(report.to_json() if args.json else report)
    if not report.exporter:
        print(f"bufferscope check: {args.target} does not export a buffer", file=sys.stderr)
        return 2
    return 0 if report.ok else 1


def _add_show(subparsers):
    parser = subparsers.add_parser("show", help="show an object's buffer in the BufferScope window")
    parser.add_argument("target", help="'module:expression', e.g. 'numpy:arange(12.0).reshape(3, 4)'")
    parser.add_argument("--name", help="the name in the window (default: the target)")


def _run_show(args):
    from .live import LiveError, show, wait
    try:
        obj = resolve(args.target)
    except TargetError as error:
        print(f"bufferscope show: {error}", file=sys.stderr)
        return 2
    try:
        show(obj, name=args.name or args.target)
    except (LiveError, BufferError, TypeError) as error:
        print(f"bufferscope show: {error}", file=sys.stderr)
        return 2
    # The object lives in this process: keep it until the window is closed.
    try:
        wait()
    except KeyboardInterrupt:
        pass
    return 0


COMMANDS = {"check": (_add_check, _run_check), "show": (_add_show, _run_show)}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m bufferscope",
                                     description="BufferScope for live Python objects")
    parser.add_argument("--version", action="version", version=f"bufferscope {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add, _ in COMMANDS.values():
        add(subparsers)
    args = parser.parse_args(argv)
    return COMMANDS[args.command][1](args)


if __name__ == "__main__":
    sys.exit(main())
