#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""benchmarks/peers/peers.py — sign the same request with the same credentials
and time with every SigV4 peer, check that each produces our Authorization,
then time them side by side in one run. Called by benchmarks/peers/run, which
builds the peers; see docs/performance.md ("Peers").

usage: peers.py --peer-cpp PATH [--go PATH] [--node NODE --js-modules DIR]
                [--python PYTHON] --out DIR [--smoke] [--rounds N] [--seconds S]

Every peer is a long-lived process speaking one line protocol (peer_cpp.cpp):
it prints "AUTH <Authorization>" once, then answers each "time N" with the
process CPU time per sign in ns over N signs. The timing runs in rounds; in
each round every peer signs for about S seconds, one peer after the other, so
slow and fast phases of a shared machine reach every peer alike. A peer's
ratio in a round is its time divided by ours in the same key mode (warm:
signing key cached; cold: derived per sign) in the same round; the table
gives the median over the rounds and the min-max.

Exit status: 0 when every available peer agrees with our Authorization
(skipped peers print why), 1 on a mismatch or a peer that fails.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer-cpp", required=True)
    ap.add_argument("--go", default="")
    ap.add_argument("--go-skip", default="", help="why the Go peer is not available")
    ap.add_argument("--node", default="")
    ap.add_argument("--js-modules", default="")
    ap.add_argument("--js-skip", default="")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--out", required=True)
    ap.add_argument("--smoke", action="store_true", help="each peer signs once; Authorization check only")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--seconds", type=float, default=0.25)
    return ap.parse_args()


class Peer:
    def __init__(self, name, label, mode, cmd):
        self.name, self.label, self.mode, self.cmd = name, label, mode, cmd
        self.proc = None
        self.auth = None
        self.samples = []  # ns per sign, one per round
        self.ratios = []   # / ours in the same mode, same round
        self.n = 0

    def start(self):
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        line = self.proc.stdout.readline()
        if not line.startswith("AUTH "):
            raise RuntimeError(f"{self.name}: no AUTH line (got {line!r})")
        self.auth = line[5:].rstrip("\n")

    def time(self, n):
        self.proc.stdin.write(f"time {n}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name}: exited while timing")
        return float(line)

    def stop(self):
        if self.proc:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)


def python_has_botocore(python):
    r = subprocess.run([python, "-c", "import botocore; print(botocore.__version__)"], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def svg_chart(peers, path):
    """Horizontal bars of ns/sign on a log scale, labelled with the ratio to ours."""
    import math
    rows = [p for p in peers if p.samples]
    w, left, right, bar, gap, top = 1000, 330, 190, 22, 10, 40
    h = top + len(rows) * (bar + gap) + 40
    lo = min(statistics.median(p.samples) for p in rows) / 2
    hi = max(statistics.median(p.samples) for p in rows) * 1.5
    span = math.log10(hi) - math.log10(lo)
    x = lambda v: left + (w - left - right) * (math.log10(v) - math.log10(lo)) / span
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="13">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="10" y="22" font-size="15">SigV4 sign of the 2-ID BatchDeletePhoneNumber request: '
           f'CPU ns per sign (log scale; median of {len(rows[0].samples)} rounds)</text>']
    decade = 10 ** math.floor(math.log10(lo))
    while decade < hi:
        for m in (1, 2, 5):
            v = decade * m
            if lo <= v <= hi:
                xv = x(v)
                label = f"{v / 1000:g} µs" if v >= 1000 else f"{v:g} ns"
                out.append(f'<line x1="{xv:.1f}" y1="{top - 6}" x2="{xv:.1f}" y2="{h - 30}" stroke="#ddd"/>')
                out.append(f'<text x="{xv:.1f}" y="{h - 14}" text-anchor="middle" fill="#555">{label}</text>')
        decade *= 10
    for i, p in enumerate(rows):
        y = top + i * (bar + gap)
        med = statistics.median(p.samples)
        colour = "#2b6cb0" if p.name.startswith("ours") else "#a0aec0"
        ratio = f"{statistics.median(p.ratios):.2f}× ours" if p.ratios and not p.name.startswith("ours") else "ours"
        out.append(f'<text x="{left - 8}" y="{y + bar * 0.7:.1f}" text-anchor="end">{p.label} ({p.mode})</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{max(1.0, x(med) - left):.1f}" height="{bar}" fill="{colour}"/>')
        out.append(f'<text x="{x(med) + 6:.1f}" y="{y + bar * 0.7:.1f}">{med:,.0f} ns, {ratio}</text>')
    out.append("</svg>")
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")


def main():
    a = parse_args()
    os.makedirs(a.out, exist_ok=True)
    fixture = os.path.join(a.out, "fixture.json")
    subprocess.run([a.peer_cpp, "fixture", fixture], check=True)
    with open(fixture) as fh:
        expected = json.load(fh)["authorization"]
    here = os.path.dirname(os.path.abspath(__file__))

    peers, skipped = [], []
    peers.append(Peer("ours-warm", "chime-voice", "warm", [a.peer_cpp, "serve", "ours-warm"]))
    peers.append(Peer("ours-cold", "chime-voice", "cold", [a.peer_cpp, "serve", "ours-cold"]))
    peers.append(Peer("openssl-warm", "OpenSSL EVP reference", "warm", [a.peer_cpp, "serve", "openssl-warm"]))
    peers.append(Peer("openssl-cold", "OpenSSL EVP reference", "cold", [a.peer_cpp, "serve", "openssl-cold"]))
    if a.go:
        peers.append(Peer("go", "aws-sdk-go-v2 signer/v4", "warm", [a.go, fixture]))
    else:
        skipped.append(("aws-sdk-go-v2 signer/v4", a.go_skip or "not built"))
    if a.node and a.js_modules:
        js = os.path.join(here, "peer_js.mjs")
        peers.append(Peer("js-node", "@smithy/signature-v4 (node:crypto)", "warm",
                          [a.node, js, fixture, a.js_modules, "node-crypto"]))
        peers.append(Peer("js-sha256js", "@smithy/signature-v4 (sha256-js)", "warm",
                          [a.node, js, fixture, a.js_modules, "sha256-js"]))
    else:
        skipped.append(("@smithy/signature-v4", a.js_skip or "node or tests/conformance/node_modules missing"))
    bv = python_has_botocore(a.python)
    if bv:
        peers.append(Peer("botocore", f"botocore {bv} SigV4Auth", "cold",
                          [a.python, os.path.join(here, "peer_botocore.py"), fixture]))
    else:
        skipped.append(("botocore SigV4Auth", f"{a.python} cannot import botocore (pip install botocore, or apt-get install python3-botocore)"))

    failed = False
    for p in peers:
        try:
            p.start()
        except Exception as e:  # a peer that cannot run is a failure, not a skip
            print(f"FAIL {p.name}: {e}")
            failed = True
            continue
        ok = p.auth == expected
        print(f"{'ok  ' if ok else 'FAIL'} {p.name:12} Authorization {'matches ours' if ok else 'differs: ' + p.auth}")
        failed |= not ok
    for name, why in skipped:
        print(f"skip {name}: {why}")
    live = [p for p in peers if p.auth == expected]
    if failed or a.smoke:
        for p in peers:
            p.stop()
        print("peers smoke: " + ("FAILED" if failed else f"{len(live)} signers agree, {len(skipped)} skipped"))
        return 1 if failed else 0

    # Calibrate: N signs take about `seconds`.
    for p in live:
        ns = p.time(max(1, int(2e5 / 3e3)))
        ns = p.time(max(1, int(a.seconds * 0.2e9 / ns)))
        p.n = max(1, int(a.seconds * 1e9 / ns))
        p.time(p.n)  # warm-up (JIT tiers, caches), not recorded
    ours = {"warm": peers[0], "cold": peers[1]}
    for r in range(a.rounds):
        order = live[r % len(live):] + live[:r % len(live)]
        for p in order:
            p.samples.append(p.time(p.n))
        for p in live:
            p.ratios.append(p.samples[-1] / ours[p.mode].samples[-1])
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)
    for p in peers:
        p.stop()

    lines = ["| signer | key | ns/sign (median) | min – max | ÷ ours (same key mode, median) | min – max |",
             "| --- | --- | --- | --- | --- | --- |"]
    for p in live:
        med = statistics.median(p.samples)
        rmed = statistics.median(p.ratios)
        lines.append(f"| {p.label} | {p.mode} | {med:,.0f} | {min(p.samples):,.0f} – {max(p.samples):,.0f} | "
                     f"{rmed:.2f} | {min(p.ratios):.2f} – {max(p.ratios):.2f} |")
    for name, why in skipped:
        lines.append(f"| {name} | | skipped: {why} | | | |")
    table = "\n".join(lines)
    print(table)
    with open(os.path.join(a.out, "peers.md"), "w") as fh:
        fh.write(table + "\n")
    with open(os.path.join(a.out, "peers.json"), "w") as fh:
        json.dump({p.name: {"label": p.label, "mode": p.mode, "ns": p.samples, "ratio": p.ratios} for p in live}, fh,
                  indent=1)
    svg_chart(live, os.path.join(a.out, "peers.svg"))
    print(f"wrote {a.out}/peers.md, peers.json, peers.svg", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
