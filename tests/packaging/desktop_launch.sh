#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Starts the window the way a desktop does, without gtk-launch: reads Exec from the installed
# desktop entry, expands its field codes (Desktop Entry Specification, "The Exec key") and
# runs it on an X server from xvfb-run with the xcb platform. Passes when the window is up
# after 2 s and the process is gone within 5 s of SIGTERM.
#   desktop_launch.sh DESKTOP_FILE BIN_DIR FILE_TO_OPEN
set -uo pipefail
desktop=$1 bin=$2 file=$3

exec_line=$(sed -n '/^\[Desktop Entry\]/,/^\[/{s/^Exec=//p}' "$desktop" | head -n 1)
echo "Exec=$exec_line"
if [[ -z $exec_line || $exec_line == *[\"\'\\]* ]]; then
  # Quoted arguments would need the spec's unquoting rules; our entry has none.
  echo "Exec is missing or quoted; this check handles plain words only"
  exit 1
fi
argv=()
icon=$(sed -n 's/^Icon=//p' "$desktop" | head -n 1)
name=$(sed -n 's/^Name=//p' "$desktop" | head -n 1)
read -ra words <<<"$exec_line"
for word in "${words[@]}"; do
  case $word in
  %f | %F | %u | %U) argv+=("$file") ;;
  %i) [[ -n $icon ]] && argv+=(--icon "$icon") ;;
  %c) argv+=("$name") ;;
  %k) argv+=("$desktop") ;;
  %d | %D | %n | %N | %v | %m) ;; # deprecated: removed
  *%*) echo "unsupported field code in '$word'"; exit 1 ;;
  *) argv+=("$word") ;;
  esac
done
# A bare program name is looked up in PATH; the installed tree's bin comes first.
if [[ ${argv[0]} != */* ]]; then
  resolved=$(PATH=$bin:$PATH command -v "${argv[0]}") || {
    echo "${argv[0]} not found in $bin or PATH"
    exit 1
  }
  argv[0]=$resolved
fi
echo "running: ${argv[*]}"

# shellcheck disable=SC2016 # expanded by the inner shell
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  alive() { [[ -e /proc/$1 ]] && ! grep -q "^[0-9]* (.*) Z" /proc/$1/stat 2>/dev/null; }
  QT_QPA_PLATFORM=xcb "$@" &
  pid=$!
  sleep 2
  if ! alive $pid; then
    wait $pid
    echo "the window exited within 2 s (status $?)"
    exit 1
  fi
  echo "up after 2 s (pid $pid)"
  if command -v xwininfo >/dev/null; then
    title=$(xwininfo -root -tree | grep -io "\"[^\"]*bufferscope[^\"]*\"" | head -n 1)
    [[ -n $title ]] && echo "window: $title" || { echo "no BufferScope window on the display"; exit 1; }
  fi
  kill -TERM $pid
  for _ in $(seq 50); do alive $pid || break; sleep 0.1; done
  if alive $pid; then
    echo "still running 5 s after SIGTERM"
    kill -KILL $pid
    exit 1
  fi
  wait $pid
  echo "quit on SIGTERM (status $?)"
' launch "${argv[@]}"
