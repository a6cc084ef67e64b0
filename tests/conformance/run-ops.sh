#!/bin/sh
# SPDX-License-Identifier: BSL-1.0
# tests/conformance/run-ops.sh — the JS-SDK oracle for every operation.
#
#   sh tests/conformance/run-ops.sh DRIVER MODEL [WORK_DIR] [NODE]
#
# node gen-ops-corpus.mjs MODEL > ops-corpus.json; DRIVER ops-corpus.json >
# ops-ours.json; node check-ops.mjs MODEL ops-corpus.json ops-ours.json.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
driver=${1:?usage: run-ops.sh DRIVER MODEL [WORK_DIR] [NODE]}
model=${2:?usage: run-ops.sh DRIVER MODEL [WORK_DIR] [NODE]}
work=${3:-}
node=${4:-node}
if [ ! -d "$here/node_modules/@aws-sdk/client-chime-sdk-voice" ] || \
   [ ! -d "$here/node_modules/@smithy/signature-v4" ] || \
   [ ! -d "$here/node_modules/@aws-crypto/sha256-js" ]; then
  echo "conformance_ops_js: FAILED: run   npm ci --prefix tests/conformance   (node >= 20), then re-run." >&2
  exit 1
fi
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
"$node" "$here/gen-ops-corpus.mjs" "$model" > "$work/ops-corpus.json"
"$driver" "$work/ops-corpus.json" > "$work/ops-ours.json"
"$node" "$here/check-ops.mjs" "$model" "$work/ops-corpus.json" "$work/ops-ours.json"
