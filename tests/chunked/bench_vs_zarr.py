# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark beside zarr-python (not a CTest: it writes 64 MiB of chunks and takes seconds).
# Writes a Zarr v2 store (64, 4096, 4096) float32, chunks (1, 512, 512), zstd level 3, with
# only plane 5 stored (noisy data, about 2:1), then times the slice [5] read into memory:
#   zarr-python: zarr.open + z[5] (a fresh array object each run: no chunk cache);
#   bufferscope: `bufferscope-cli view STORE [5] --tobytes OUT` (a fresh process each run:
#   cold chunk cache, warm page cache; includes process start and writing OUT).
# Prints the median of 7 runs of each. Usage: bench_vs_zarr.py CLI SCRATCHDIR
import os
import statistics
import subprocess
import sys
import time

import numcodecs
import numpy as np
import zarr

CLI, DIR = sys.argv[1], sys.argv[2]
store = os.path.join(DIR, 'bench.zarr')
if not os.path.exists(os.path.join(store, '.zarray')):
    z = zarr.open_array(store, mode='w', shape=(64, 4096, 4096), chunks=(1, 512, 512), dtype='<f4',
                        compressor=numcodecs.Zstd(level=3), fill_value=0)
    rng = np.random.default_rng(1)
    z[5] = np.round(rng.normal(100, 10, (4096, 4096)), 2).astype('<f4')


def median_time(run, n=7):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def zarr_python():
    a = zarr.open_array(store, mode='r')[5]
    assert a.shape == (4096, 4096)


out = os.path.join(DIR, 'bench_slice.bin')


def bufferscope():
    subprocess.run([CLI, 'view', store, '[5]', '--tobytes', out], check=True,
                   stdout=subprocess.DEVNULL)


zp = median_time(zarr_python)
bs = median_time(bufferscope)
same = np.array_equal(np.fromfile(out, '<f4').reshape(4096, 4096), zarr.open_array(store, 'r')[5])
print('slice [5] of (64, 4096, 4096) f4, 64 zstd chunks of 1 MiB, median of 7:')
print('  zarr-python %.1f ms, bufferscope-cli %.1f ms (%.2fx), same bytes: %s'
      % (zp * 1000, bs * 1000, zp / bs, same))
