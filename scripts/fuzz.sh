#!/usr/bin/env bash
# SPDX-License-Identifier: BSL-1.0
# scripts/fuzz.sh — run every libFuzzer target for a while; fail on any finding.
#
# Usage: scripts/fuzz.sh SECONDS [BUILD_DIR]
#
#   SECONDS    how long each target runs (-max_total_time); targets run one
#              after the other, never in parallel.
#   BUILD_DIR  a CMake build folder (default: build-fuzz under the project
#              root). When it has no CMakeCache.txt yet it is configured with
#              clang (CHIME_VOICE_FUZZ_CXX, default clang++-19); then the
#              <target>_fuzzer binaries are built (-j2, or CMAKE_BUILD_PARALLEL_LEVEL).
#              A folder configured with another compiler gets a clang build
#              in its subfolder libfuzzer/.
#
# Environment (all optional):
#   CHIME_VOICE_FUZZ_TARGETS  space-separated subset of targets to run
#   CHIME_VOICE_FUZZ_LOG_DIR  keep each target's libFuzzer output here
#   CHIME_VOICE_FUZZ_ARGS     extra libFuzzer flags (e.g. -max_len=65536)
#   CHIME_VOICE_WERROR        ON: configure a new build folder with -Werror (scripts/test.sh)
#
# Each target starts from a temporary copy of fuzz/corpus/<target>/ and
# fuzz/regressions/<target>/ (the checked-in seeds are never modified), with
# fuzz/<target>.dict when present, -rss_limit_mb=2048 and -timeout=10. A
# crash, sanitizer report, leak, timeout or out-of-memory makes libFuzzer exit
# non-zero; the failing input is kept in the temporary folder, whose path is
# printed. The last line is "N passed, N failed"; the exit status is 0 only
# when nothing failed.
set -u -o pipefail

if [[ $# -lt 1 || ! "$1" =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS [BUILD_DIR]" >&2
    exit 2
fi
seconds=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${2:-$root/build-fuzz}
mkdir -p "$build"
build=$(cd "$build" && pwd)

# Every target of fuzz/CMakeLists.txt's CHIME_VOICE_FUZZ_TARGETS list, so a new target is fuzzed without editing this script.
all_targets=$(sed -n '/^set(CHIME_VOICE_FUZZ_TARGETS/,/)/p' "$root/fuzz/CMakeLists.txt" | grep -o 'fuzz_[a-z0-9_]*' | tr '\n' ' ')
targets=${CHIME_VOICE_FUZZ_TARGETS:-$all_targets}

# A build folder configured with another compiler (g++) cannot hold the
# libFuzzer binaries: use a clang build in a subfolder of it instead.
if [[ -f "$build/CMakeCache.txt" ]] &&
   ! grep -Eq '^CMAKE_CXX_COMPILER:[A-Z]+=.*clang' "$build/CMakeCache.txt"; then
    echo "fuzz.sh: $build is not a clang build; using $build/libfuzzer"
    build=$build/libfuzzer
    mkdir -p "$build"
fi
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cxx=${CHIME_VOICE_FUZZ_CXX:-clang++-19}
    generator=()
    command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
    cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_CXX_COMPILER="$cxx" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHIME_VOICE_BUILD_FUZZERS=ON \
        -DCHIME_VOICE_WERROR="${CHIME_VOICE_WERROR:-OFF}" \
        -DCHIME_VOICE_BUILD_TESTS=OFF -DCHIME_VOICE_BUILD_EXAMPLES=OFF || exit 1
fi
build_targets=()
for t in $targets; do build_targets+=("${t}_fuzzer"); done
cmake --build "$build" --parallel "${CMAKE_BUILD_PARALLEL_LEVEL:-2}" --target "${build_targets[@]}" || {
    echo "fuzz.sh: building the libFuzzer targets failed (is the compiler clang with -fsanitize=fuzzer?)" >&2
    exit 1
}

log_dir=${CHIME_VOICE_FUZZ_LOG_DIR:-}
[[ -n "$log_dir" ]] && mkdir -p "$log_dir"
passed=0
failed=0
failed_names=()
for t in $targets; do
    bin=$(find "$build" -type f -name "${t}_fuzzer" -perm -u+x | head -n 1)
    if [[ -z "$bin" ]]; then
        echo "FAIL $t: ${t}_fuzzer not found under $build"
        failed=$((failed + 1)); failed_names+=("$t"); continue
    fi
    work=$(mktemp -d "${TMPDIR:-/tmp}/chime-voice-fuzz-$t.XXXXXX")
    mkdir -p "$work/corpus" "$work/artifacts"
    for src in "$root/fuzz/corpus/$t" "$root/fuzz/regressions/$t"; do
        [[ -d "$src" ]] && find "$src" -type f ! -name '.*' -exec cp {} "$work/corpus/" \;
    done
    dict=()
    [[ -f "$root/fuzz/$t.dict" ]] && dict=("-dict=$root/fuzz/$t.dict")
    log="$work/fuzz.log"
    echo "== $t: ${seconds}s"
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" "${dict[@]}" ${CHIME_VOICE_FUZZ_ARGS:-} \
        "$work/corpus" >"$log" 2>&1
    rc=$?
    [[ -n "$log_dir" ]] && cp "$log" "$log_dir/$t.log"
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1
    grep -E '^stat::number_of_executed_units' "$log" | tail -n 1
    if [[ $rc -eq 0 ]] && ! ls "$work/artifacts" | grep -q .; then
        echo "PASS $t"
        passed=$((passed + 1))
        rm -rf "$work"
    else
        echo "FAIL $t (exit $rc); log and failing input kept in $work"
        grep -E 'ERROR|SUMMARY|violated|artifact' "$log" | head -n 10
        failed=$((failed + 1)); failed_names+=("$t")
    fi
done
[[ $failed -ne 0 ]] && echo "failed: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
