#!/bin/sh
# SPDX-License-Identifier: BSL-1.0
# tests/conformance/run.sh — one run of the differential test.
#
#   sh tests/conformance/run.sh DRIVER [WORK_DIR] [NODE]
#
# DRIVER   the conformance_driver executable (built by conformance.cmake)
# WORK_DIR where corpus.json and ours.json go (default: a temporary folder)
# NODE     the node executable (default: node on PATH)
#
# Steps: node gen-corpus.mjs > corpus.json; DRIVER corpus.json > ours.json;
# node check.mjs corpus.json ours.json. Exit status 0 only if every case agrees
# with the SDK (or diverges exactly as documented).
set -eu

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
driver=${1:?usage: run.sh DRIVER [WORK_DIR] [NODE]}
work=${2:-}
node=${3:-node}

if [ ! -d "$here/node_modules/@aws-sdk/client-chime-sdk-voice" ] || \
   [ ! -d "$here/node_modules/@smithy/signature-v4" ] || \
   [ ! -d "$here/node_modules/@aws-crypto/sha256-js" ]; then
  echo "conformance_js: FAILED: the AWS SDK for JavaScript packages are not installed in tests/conformance/node_modules." >&2
  echo "conformance_js: run   npm ci --prefix tests/conformance   from the project root (node >= 20), then re-run the test." >&2
  exit 1
fi

if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

"$node" "$here/gen-corpus.mjs" > "$work/corpus.json"
"$driver" "$work/corpus.json" > "$work/ours.json"
"$node" "$here/check.mjs" "$work/corpus.json" "$work/ours.json"
