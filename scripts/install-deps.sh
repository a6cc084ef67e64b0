#!/usr/bin/env bash
# SPDX-License-Identifier: BSL-1.0
# Installs what chime-voice needs on Debian 12 (as root), skipping what is
# already there so a second run is fast. Usage: scripts/install-deps.sh [demo|test]
#   demo: what the main job (scripts/demo.sh) needs: compiler, Boost, libcurl, OpenSSL, CLI11
#   test: all of demo, plus Boost.Test, clang-19 (sanitizers, libFuzzer), node/npm, Google Benchmark,
#         botocore (the oracle of tests/*_botocore_oracle.py, and a peer of benchmarks/peers),
#         Go and the Debian packaged AWS SDK for Go v2 (benchmarks/peers)
#         Doxygen and Graphviz (API reference, pictures in docs/),
#         the AWS CLI v2 (Debian's awscli: the oracle of the command's output forms and exit codes)
set -euo pipefail
what=${1:-test}
pkgs=(cmake ninja-build g++ make pkg-config python3 ca-certificates
      libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
      libcurl4-openssl-dev libssl-dev libcli11-dev)
if [ "$what" = test ]; then
  pkgs+=(libboost-test1.81-dev clang-19 libclang-rt-19-dev llvm-19 libbenchmark-dev doxygen graphviz awscli openssl)
  python3 -c 'import botocore' >/dev/null 2>&1 || pkgs+=(python3-botocore)
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
  # benchmarks/peers (ctest peers_smoke): the AWS SDK for Go v2 signer, built
  # offline against the Debian packaged SDK, and botocore's SigV4Auth.
  pkgs+=(golang-go golang-github-aws-aws-sdk-go-v2-dev)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
