#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Summary table for benchmarks/run: reads the Google Benchmark JSON files in
OUT (with median/min/max aggregates over the repetitions) and prints Markdown.

usage: summarize.py OUT REPS
"""
import json
import os
import sys

out_dir, reps = sys.argv[1], sys.argv[2]

agg = {}  # (run_name, aggregate_name) -> entry
for f in ("bench_sha256.json", "bench_sign.json", "bench_serialize_parse.json"):
    p = os.path.join(out_dir, f)
    if not os.path.exists(p):
        continue
    try:
        with open(p) as fh:
            data = json.load(fh)
    except ValueError:  # nothing ran (e.g. FILTER matched no benchmark of this binary)
        continue
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate":
            agg[(b["run_name"], b["aggregate_name"])] = b


def val(run, stat, key):
    e = agg.get((run, stat))
    if e is None:
        return None
    if key == "time":
        # Manual-time (paired) benchmarks: real_time is our thread-CPU time per
        # operation. Others: CPU time per iteration.
        t = e["real_time"] if run.endswith("/manual_time") else e["cpu_time"]
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[e["time_unit"]]
        return t * scale
    return e.get(key)


def triple(run, key, fn=lambda x: x):
    """(median, min, max) of fn(key) over the repetitions; fn may be decreasing."""
    m, lo, hi = (val(run, s, key) for s in ("median", "min", "max"))
    if m is None:
        return None
    a, b = fn(lo), fn(hi)
    return fn(m), min(a, b), max(a, b)


def fmt(x, digits=2):
    if x is None:
        return "n/a"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def fmt_ns(x):
    if x is None:
        return "n/a"
    return f"{x/1000:.2f} µs" if x >= 10000 else f"{x:.0f} ns"


inv = lambda x: 1.0 / x if x else float("inf")
mbps = lambda x: x / 1e6

print(f"\n### Targets (median of {reps} repetitions; min and max over the {reps})\n")
print("| target | figure | median | min | max | goal | met (median) | met (worst run) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")


def target(name, figure, t, goal_text, ok):
    if t is None:
        print(f"| {name} | {figure} | n/a | n/a | n/a | {goal_text} | n/a | n/a |")
        return
    m, lo, hi = t
    worst_ok = ok(lo) and ok(hi)
    print(f"| {name} | {figure} | {fmt(m)} | {fmt(lo)} | {fmt(hi)} | {goal_text} | "
          f"{'yes' if ok(m) else '**NO**'} | {'yes' if worst_ok else 'no'} |")


target("warm sign, 2 IDs (`sign/2ids/warm`)", "time ÷ OpenSSL-EVP reference",
       triple("sign/2ids/warm/manual_time", "ratio_vs_openssl"), "≤ 0.50", lambda x: x <= 0.5)
target("warm sign, 2 IDs (`sign/2ids/warm`)", "heap allocations per sign",
       triple("sign/2ids/warm/manual_time", "allocs_per_op"), "≤ 1", lambda x: x <= 1)
target("cold sign, 2 IDs (`sign/2ids/cold`)", "time ÷ OpenSSL-EVP reference",
       triple("sign/2ids/cold/manual_time", "ratio_vs_openssl"), "≤ 0.50", lambda x: x <= 0.5)
target("SHA-256, 8 KiB (`sha256/vs_openssl/8192`)", "throughput ÷ OpenSSL",
       triple("sha256/vs_openssl/8192/manual_time", "ratio_vs_openssl", inv), "≥ 0.95", lambda x: x >= 0.95)
target("SHA-256, 64 B (`sha256/vs_openssl/64`)", "throughput ÷ OpenSSL",
       triple("sha256/vs_openssl/64/manual_time", "ratio_vs_openssl", inv), "> 1.00", lambda x: x > 1.0)
target("parse 200, 100 errors (`parse/200/100`)", "MB/s (10⁶ B/s, CPU time)",
       triple("parse/200/100", "bytes_per_second", mbps), "≥ 250", lambda x: x >= 250)
# issue 15: against the SHA-256 floor, allocations, scaling.
target("warm sign, 2 IDs, fresh copy (`sign/floor/2ids/warm`)", "time ÷ SHA-256 floor (12 blocks)",
       triple("sign/floor/2ids/warm/manual_time", "ratio_vs_floor"), "≤ 1.50", lambda x: x <= 1.5)
target("cold sign, 2 IDs, fresh copy (`sign/floor/2ids/cold`)", "time ÷ SHA-256 floor (30 blocks)",
       triple("sign/floor/2ids/cold/manual_time", "ratio_vs_floor"), "≤ 1.50", lambda x: x <= 1.5)
target("warm sign of a serialized request (`sign/floor/2ids/warm`)", "heap allocations per sign",
       triple("sign/floor/2ids/warm/manual_time", "allocs_per_op"), "≤ 1", lambda x: x <= 1)
target("re-sign (`sign/2ids/warm/resign`)", "heap allocations per sign",
       triple("sign/2ids/warm/resign/manual_time", "allocs_per_op"), "0", lambda x: x == 0)
target("sign, 1 MiB body (`sign/body/1048576`)", "SHA-256 time ÷ sign time",
       triple("sign/body/1048576/manual_time", "sha_ratio"), "≥ 0.90", lambda x: x >= 0.9)
target("parse 200, 1000 errors (`parse/200/1000`)", "MB/s (10⁶ B/s, CPU time)",
       triple("parse/200/1000", "bytes_per_second", mbps), "≥ 1000", lambda x: x >= 1000)
target("serialize 1000 IDs (`serialize/1000`)", "MB/s of body (10⁶ B/s, CPU time)",
       triple("serialize/1000", "bytes_per_second", mbps), "≥ 1000", lambda x: x >= 1000)
target("2 threads, one shared key cache (`sign/threads/2/1`)", "2 × 1-thread ÷ 2-thread CPU ns per sign",
       triple("sign/threads/2/1/manual_time", "cpu_scaling"), "≥ 1.80", lambda x: x >= 1.8)
a0, a100, a1000, apad = (val(r, "median", "allocs_per_op") for r in
                         ("parse/200/0", "parse/200/100", "parse/200/1000", "parse/200_padded/100"))
if None not in (a0, a100, a1000, apad):
    per100 = (a100 - a0) / 100
    per1000 = (a1000 - a0) / 1000
    ok = apad == a100 and abs(per1000 - per100) < 0.2 * per100
    print(f"| parse allocations follow errors, not bytes | allocations: 0 / 100 / 1000 errors; "
          f"100 errors + 64 KiB unknown member | {a0:.0f} / {a100:.0f} / {a1000:.0f}; {apad:.0f} | "
          f"per error: {per100:.2f} (100), {per1000:.2f} (1000) | | same count with padding; "
          f"constant per error | {'yes' if ok else '**NO**'} | |")

print(f"\n### All benchmarks (median; [min – max] over {reps} repetitions)\n")
print("| benchmark | time per op | ratio vs OpenSSL | OpenSSL ref | throughput | allocs/op |")
print("| --- | --- | --- | --- | --- | --- |")
runs = []
for (run, stat) in agg:
    if stat == "median" and run not in runs:
        runs.append(run)
def natural(run):
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in run.replace("/manual_time", "").split("/")]


for run in sorted(runs, key=natural):
    t = triple(run, "time")
    r = triple(run, "ratio_vs_openssl")
    ref = val(run, "median", "ref_ns")
    bps = triple(run, "bytes_per_second", mbps)
    al = val(run, "median", "allocs_per_op")
    name = run.replace("/manual_time", "")
    cells = [f"`{name}`",
             f"{fmt_ns(t[0])} [{fmt_ns(t[1])} – {fmt_ns(t[2])}]" if t else "n/a",
             f"{fmt(r[0])} [{fmt(r[1])} – {fmt(r[2])}]" if r else "",
             fmt_ns(ref) if ref is not None else "",
             f"{fmt(bps[0], 0)} MB/s [{fmt(bps[1], 0)} – {fmt(bps[2], 0)}]" if bps else "",
             fmt(al, 1) if al is not None else ""]
    print("| " + " | ".join(cells) + " |")


def read(name):
    p = os.path.join(out_dir, name)
    return open(p).read().strip() if os.path.exists(p) else "n/a"


print("\n### Build cost\n")
print("| measure | value |")
print("| --- | --- |")
print(f"| compile a TU that includes `chime_voice.hpp` (g++ -O2, wall, best of 3) | {read('compile_seconds.txt')} s |")
print(f"| `benchmarks/size_probe.cpp`, -O2, stripped, Boost shared | {int(read('size_dynamic.txt')):,} bytes |"
      if read('size_dynamic.txt').isdigit() else "| size_probe | n/a |")
s = read('size_static.txt')
print(f"| `benchmarks/size_probe.cpp`, -O2, stripped, Boost.JSON/URL static | {int(s):,} bytes |"
      if s.isdigit() else "| size_probe, Boost static | n/a |")
