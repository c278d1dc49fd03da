#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs BufferScope's benchmark programs (--benchmark_format=json) and the same cases with
# NumPy in the same run, then prints one Markdown table: per case both times and the ratio
# NumPy time / BufferScope time, plus the machine (CPU model, cores, load, NumPy version).
#
#   /usr/bin/python3 tests/bench/compare_numpy.py [--build build-bench] [--min-time 0.5]
#
# Both sides reuse their output buffers and are timed the same way: by default CPU time of the
# process (less sensitive than wall time to other work on a shared machine), the mean over a
# timed run, the best of --repetitions runs. --clock wall times both sides by the wall clock
# instead: the figure that matters once copies of 32 MiB and more run on two cores, where CPU
# time adds up both threads (NumPy's copies are single-threaded, so its two clocks agree).
import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

SIDE = 4096


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def time_numpy(op, min_time, repetitions, clock):
    op()  # warm up: page in the source and the output
    now = time.perf_counter if clock == "wall" else time.process_time
    best = float("inf")
    for _ in range(repetitions):
        n = 0
        start = now()
        while True:
            op()
            n += 1
            elapsed = now() - start
            if elapsed >= min_time:
                break
        best = min(best, elapsed / n)
    return best


def pattern(shape, dtype):
    rng = np.random.default_rng(5)
    return rng.random(shape, dtype=np.float64).astype(dtype)


def copy_case(view):
    out = np.empty(view.shape, view.dtype.newbyteorder("=") if view.dtype.byteorder == ">" else view.dtype)
    return lambda: np.copyto(out, view)


def numpy_cases():
    """name -> (description, zero-argument function to time); names match the programs'."""
    cases = {}
    a32 = pattern((SIDE, SIDE), np.float32)
    a64 = pattern((SIDE, SIDE), np.float64)
    vol = np.random.default_rng(6).integers(0, 256, (256, 1024, 1024), dtype=np.uint8)
    cases["f32_transpose"] = ("4096² float32 .T to C", copy_case(a32.T))
    cases["f64_transpose"] = ("4096² float64 .T to C", copy_case(a64.T))
    cases["f32_step3_rev2"] = ("4096² float32 [::3, ::-2]", copy_case(a32[::3, ::-2]))
    cases["f64_step3_rev2"] = ("4096² float64 [::3, ::-2]", copy_case(a64[::3, ::-2]))
    cases["f32_every_other_column"] = ("4096² float32 [:, ::2]", copy_case(a32[:, ::2]))
    cases["f64_every_other_column"] = ("4096² float64 [:, ::2]", copy_case(a64[:, ::2]))
    cases["f32_reversed"] = ("4096² float32 [::-1, ::-1]", copy_case(a32[::-1, ::-1]))
    cases["f64_reversed"] = ("4096² float64 [::-1, ::-1]", copy_case(a64[::-1, ::-1]))
    cases["u8_volume_axis1"] = ("(256,1024,1024) uint8 [:, 500, :]", copy_case(vol[:, 500, :]))
    cases["u8_volume_axis2"] = ("(256,1024,1024) uint8 [:, :, 500]", copy_case(vol[:, :, 500]))
    cases["f32_contiguous"] = ("4096² float32 contiguous copy", copy_case(a32))
    row_rng = np.random.default_rng(8)
    rows = [row_rng.integers(0, 256, SIDE * 4, dtype=np.uint8) for _ in range(SIDE)]
    pil_out = np.empty((SIDE, SIDE * 4), np.uint8)
    cases["pil_rgba_rows"] = ("PIL-style 4096×4096 RGBA rows (np.stack)",
                              lambda: np.stack(rows, out=pil_out))
    big = a32.astype(">f4")
    cases["f32_be_to_native"] = ("4096² '>f4' to native float32", copy_case(big))
    cases["heatmap_f32"] = ("heatmap 4096² float32 (1% NaN)", heatmap_pipeline(with_nans(a32)))
    cases["heatmap_f32_be"] = ("heatmap 4096² '>f4' (1% NaN)",
                               heatmap_pipeline(with_nans(a32).astype(">f4")))
    return cases


def with_nans(a):
    b = a.copy()
    rng = np.random.default_rng(7)
    b.reshape(-1)[rng.integers(0, b.size, b.size // 100)] = np.nan
    return b


def heatmap_pipeline(values):
    """nanmin/nanmax, scale, clip, NaN to its own LUT entry, LUT take: all into reused buffers."""
    scaled = np.empty(values.shape, np.float32)
    nan_mask = np.empty(values.shape, bool)
    index = np.empty(values.shape, np.intp)
    image = np.empty(values.shape, np.uint32)
    lut = np.arange(257, dtype=np.uint32) | np.uint32(0xff000000)  # entry 256: the NaN colour

    def run():
        low = np.float32(np.nanmin(values))
        high = np.float32(np.nanmax(values))
        factor = np.float32(255) / (high - low)
        np.subtract(values, low, out=scaled)
        np.multiply(scaled, factor, out=scaled)
        np.add(scaled, np.float32(0.5), out=scaled)
        np.clip(scaled, 0, 255, out=scaled)
        np.isnan(scaled, out=nan_mask)
        np.copyto(scaled, 256, where=nan_mask)
        np.copyto(index, scaled, casting="unsafe")
        np.take(lut, index, out=image)

    return run


def run_program(path, min_time, repetitions, clock):
    cmd = [path, "--benchmark_format=json", f"--benchmark_min_time={min_time}",
           f"--benchmark_repetitions={repetitions}"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    results = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        name = b["run_name"].split("/")[0]
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        results[name] = min(results.get(name, float("inf")), b["real_time" if clock == "wall" else "cpu_time"] * scale)
    return results


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default=os.path.join(here, "..", "..", "build-bench"))
    parser.add_argument("--min-time", type=float, default=0.5)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="time both sides by process CPU time (default) or wall time")
    args = parser.parse_args()

    load_before = os.getloadavg()
    ours = {}
    for program in ("copy_bench", "render_bench"):
        path = os.path.join(args.build, "tests", "bench", program)
        ours.update(run_program(path, args.min_time, args.repetitions, args.clock))
    cases = numpy_cases()
    theirs = {name: time_numpy(op, args.min_time, args.repetitions, args.clock)
              for name, (_, op) in cases.items()}
    load_after = os.getloadavg()

    print(f"Machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
          f"NumPy {np.__version__}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"Load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f}; "
          f"{'wall' if args.clock == 'wall' else 'CPU'} time per call, best of {args.repetitions}")
    print()
    print("| case | NumPy ms | BufferScope ms | ratio (NumPy / BufferScope) |")
    print("|---|---:|---:|---:|")
    for name, (description, _) in cases.items():
        mine = ours.get(name)
        if mine is None:
            print(f"| {description} | {theirs[name] * 1e3:.2f} | (missing) | |")
            continue
        print(f"| {description} | {theirs[name] * 1e3:.2f} | {mine * 1e3:.2f} | "
              f"{theirs[name] / mine:.2f}× |")
    if "memcpy_64MiB" in ours:
        print()
        print("| BufferScope copy | ms | share of memcpy speed |")
        print("|---|---:|---:|")
        memcpy = ours["memcpy_64MiB"]
        print(f"| memcpy 64 MiB | {memcpy * 1e3:.2f} | 100% |")
        for name in ("f32_contiguous", "pil_rgba_rows", "f32_be_to_native"):
            if name in ours:
                print(f"| {cases[name][0]} | {ours[name] * 1e3:.2f} | "
                      f"{100 * memcpy / ours[name]:.0f}% |")
    if "heatmap_f32" in ours and "heatmap_f32_be" in ours:
        print()
        print(f"Byte-swapped heatmap / native heatmap (BufferScope): "
              f"{ours['heatmap_f32_be'] / ours['heatmap_f32']:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
