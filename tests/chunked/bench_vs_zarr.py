# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark beside zarr-python (not a CTest: it writes 256 MiB of chunks and takes seconds).
# Writes a Zarr v2 store (64, 4096, 4096) float32, chunks (1, 512, 512), zstd level 3, with
# planes 4..7 stored (noisy data, about 2:1), then times the slice [5]:
#   zarr-python: zarr.open + z[5] into NumPy (a fresh array object each run: no chunk cache);
#   chunk_bench (in-process, tests/bench/chunk_bench.cpp): the same slice fetched through the
#   ChunkReader and drawn as the render panel draws it, chunk cache cleared each run; and a
#   slider over planes 4..7 whose chunks are cached;
#   optionally (--cli) `bufferscope-cli view STORE [5] --tobytes OUT --no-fsync`: a whole
#   process each run (start, open, read, write OUT).
# Page cache warm for both. Checks that chunk_bench's plane equals zarr-python's bytes.
# Prints the medians. Usage: bench_vs_zarr.py CHUNK_BENCH SCRATCHDIR [--runs N] [--cli CLI]
import os
import statistics
import subprocess
import sys
import time

import numcodecs
import numpy as np
import zarr

BENCH, DIR = sys.argv[1], sys.argv[2]
args = sys.argv[3:]
RUNS = int(args[args.index('--runs') + 1]) if '--runs' in args else 9
CLI = args[args.index('--cli') + 1] if '--cli' in args else None
store = os.path.join(DIR, 'bench.zarr')
if not os.path.exists(os.path.join(store, '6.0.0')):
    z = zarr.open_array(store, mode='w', shape=(64, 4096, 4096), chunks=(1, 512, 512), dtype='<f4',
                        compressor=numcodecs.Zstd(level=3), fill_value=0)
    rng = np.random.default_rng(1)
    for plane in range(4, 8):
        z[plane] = np.round(rng.normal(100, 10, (4096, 4096)), 2).astype('<f4')


def median_time(run, n=RUNS, clock=time.perf_counter):
    times = []
    for _ in range(n):
        start = clock()
        run()
        times.append(clock() - start)
    return statistics.median(times)


def zarr_python():
    a = zarr.open_array(store, mode='r')[5]
    assert a.shape == (4096, 4096)


zarr_python()  # page cache warm
zp = median_time(zarr_python)
zp_cpu = median_time(zarr_python, clock=time.process_time)
dump = os.path.join(DIR, 'bench_plane.bin')
out = subprocess.run([BENCH, store, '--runs', str(RUNS), '--dump', dump], check=True,
                     capture_output=True, text=True).stdout
same = np.array_equal(np.fromfile(dump, '<f4').reshape(4096, 4096), zarr.open_array(store, 'r')[5])
medians = {}
for line in out.splitlines():
    parts = line.split()
    if line.startswith(('cold', 'slider', 'cpu')) and len(parts) >= 4:
        medians[line[:58].strip()] = float(parts[-3])
print(out.rstrip())
print('slice [5] of (64, 4096, 4096) f4, 64 zstd chunks of 1 MiB, median of %d, load %.2f:'
      % (RUNS, os.getloadavg()[0]))
print('  zarr-python z[5] into NumPy: %.1f ms wall, %.1f ms cpu' % (zp * 1000, zp_cpu * 1000))
for what, ms in medians.items():
    reference = zp_cpu if what.startswith('cpu') else zp
    print('  %-56s %.1f ms (%.2fx zarr-python)' % (what, ms, reference * 1000 / ms))
print('  same bytes as zarr-python: %s' % same)
if CLI:
    tobytes = os.path.join(DIR, 'bench_slice.bin')
    cli = median_time(lambda: subprocess.run([CLI, 'view', store, '[5]', '--tobytes', tobytes,
                                              '--no-fsync'], check=True, stdout=subprocess.DEVNULL))
    print('  bufferscope-cli process (start + read + write): %.1f ms (%.2fx)' % (cli * 1000, zp / cli))
if not same:
    sys.exit(1)
