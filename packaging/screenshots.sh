#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the README's screenshots from the real app: each scenario of the list runs
# `bufferscope --screenshot OUT.png ARGS...` on an Xvfb server (xcb platform, Fusion style,
# scale 1, C locale, so that pictures only change when the app does) and checks the picture.
#   bash packaging/screenshots.sh [--app PATH] [--out DIR] [--scenarios FILE] [--size WxH] [NAME...]
# Defaults: build/app/gui/bufferscope, resources/screenshots, packaging/screenshots.txt,
# 1600x1000. NAMEs pick scenarios; none means all. Build first: bash packaging/dev.sh run.
set -euo pipefail
cd "$(dirname "$0")/.."

app=build/app/gui/bufferscope
out=resources/screenshots
scenarios=packaging/screenshots.txt
size=1600x1000
while (($#)); do
  case $1 in
  --app) app=$2; shift 2 ;;
  --out) out=$2; shift 2 ;;
  --scenarios) scenarios=$2; shift 2 ;;
  --size) size=$2; shift 2 ;;
  -h | --help) sed -n '3,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
  -*) echo "screenshots.sh: unknown option '$1'" >&2; exit 2 ;;
  *) break ;;
  esac
done
wanted=("$@")
[[ -x $app ]] || { echo "screenshots.sh: no executable '$app' (build it, or pass --app)" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "screenshots.sh: xvfb-run missing (Debian: xvfb xauth)" >&2; exit 2; }
mkdir -p "$out"

made=0
failed=0
while IFS= read -r line; do
  [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
  # Shell-style quoting, so an argument such as '[0, ::2]' stays one argument.
  mapfile -d '' words < <(python3 -c 'import shlex, sys; sys.stdout.write("\0".join(shlex.split(sys.argv[1])) + "\0")' "$line")
  name=${words[0]}
  args=("${words[@]:1}")
  if ((${#wanted[@]})) && [[ " ${wanted[*]} " != *" $name "* ]]; then continue; fi
  picture=$out/$name.png
  rm -f "$picture"
  echo "$name: bufferscope ${args[*]}"
  if timeout 60 xvfb-run -a -s "-screen 0 ${size}x24" env QT_QPA_PLATFORM=xcb \
    QT_STYLE_OVERRIDE=Fusion QT_SCALE_FACTOR=1 QT_AUTO_SCREEN_SCALE_FACTOR=0 LC_ALL=C.UTF-8 \
    "$app" --screenshot "$picture" "${args[@]}" && [[ -s $picture ]]; then
    echo "  wrote $picture ($(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$picture"))"
    made=$((made + 1))
  else
    echo "  FAILED: no picture" >&2
    failed=$((failed + 1))
  fi
done <"$scenarios"
echo "$made screenshot(s) in $out, $failed failed"
((failed == 0 && made > 0))
