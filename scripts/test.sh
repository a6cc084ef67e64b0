#!/usr/bin/env bash
# SPDX-License-Identifier: BSL-1.0
# The whole test suite, as CI runs it (.ci/run calls this script):
#   1. install what is missing (Debian 12), and the pinned AWS SDK for JavaScript (npm ci)
#   2. g++ 12 Debug: build everything with -Werror (every example too) and run ctest
#   3. g++ 12 Release (-O3, CMake's Release flags): the tests with -Werror, run ctest
#   4. API reference: Doxygen over include/, every warning an error
#   5. libFuzzer targets under ASan+UBSan, CHIME_VOICE_FUZZ_SECONDS each (default 30: 13 targets)
#   6. clang-19 with AddressSanitizer + UndefinedBehaviorSanitizer: build and run ctest
#   7. clang-19 Release (-O2): the tests with -Werror, run ctest
# Each stage ends with its own summary; the last line adds them up: "N passed, N failed".
#
# The Release stages exist because optimisation changes what the compilers
# warn about (g++ 12 reported a -Wrestrict false positive only at -O2/-O3).
# To save CI time they build only the tests (no fuzz replay targets, no
# examples: both are already built in Debug by stages 2 and 6) and skip the
# tests that do not depend on the compiler's optimisation (consumer
# projects, which configure their own Release builds, and the hygiene checks).
# g++ uses CMake's Release flags as users get them (-O3); clang-19 uses -O2,
# so both levels are covered.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=${CHIME_VOICE_JOBS:-$(nproc)}
fuzz_seconds=${CHIME_VOICE_FUZZ_SECONDS:-30}

scripts/install-deps.sh test || { echo "dependency installation failed"; exit 1; }
if [ ! -d tests/conformance/node_modules ] || [ tests/conformance/package-lock.json -nt tests/conformance/node_modules ]; then
  (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; exit 1; }
fi

failed_stages=()
# Each stage prints its wall time when the next one starts (and at the end).
stage_name="" stage_start=$SECONDS
stage_time() { [ -z "$stage_name" ] || echo "---- $stage_name: $((SECONDS - stage_start)) s"; }
stage() { stage_time; stage_name="$*" stage_start=$SECONDS; echo; echo "==== $* ===="; }
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
# Runs a command, copying its output to the terminal and to $summary (whose
# "N passed, N failed"-style lines are added up at the end).
record() { "$@" 2>&1 | tee -a "$summary"; return "${PIPESTATUS[0]}"; }

# Every build is -Werror, and every example must be built (no skipping for a
# missing libcurl or OpenSSL).
strict=(-DCHIME_VOICE_WERROR=ON -DCHIME_VOICE_REQUIRE_EXAMPLES=ON)
export CHIME_VOICE_WERROR=ON   # for scripts/fuzz.sh's own build folder
# The Release stages: tests only, and the tests that optimisation can change.
# Headers compiled on their own are checked by the g++ Debug and clang ASan stages.
release_only_tests=(-DCHIME_VOICE_BUILD_FUZZERS=OFF -DCHIME_VOICE_BUILD_EXAMPLES=OFF -DCHIME_VOICE_BUILD_DOCS=OFF
                    -DCHIME_VOICE_CHECK_HEADERS=OFF)
release_ctest_exclude='consumer|hygiene'

stage "g++ 12 (Debug, -Werror)"
cmake -S . -B build/gcc -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=g++ "${strict[@]}" >/dev/null &&
  cmake --build build/gcc -j "$jobs" &&
  (cd build/gcc && record ctest --output-on-failure -j "$jobs") || failed_stages+=(gcc)

stage "g++ 12 (Release -O3, -Werror: tests)"
cmake -S . -B build/gcc-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ \
      "${strict[@]}" "${release_only_tests[@]}" >/dev/null &&
  cmake --build build/gcc-release -j "$jobs" &&
  (cd build/gcc-release && record ctest --output-on-failure -j "$jobs" -LE "$release_ctest_exclude") ||
  failed_stages+=(gcc-release)

stage "API reference (Doxygen, warnings are errors)"
# build/gcc is configured with CHIME_VOICE_WERROR=ON: Doxygen's WARN_AS_ERROR,
# so an undocumented public entity fails the stage.
if cmake --build build/gcc --target docs; then
  echo "API reference: build/gcc/docs/html/index.html"
  record echo "1 passed, 0 failed"
else
  record echo "0 passed, 1 failed"
  failed_stages+=(docs)
fi

stage "libFuzzer, ${fuzz_seconds}s per target (clang-19, ASan+UBSan)"
if [ -x scripts/fuzz.sh ]; then
  record scripts/fuzz.sh "$fuzz_seconds" build/fuzz || failed_stages+=(fuzz)
fi

stage "clang-19 (AddressSanitizer + UndefinedBehaviorSanitizer)"
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B build/clang-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++-19 \
      -DCMAKE_CXX_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san" "${strict[@]}" >/dev/null &&
  cmake --build build/clang-asan -j "$jobs" &&
  (cd build/clang-asan && record env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j "$jobs") || failed_stages+=(clang-asan)

stage "clang-19 (Release -O2, -Werror: tests)"
cmake -S . -B build/clang-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-19 \
      -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" "${strict[@]}" "${release_only_tests[@]}" >/dev/null &&
  cmake --build build/clang-release -j "$jobs" &&
  (cd build/clang-release && record ctest --output-on-failure -j "$jobs" -LE "$release_ctest_exclude") ||
  failed_stages+=(clang-release)

stage_time
# One line over all stages: ctest's "N tests failed out of M" lines and the
# fuzz script's "N passed, N failed" line, added up.
# A test ctest skipped (exit 77: an oracle that is not installed) is not
# counted as passed; the line before the totals says how many were skipped.
# A stage that failed before printing a summary (a build error) counts as one
# failure: there are at least as many failures as failed stages.
skipped=$(grep -c '(Skipped)$' "$summary" || true)
totals=$(awk -v stages="${#failed_stages[@]}" -v skipped="$skipped" '
  /tests passed, [0-9]+ tests failed out of [0-9]+$/ { f += $4; p += $NF - $4 }
  /^[0-9]+ passed, [0-9]+ failed$/ { p += $1; f += $3 }
  END { p -= skipped; if (f < stages) f = stages; printf "%d passed, %d failed", p, f }' "$summary")
echo
if [ "$skipped" -gt 0 ]; then
  echo "skipped (not counted as passed): $skipped"
  grep '(Skipped)$' "$summary" | sed 's/^ */  /'
fi
if [ ${#failed_stages[@]} -eq 0 ]; then
  echo "all stages passed: g++ 12 (Debug, Release -O3), API reference, libFuzzer (${fuzz_seconds}s per target)," \
       "clang-19 (ASan+UBSan, Release -O2)"
  echo "$totals"
  exit 0
fi
echo "failed stages: ${failed_stages[*]}"
echo "$totals"
exit 1
