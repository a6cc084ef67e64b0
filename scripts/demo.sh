#!/usr/bin/env bash
# SPDX-License-Identifier: BSL-1.0
# scripts/demo.sh — the main job: on a fresh Debian 12 machine (as root),
# install what is missing, build the examples (Release, no tests), start the
# loopback Chime SDK Voice service `chime-voice-local` with the seed
# inventory, delete a few phone numbers through it with the `chime-voice`
# command (one of them fails with a per-number error), print the outcome and
# stop the service.
#
# Safe to run again: packages are installed only when missing, the build is
# incremental, the service keeps its inventory in memory (every run starts
# from the seed file) and is stopped on exit whatever happens.
#
# Environment: JOBS (parallel build jobs, default: number of CPUs).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
build=build/demo
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

say() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------- packages
say "checking packages"
bash scripts/install-deps.sh demo

# ---------------------------------------------------------------- build
say "building the examples (Release) in $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCHIME_VOICE_BUILD_TESTS=OFF -DCHIME_VOICE_BUILD_FUZZERS=OFF \
  -DCHIME_VOICE_BUILD_BENCHMARKS=OFF -DCHIME_VOICE_BUILD_EXAMPLES=ON \
  -DCHIME_VOICE_INSTALL=OFF >/dev/null
cmake --build "$build" --target chime_voice_cli chime_voice_local --parallel "$jobs"
cli=$root/$build/examples/chime-voice
service=$root/$build/examples/chime-voice-local

# ---------------------------------------------------------------- service
# The credentials the service checks signatures against: the example keys of
# the AWS documentation, not real ones.
access_key=AKIDEXAMPLE
secret_key=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
seed=$root/examples/seed-inventory.json

work=$(mktemp -d)
service_pid=""
cleanup() {
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill -TERM "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting chime-voice-local (127.0.0.1, port chosen by the service)"
"$service" --seed "$seed" --port 0 --port-file "$work/port" \
  --access-key-id "$access_key" --secret-access-key "$secret_key" --region us-east-1 \
  --timeout 300 --max-requests 1000 >/dev/null 2>"$work/service.log" &
service_pid=$!
for _ in $(seq 100); do
  [ -s "$work/port" ] && break
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log"; echo "the service did not start" >&2; exit 2; }
  sleep 0.1
done
[ -s "$work/port" ] || { echo "the service did not report its port" >&2; exit 2; }
port=$(cat "$work/port")
endpoint=http://127.0.0.1:$port
echo "listening on $endpoint, inventory from examples/seed-inventory.json"

# ---------------------------------------------------------------- the call
# Credentials and region as the AWS CLI would find them, isolated from any
# real ~/.aws of this machine.
export AWS_ACCESS_KEY_ID=$access_key AWS_SECRET_ACCESS_KEY=$secret_key AWS_REGION=us-east-1
export AWS_CONFIG_FILE=$work/no-config AWS_SHARED_CREDENTIALS_FILE=$work/no-credentials
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_REGION || true

ids=(+12065550100 +12065550101 +12065550110)
say "chime-voice batch-delete-phone-number --endpoint $endpoint --phone-number-ids ${ids[*]}"
echo "(+12065550110 is still associated with a Voice Connector, so it cannot be deleted)"
set +e
"$cli" batch-delete-phone-number --endpoint "$endpoint" --phone-number-ids "${ids[@]}" --output json
rc=$?
set -e

say "outcome"
case $rc in
  0) echo "exit 0: every number was queued for deletion" ;;
  1) echo "exit 1: the call succeeded; some numbers were not deleted (PhoneNumberErrors above)" ;;
  252) echo "exit 252: usage error" ;;
  253) echo "exit 253: configuration or credentials error" ;;
  254) echo "exit 254: service error (see above)" ;;
  *) echo "exit $rc: transport or unexpected error (see above)" ;;
esac
echo
echo "service log:"
sed 's/^/  /' "$work/service.log"

if [ "$rc" -ne 1 ]; then
  echo "demo: expected exit status 1 (one per-number error), got $rc" >&2
  exit 1
fi
say "demo OK: 2 numbers queued for deletion, 1 refused with PhoneNumberAssociationsExist"
