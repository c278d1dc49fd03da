#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs an already built tree the way users get it (cmake --install into a scratch DESTDIR,
# and the .deb from cpack unpacked into a scratch root) and checks the result: the installed
# programs run, a view of an installed sample equals NumPy's, the desktop entry, metainfo and
# MIME type pass the standard validators, icons and man pages are there, the Python package
# imports from dist-packages and checks an object, and the window starts
# from the Exec line of the installed desktop entry under Xvfb and quits on SIGTERM.
#   install_test.sh BUILD_DIR SOURCE_DIR VERSION PYTHON WITH_GUI(ON|OFF)
set -uo pipefail
build=$1 source=$2 version=$3 python=$4 gui=$5
app_id=io.github.bufferscope.BufferScope

failures=0
pass() { echo "PASS: $*"; }
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
skip() { echo "SKIP: $*"; }
check() { # description, command...
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

# The Python package is checked when the build tree holds its extension (app/python).
with_python=OFF
compgen -G "$build/app/python/bufferscope/_native.*.so" >/dev/null && with_python=ON

scratch=$(mktemp -d "${TMPDIR:-/tmp}/bufferscope-packaging.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# --- install: cmake --install, then the .deb ----------------------------------------
if ! DESTDIR=$scratch/destdir cmake --install "$build" --prefix /usr >"$scratch/install.log" 2>&1; then
  cat "$scratch/install.log"
  fail "cmake --install into a DESTDIR"
  exit 1
fi
pass "cmake --install into a DESTDIR ($(find "$scratch/destdir" -type f | wc -l) files)"
root=$scratch/destdir

if command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null &&
  [[ -f $build/CPackConfig.cmake ]]; then
  if cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/cpack" >"$scratch/cpack.log" 2>&1 &&
    deb=$(ls "$scratch"/cpack/bufferscope_"$version"_*.deb 2>/dev/null) && [[ -n $deb ]]; then
    pass "cpack built $(basename "$deb")"
    dpkg-deb -x "$deb" "$scratch/root"
    root=$scratch/root
    check "package name is bufferscope" test "$(dpkg-deb -f "$deb" Package)" = bufferscope
    check "package version is $version" test "$(dpkg-deb -f "$deb" Version)" = "$version"
    check "package section is science" test "$(dpkg-deb -f "$deb" Section)" = science
    depends=$(dpkg-deb -f "$deb" Depends)
    echo "  Depends: $depends"
    # Computed by dpkg-shlibdeps: versioned library packages, not a hand-written list.
    for package in libc6 libstdc++6 libqt6core6 libqt6gui6 hicolor-icon-theme; do
      check "Depends names $package" grep -qxF "$package" < <(sed 's/ ([^)]*)//g; s/, /\n/g' <<<"$depends")
    done
    check "Depends carries versions from shlibs" grep -q 'libqt6core6 (>= ' <<<"$depends"
    if [[ $with_python == ON ]]; then
      abi=$("$python" -c 'import sys; print("%d.%d~), python3 (<< %d.%d" % (*sys.version_info[:2], sys.version_info[0], sys.version_info[1] + 1))')
      check "Depends names python3 (>= $abi) for the extension's ABI" grep -qF "python3 (>= $abi)" <<<"$depends"
    fi
    (cd "$scratch/destdir" && find . -type f | sort) >"$scratch/destdir.files"
    (cd "$scratch/root" && find . -type f | sort) >"$scratch/deb.files"
    check "the .deb holds the same files as cmake --install" \
      diff -u "$scratch/destdir.files" "$scratch/deb.files"
  else
    cat "$scratch/cpack.log"
    fail "cpack -G DEB"
  fi
else
  skip "no dpkg-deb/dpkg-shlibdeps or CPackConfig.cmake: checking the cmake --install tree only"
fi
echo "checking the tree in $root"
bin=$root/usr/bin
share=$root/usr/share

# --- bufferscope-cli -------------------------------------------------------------------
check "bufferscope-cli is installed" test -x "$bin/bufferscope-cli"
check "bufferscope-cli --version prints 'bufferscope-cli $version'" \
  test "$("$bin/bufferscope-cli" --version | head -n 1)" = "bufferscope-cli $version"
help=$("$bin/bufferscope-cli" --help)
check "bufferscope-cli --help shows usage and options" \
  grep -q "^Usage: bufferscope-cli \[OPTIONS\] SUBCOMMAND" <<<"$help"

samples=$share/bufferscope/samples
expected_samples=$(cd "$source/resources/samples" && ls -- *.npy *.png | sort)
check "every bundled sample is installed" \
  test "$(cd "$samples" 2>/dev/null && ls -- *.npy *.png | sort)" = "$expected_samples"

sample=$samples/volume.npy
expression='[0, ::2]'
if "$bin/bufferscope-cli" view "$sample" "$expression" --tobytes "$scratch/view.bin" \
  >"$scratch/view.json" 2>"$scratch/view.err"; then
  # NumPy is the oracle: the same view of the same file, its layout and its bytes.
  verdict=$("$python" - "$sample" "$scratch/view.json" "$scratch/view.bin" <<'EOF'
import json, sys
import numpy as np
path, described, copied = sys.argv[1:]
with open(path, "rb") as f:
    np.lib.format.read_magic(f)
    np.lib.format.read_array_header_1_0(f)
    data_offset = f.tell()
whole = np.load(path, mmap_mode="r")
view = whole[0, ::2]
ours = json.load(open(described))
theirs = {
    "shape": list(view.shape), "strides": list(view.strides), "itemsize": view.itemsize,
    "ndim": view.ndim, "len": view.nbytes,
    "offset": data_offset + (view.__array_interface__["data"][0]
                             - whole.__array_interface__["data"][0]),
}
problems = [f"{key}: ours {ours.get(key)!r}, numpy {value!r}"
            for key, value in theirs.items() if ours.get(key) != value]
if open(copied, "rb").read() != view.tobytes():
    problems.append("--tobytes differs from numpy's tobytes()")
print("; ".join(problems) if problems else "same")
EOF
  )
  check "view $expression of the installed volume.npy equals NumPy's ($verdict)" test "$verdict" = same
else
  cat "$scratch/view.err"
  fail "bufferscope-cli view $expression on the installed volume.npy"
fi

# --- the Python package ----------------------------------------------------------------
if [[ $with_python == ON ]]; then
  site=$root/usr/lib/python3/dist-packages
  check "the bufferscope package is in dist-packages" test -f "$site/bufferscope/__init__.py"
  check "the _native extension is in dist-packages" \
    bash -c 'compgen -G "$1" >/dev/null' _ "$site/bufferscope/_native.cpython-*.so"
  # An ASan build's extension needs the ASan runtime loaded first, as in tests/python.
  preload=
  # Not `grep -q`: it stops reading at the first match, ldd may then die of SIGPIPE and, with
  # pipefail, the test would miss libasan now and then.
  if [[ $(ldd "$build"/app/python/bufferscope/_native.*.so) == *libasan* ]]; then
    preload=$(gcc -print-file-name=libasan.so)
  fi
  installed_python() {
    (cd "$scratch" && env -u PYTHONPATH PYTHONPATH="$site" PYTHONDONTWRITEBYTECODE=1 \
      LD_PRELOAD="$preload" ASAN_OPTIONS=detect_leaks=0 "$python" "$@")
  }
  where=$(installed_python -c 'import bufferscope; print(bufferscope.__file__)' 2>&1)
  check "$python imports bufferscope from the installed tree ($where)" \
    test "$where" = "$site/bufferscope/__init__.py"
  installed_python -m bufferscope check 'array:array.array("d", [1, 2])' >"$scratch/check.txt" 2>&1
  check "python3 -m bufferscope check on an array.array exits 0" test $? -eq 0
  installed_python -m bufferscope check 'ctypes:(ctypes.c_void_p * 2)()' >"$scratch/check.txt" 2>&1
  status=$?
  check "python3 -m bufferscope check on a c_void_p array exits 1 (format '<P')" \
    test $status -eq 1 -a -n "$(grep -F "'<P': format: code 'P' has no standard size" "$scratch/check.txt")"
  # gdb's commands: the script finds the package relative to itself, so the unpacked tree works.
  gdb_script=$root/usr/share/bufferscope/gdb/bufferscope.py
  check "the gdb script is installed" test -f "$gdb_script"
  if [[ -n $preload ]]; then
    # gdb does not start with libasan preloaded (it hangs), and the instrumented _native
    # cannot load without it: the sanitizer build leaves gdb out, as tests/gdb does.
    skip "sanitizer build: the gdb script was not loaded in gdb"
  elif command -v gdb >/dev/null; then
    gdb_help=$(cd "$scratch" && env -u PYTHONPATH gdb -batch -nx -ex "source $gdb_script" \
      -ex "help bufferscope show" 2>&1)
    check "gdb sources the installed script: help bufferscope show" \
      grep -q '^usage: bufferscope show EXPR FORMAT SHAPE' <<<"$gdb_help"
  else
    skip "gdb is not installed: the gdb script was not loaded"
  fi
else
  skip "the Python package was not built (BUFFERSCOPE_BUILD_PYTHON off or no python3-dev)"
fi

# --- bufferscope (the window) ------------------------------------------------------------
if [[ $gui == ON ]]; then
  check "bufferscope is installed" test -x "$bin/bufferscope"
  help=$(QT_QPA_PLATFORM=offscreen "$bin/bufferscope" --help 2>/dev/null)
  check "bufferscope --help shows usage" grep -Eq '^Usage: .*bufferscope \[options\] \[files\.\.\.\]$' <<<"$help"
  check "bufferscope --help lists --screenshot" grep -q -- '--screenshot <file>' <<<"$help"
  check "bufferscope --version prints 'bufferscope $version'" \
    test "$(QT_QPA_PLATFORM=offscreen "$bin/bufferscope" --version 2>/dev/null)" = "bufferscope $version"

  desktop=$share/applications/$app_id.desktop
  metainfo=$share/metainfo/$app_id.metainfo.xml
  check "desktop entry is installed" test -f "$desktop"
  check "metainfo is installed" test -f "$metainfo"
  if command -v desktop-file-validate >/dev/null; then
    out=$(desktop-file-validate "$desktop" 2>&1)
    status=$?
    [[ -n $out ]] && echo "$out" | sed 's/^/  /'
    # Hints are advice (two main categories); errors and warnings fail.
    check "desktop-file-validate" test $status -eq 0 -a -z "$(grep -E ': (error|warning):' <<<"$out")"
  else
    fail "desktop-file-validate missing (Debian: desktop-file-utils)"
  fi
  if command -v appstreamcli >/dev/null; then
    out=$(appstreamcli validate --no-net "$metainfo" 2>&1)
    status=$?
    echo "$out" | sed 's/^/  /'
    check "appstreamcli validate --no-net" test $status -eq 0 -a -z "$(grep -E '^[EW]:' <<<"$out")"
  else
    fail "appstreamcli missing (Debian: appstream)"
  fi

  # The MIME type the desktop entry claims for .npy is defined by the installed XML.
  check "desktop entry opens application/x-npy" grep -q '^MimeType=application/x-npy;' "$desktop"
  if command -v update-mime-database >/dev/null; then
    mkdir -p "$scratch/mime/packages"
    cp "$share/mime/packages/$app_id.xml" "$scratch/mime/packages/"
    # It notes on stderr that the scratch folder is not in XDG_DATA_DIRS; only failure counts.
    if update-mime-database "$scratch/mime" 2>"$scratch/mime.err"; then
      pass "update-mime-database accepts the .npy type"
    else
      cat "$scratch/mime.err"
      fail "update-mime-database accepts the .npy type"
    fi
    check "*.npy is globbed as application/x-npy" grep -q '^50:application/x-npy:\*\.npy$' "$scratch/mime/globs2"
    check "the .npy magic is registered" test -f "$scratch/mime/application/x-npy.xml"
  fi

  icon=$(sed -n 's/^Icon=//p' "$desktop")
  check "scalable icon $icon.svg is installed" test -f "$share/icons/hicolor/scalable/apps/$icon.svg"
  for size in 16 22 24 32 48 64 128 256; do
    png=$share/icons/hicolor/${size}x$size/apps/$icon.png
    dims=$("$python" -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]) if d[:8]==b"\x89PNG\r\n\x1a\n" else "not a png")' "$png" 2>/dev/null)
    check "icon ${size}x$size is a ${size}x$size PNG" test "$dims" = "${size}x$size"
  done
  check "metainfo launches the installed desktop entry" \
    grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo"
fi

# --- man pages ---------------------------------------------------------------------------
if command -v help2man >/dev/null; then
  programs=(bufferscope-cli)
  [[ $gui == ON ]] && programs+=(bufferscope)
  for program in "${programs[@]}"; do
    page=$share/man/man1/$program.1.gz
    if [[ -f $page ]]; then
      rendered=$(MANWIDTH=80 man --warnings -l "$page" 2>"$scratch/man.err")
      check "man -l $program.1.gz renders without warnings" test ! -s "$scratch/man.err"
      [[ -s $scratch/man.err ]] && cat "$scratch/man.err"
      check "$program(1) has NAME, SYNOPSIS and OPTIONS" \
        test "$(grep -cE '^(NAME|SYNOPSIS|OPTIONS)$' <<<"$rendered")" -eq 3
      check "$program(1) carries version $version" grep -q "$program $version" <<<"$rendered"
    else
      fail "man page $program.1.gz is installed"
    fi
  done
else
  skip "help2man missing: man pages are not built"
fi

# --- the window, started from its desktop entry --------------------------------------
if [[ $gui == ON ]]; then
  if command -v xvfb-run >/dev/null; then
    bash "$(dirname "$0")/desktop_launch.sh" "$desktop" "$bin" "$samples/volume.npy" \
      >"$scratch/launch.log" 2>&1
    status=$?
    sed 's/^/  /' "$scratch/launch.log"
    check "the desktop entry's Exec starts the window under Xvfb, it stays up 2 s and quits on SIGTERM" \
      test $status -eq 0
  else
    skip "xvfb-run missing: the window is not started from its desktop entry"
  fi
fi

echo "$failures failure(s)"
((failures == 0))
