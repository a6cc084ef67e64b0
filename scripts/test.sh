#!/usr/bin/env bash
# SPDX-License-Identifier: BSL-1.0
# The whole test suite, as CI runs it (.ci/run calls this script):
#   1. install what is missing (Debian 12), and the pinned AWS SDK for JavaScript (npm ci)
#   2. g++ 12: build everything with -Werror and run ctest
#   3. libFuzzer targets under ASan+UBSan, CHIME_VOICE_FUZZ_SECONDS each (default 60)
#   4. clang-19 with AddressSanitizer + UndefinedBehaviorSanitizer: build and run ctest
# Each stage ends with its own summary; the last line adds them up: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=${CHIME_VOICE_JOBS:-$(nproc)}
fuzz_seconds=${CHIME_VOICE_FUZZ_SECONDS:-60}

scripts/install-deps.sh test || { echo "dependency installation failed"; exit 1; }
if [ ! -d tests/conformance/node_modules ] || [ tests/conformance/package-lock.json -nt tests/conformance/node_modules ]; then
  (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; exit 1; }
fi

failed_stages=()
stage() { echo; echo "==== $* ===="; }
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
# Runs a command, copying its output to the terminal and to $summary (whose
# "N passed, N failed"-style lines are added up at the end).
record() { "$@" 2>&1 | tee -a "$summary"; return "${PIPESTATUS[0]}"; }

stage "g++ 12 (Debug, -Werror)"
cmake -S . -B build/gcc -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=g++ >/dev/null &&
  cmake --build build/gcc -j "$jobs" &&
  (cd build/gcc && record ctest --output-on-failure -j "$jobs") || failed_stages+=(gcc)

stage "libFuzzer, ${fuzz_seconds}s per target (clang-19, ASan+UBSan)"
if [ -x scripts/fuzz.sh ]; then
  record scripts/fuzz.sh "$fuzz_seconds" build/fuzz || failed_stages+=(fuzz)
fi

stage "clang-19 (AddressSanitizer + UndefinedBehaviorSanitizer)"
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B build/clang-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++-19 \
      -DCMAKE_CXX_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san" >/dev/null &&
  cmake --build build/clang-asan -j "$jobs" &&
  (cd build/clang-asan && record env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j "$jobs") || failed_stages+=(clang-asan)

# One line over all stages: ctest's "N tests failed out of M" lines and the
# fuzz script's "N passed, N failed" line, added up.
# A stage that failed before printing a summary (a build error) counts as one failure.
totals=$(awk -v stages="${#failed_stages[@]}" '
  /tests passed, [0-9]+ tests failed out of [0-9]+$/ { f += $4; p += $NF - $4 }
  /^[0-9]+ passed, [0-9]+ failed$/ { p += $1; f += $3 }
  END { if (f == 0 && stages > 0) f = stages; printf "%d passed, %d failed", p, f }' "$summary")
echo
if [ ${#failed_stages[@]} -eq 0 ]; then
  echo "all stages passed: g++ 12, libFuzzer (${fuzz_seconds}s per target), clang-19 ASan+UBSan"
  echo "$totals"
  exit 0
fi
echo "failed stages: ${failed_stages[*]}"
echo "$totals"
exit 1
