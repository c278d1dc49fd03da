#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start-up to the first drawn sample: starts `bufferscope --startup-probe` on the samples
the README's run command opens, reads the monotonic clock the app prints when it has painted
its first rendered picture, and subtracts this script's own reading taken just before the
start. Prints every run and the median; the app's own exit status is checked (a run that
draws nothing fails the script)."""
import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import time

root = pathlib.Path(__file__).resolve().parents[2]
samples = ['volume.npy', 'records.npy', 'bigendian.npy', 'fortran.npy', 'testcard.png']

parser = argparse.ArgumentParser()
parser.add_argument('--app', default=str(root / 'build/app/gui/bufferscope'))
parser.add_argument('--runs', type=int, default=7)
parser.add_argument('--platform', default='offscreen',
                    help="QT_QPA_PLATFORM (e.g. offscreen, or xcb under xvfb-run)")
args = parser.parse_args()

env = dict(os.environ, QT_QPA_PLATFORM=args.platform)
env.setdefault('XDG_RUNTIME_DIR', '/tmp/runtime-' + str(os.getuid()))
command = [args.app, '--startup-probe'] + [str(root / 'resources/samples' / s) for s in samples]
times = []
for run in range(args.runs):
    start = time.monotonic_ns()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    lines = [l for l in done.stdout.splitlines() if l.startswith('first picture: ')]
    if done.returncode != 0 or not lines:
        sys.exit(f'run {run}: exit {done.returncode}, no picture reported\n{done.stderr}')
    ms = (int(lines[0].split(': ')[1]) - start) / 1e6
    times.append(ms)
    print(f'run {run + 1}: first picture after {ms:.0f} ms')
print(f'start-up to the first drawn sample ({args.platform}): median {statistics.median(times):.0f} ms, '
      f'min {min(times):.0f} ms, max {max(times):.0f} ms over {len(times)} runs')
