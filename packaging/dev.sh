#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One entry point for a fresh Debian 12 machine: installs the Debian packages that are
# missing, configures and builds, then either opens the app on a bundled sample (run),
# runs every test (test), or runs them again under ASan+UBSan (sanitize).
#   bash packaging/dev.sh run|test|sanitize|fuzz|bench|deb
# deb: builds the Debian package into build-deb/ (Release, no tests); install it with
#   apt-get install ./build-deb/bufferscope_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-test}
shift || true

packages=(build-essential cmake ninja-build pkg-config qt6-base-dev qt6-image-formats-plugins
  libqcustomplot-dev libbenchmark-dev nlohmann-json3-dev libcli11-dev python3 python3-dev
  python3-numpy xvfb xauth x11-utils dpkg-dev help2man librsvg2-bin desktop-file-utils appstream
  shared-mime-info man-db libzstd-dev libblosc-dev zlib1g-dev libpng-dev libhdf5-dev libcurl4-openssl-dev
  python3-zarr python3-numcodecs python3-h5py python3-crc32c gdb)
if [[ $mode == fuzz ]]; then packages+=(clang libclang-rt-14-dev); fi

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  echo "installing: ${missing[*]}"
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

jobs=$(nproc)
configure_and_build() { # build-dir, extra cmake args...
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja "$@"
  cmake --build "$dir" -j "$jobs"
}

install_missing
case $mode in
run)
  configure_and_build build
  samples=(resources/samples/volume.npy resources/samples/records.npy
    resources/samples/bigendian.npy resources/samples/fortran.npy resources/samples/testcard.png)
  if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
    echo "no display: starting under xvfb-run"
    exec xvfb-run -a build/app/gui/bufferscope "${samples[@]}" "$@"
  fi
  exec build/app/gui/bufferscope "${samples[@]}" "$@"
  ;;
test)
  configure_and_build build -DBUFFERSCOPE_BUILD_TESTS=ON -DBUFFERSCOPE_BUILD_BENCHMARKS=ON
  ctest --test-dir build --output-on-failure -j "$jobs" "$@"
  ;;
sanitize)
  configure_and_build build-asan -DBUFFERSCOPE_SANITIZE=ON -DBUFFERSCOPE_BUILD_TESTS=ON \
    -DBUFFERSCOPE_BUILD_BENCHMARKS=ON -DCMAKE_BUILD_TYPE=Debug
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs" "$@"
  ;;
fuzz)
  # Each libFuzzer target for FUZZ_SECONDS (default 30), FUZZ_JOBS targets at a time (default
  # nproc: one core each, so a long run takes 1/nproc of the wall time). New inputs go to a
  # scratch folder, the committed corpus is read only. A crash leaves crash-* files in
  # build-fuzz/findings.
  CC=clang CXX=clang++ configure_and_build build-fuzz -DBUFFERSCOPE_BUILD_FUZZERS=ON \
    -DBUFFERSCOPE_BUILD_TESTS=OFF -DBUFFERSCOPE_BUILD_GUI=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
  mkdir -p build-fuzz/findings build-fuzz/logs
  fuzz_one() { # name
    local name=$1
    mkdir -p "build-fuzz/corpus/$name"
    # UBSan only prints and goes on by default: halting makes undefined behaviour a finding
    # (a crash-* file and a failed run), as ASan's reports are.
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "build-fuzz/tests/fuzz/${name}_fuzzer" -max_total_time="${FUZZ_SECONDS:-30}" -timeout=10 \
      -rss_limit_mb=2048 -artifact_prefix=build-fuzz/findings/"$name"- -print_final_stats=1 \
      "build-fuzz/corpus/$name" "tests/fuzz/corpus/$name" >"build-fuzz/logs/$name.log" 2>&1 || true
  }
  names=()
  for fuzzer in build-fuzz/tests/fuzz/*_fuzzer; do
    names+=("$(basename "$fuzzer" _fuzzer)")
  done
  for name in "${names[@]}"; do
    while (($(jobs -rp | wc -l) >= ${FUZZ_JOBS:-$jobs})); do wait -n || true; done
    echo "fuzzing $name for ${FUZZ_SECONDS:-30} s"
    fuzz_one "$name" &
  done
  wait
  summary=()
  for name in "${names[@]}"; do
    grep -E "^(==|SUMMARY|#[0-9]+ +DONE)" "build-fuzz/logs/$name.log" | sed "s/^/$name: /" || true
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build-fuzz/logs/$name.log")
    summary+=("$(printf '%-16s %10s executions' "$name" "${runs:-?}")")
  done
  printf 'fuzz: %s\n' "${summary[@]}"
  if compgen -G "build-fuzz/findings/*" >/dev/null; then
    echo "fuzzing found crashes:"; ls build-fuzz/findings; exit 1
  fi
  ;;
deb)
  configure_and_build build-deb -DCMAKE_BUILD_TYPE=Release -DBUFFERSCOPE_BUILD_TESTS=OFF \
    -DBUFFERSCOPE_BUILD_BENCHMARKS=OFF
  (cd build-deb && cpack -G DEB)
  ls -l build-deb/bufferscope_*.deb
  ;;
*)
  echo "usage: bash packaging/dev.sh run|test|sanitize|fuzz|deb" >&2
  exit 2
  ;;
esac
