#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Whole-process times: `bufferscope-cli view IN EXPR --tobytes OUT` against the same job done
# by NumPy in a fresh /usr/bin/python3 process (np.load(IN, mmap_mode='r'), the view,
# np.ascontiguousarray(view).tofile(OUT)), on tmpfs (/dev/shm) and on a disk directory, for
# several shapes and expressions. Prints a Markdown table with wall and CPU times (min of
# --repetitions runs; the two tools alternate inside each repetition, so both see the same
# load) and the ratio NumPy / BufferScope.
#
#   /usr/bin/python3 tests/bench/compare_cli.py --cli build/app/cli/bufferscope-cli \
#       [--tmpfs /dev/shm] [--disk /var/tmp] [--repetitions 5] [--quick] [--fsync]
#
# NumPy neither fsyncs nor renames; by default bufferscope-cli runs with --no-fsync so both do
# the same work. --fsync adds BufferScope's default (durable) mode as an extra column.
# Every output is checked against NumPy's bytes (sha256) before timing.
import argparse
import hashlib
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

PYTHON = "/usr/bin/python3"
NUMPY_JOB = (
    "import sys, numpy as np\n"
    "a = np.load(sys.argv[1], mmap_mode='r')\n"
    "v = eval('a' + sys.argv[2])\n"
    "np.ascontiguousarray(v).tofile(sys.argv[3])\n"
)


def cases(quick):
    side = 2048 if quick else 8192
    vol = (16, 512, 512) if quick else (256, 1024, 1024)
    return [
        ((side, side), "float32", ".T"),
        ((side, side), "float32", "[::-1, ::-1]"),
        ((side, side), "float32", "[:, ::2]"),
        ((side // 2, side // 2), "float64", ".T"),
        ((side // 2, side // 2), "float64", "[::3, ::-2]"),
        ((side, side), "float32", "[:]"),
        (vol, "uint8", "[:, :, 500]" if not quick else "[:, :, 100]"),
        (vol, "uint8", "[:, ::2, :]"),
    ]


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def run(argv):
    """(wall s, CPU s of the child: user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def make_input(path, shape, dtype):
    a = np.lib.format.open_memmap(path, mode="w+", dtype=dtype, shape=shape)
    flat = a.reshape(-1)
    step = 1 << 24
    rng = np.random.default_rng(3)
    for i in range(0, flat.size, step):
        n = min(step, flat.size - i)
        flat[i:i + n] = (rng.random(n) * 1000).astype(dtype)
    a.flush()
    del a


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", default="build/app/cli/bufferscope-cli")
    parser.add_argument("--tmpfs", default="/dev/shm")
    parser.add_argument("--disk", default="/var/tmp")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small arrays (a check, not figures)")
    parser.add_argument("--fsync", action="store_true", help="also time bufferscope-cli's default (fsync)")
    parser.add_argument("--only", default="", help="run only cases whose expression contains this")
    args = parser.parse_args()
    cli = os.path.abspath(args.cli)

    places = [("tmpfs", args.tmpfs), ("disk", args.disk)]
    print(f"Machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
          f"NumPy {np.__version__}")
    load_before = os.getloadavg()
    rows = []
    for place, root in places:
        if not root:
            continue
        work = tempfile.mkdtemp(prefix="bufferscope-cli-bench-", dir=root)
        try:
            for shape, dtype, expr in cases(args.quick):
                if args.only and args.only not in expr:
                    continue
                src = os.path.join(work, "in.npy")
                make_input(src, shape, dtype)
                ours_out = os.path.join(work, "ours.bin")
                numpy_out = os.path.join(work, "numpy.bin")
                ours = [cli, "view", src, expr, "--tobytes", ours_out, "--no-fsync"]
                synced = [cli, "view", src, expr, "--tobytes", ours_out]
                theirs = [PYTHON, "-c", NUMPY_JOB, src, expr, numpy_out]
                run(ours)
                run(theirs)
                if digest(ours_out) != digest(numpy_out):
                    sys.exit(f"mismatch: {shape} {dtype} {expr}: bufferscope-cli's bytes differ from NumPy's")
                size = os.path.getsize(numpy_out)
                best = {"ours": [9e9, 9e9], "numpy": [9e9, 9e9], "synced": [9e9, 9e9]}
                for rep in range(args.repetitions):
                    # Alternate who goes first; remove outputs so each run creates its file.
                    order = [("ours", ours), ("numpy", theirs)]
                    if args.fsync:
                        order.append(("synced", synced))
                    if rep % 2:
                        order.reverse()
                    for name, argv in order:
                        for p in (ours_out, numpy_out):
                            if os.path.exists(p):
                                os.unlink(p)
                        wall, cpu = run(argv)
                        best[name][0] = min(best[name][0], wall)
                        best[name][1] = min(best[name][1], cpu)
                rows.append((place, shape, dtype, expr, size, best))
                for p in (src, ours_out, numpy_out):
                    if os.path.exists(p):
                        os.unlink(p)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    print(f"Load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f}; "
          f"min of {args.repetitions} runs, each tool a fresh process")
    print()
    head = "| where | array | view | output MiB | NumPy wall ms | ours wall ms | wall ratio | NumPy CPU ms | ours CPU ms | CPU ratio |"
    rule = "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
    if args.fsync:
        head += " ours with fsync, wall ms |"
        rule += "---:|"
    print(head)
    print(rule)
    for place, shape, dtype, expr, size, best in rows:
        nw, nc = (x * 1e3 for x in best["numpy"])
        ow, oc = (x * 1e3 for x in best["ours"])
        line = (f"| {place} | {shape} {dtype} | `{expr}` | {size / 2**20:.0f} | {nw:.1f} | {ow:.1f} | "
                f"{nw / ow:.2f}× | {nc:.1f} | {oc:.1f} | {nc / max(oc, 1e-3):.2f}× |")
        if args.fsync:
            line += f" {best['synced'][0] * 1e3:.1f} |"
        print(line)


if __name__ == "__main__":
    main()
