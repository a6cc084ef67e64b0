#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""The benchmark ratios against the OpenSSL reference, as an SVG bar chart.

usage:
    ratios_chart.py extract OUT [SOURCE_TEXT]   > ratios.json
    ratios_chart.py svg RATIOS_JSON             > chart.svg

extract reads the Google Benchmark JSON files that benchmarks/run writes into
OUT (bench_sha256.json, bench_sign.json, bench_serialize_parse.json, with the
median/min/max aggregates over the repetitions) and prints, for every
benchmark that reports the counter `ratio_vs_openssl` (our time divided by
the OpenSSL-EVP reference measured in the same run), its median, min and max,
as JSON. SOURCE_TEXT says where the figures come from (the chart prints it).

svg draws that JSON: one horizontal bar per benchmark (the median), a
whisker from min to max, and a line at 1.0 (as fast as OpenSSL). Shorter is
faster. Only the Python standard library is used, and the output is a pure
function of the input (fixed number formats, no dates), so a committed chart
can be checked against its committed data (ctest docs_benchmark_chart).
"""
import json
import math
import os
import sys
import textwrap
from xml.sax.saxutils import escape

BENCH_FILES = ("bench_sha256.json", "bench_sign.json", "bench_serialize_parse.json")
COUNTER = "ratio_vs_openssl"


def natural(name):
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in name.split("/")]


def extract(out_dir, source):
    agg = {}
    for f in BENCH_FILES:
        p = os.path.join(out_dir, f)
        if not os.path.exists(p):
            continue
        try:
            with open(p, encoding="utf-8") as fh:
                data = json.load(fh)
        except ValueError:  # nothing ran (FILTER matched none of this binary's benchmarks)
            continue
        for b in data.get("benchmarks", []):
            if b.get("run_type") == "aggregate" and COUNTER in b:
                agg[(b["run_name"], b["aggregate_name"])] = b[COUNTER]
    names = sorted({run for run, _ in agg}, key=lambda r: natural(r.replace("/manual_time", "")))
    ratios = []
    for run in names:
        m, lo, hi = (agg.get((run, s)) for s in ("median", "min", "max"))
        if m is None:
            continue
        lo = m if lo is None else lo
        hi = m if hi is None else hi
        ratios.append({"benchmark": run.replace("/manual_time", ""),
                       "median": round(m, 4), "min": round(min(lo, hi), 4), "max": round(max(lo, hi), 4)})
    return {"source": source, "ratios": ratios}


def fmt(x):
    return f"{x:.2f}"


def svg(doc):
    ratios = doc["ratios"]
    if not ratios:
        raise SystemExit("ratios_chart.py: no benchmark with a ratio_vs_openssl counter")
    for r in ratios:
        for k in ("median", "min", "max"):
            if not isinstance(r[k], (int, float)) or not math.isfinite(r[k]) or r[k] < 0:
                raise SystemExit(f"ratios_chart.py: {r['benchmark']}: bad {k} {r[k]!r}")
    left, right, top, row, bar = 250, 60, 70, 26, 16
    plot_w = 440
    top_value = max(1.2, max(r["max"] for r in ratios) * 1.05)
    top_value = math.ceil(top_value / 0.2) * 0.2
    width = left + plot_w + right
    notes = textwrap.wrap(doc.get("source", ""), 110)
    height = top + row * len(ratios) + 50 + 15 * len(notes)

    def x(v):
        return left + plot_w * v / top_value

    out = []
    w = out.append
    w('<?xml version="1.0" encoding="UTF-8"?>')
    w(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
      f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">')
    w('<title>chime-voice: time relative to the OpenSSL reference (lower is faster)</title>')
    w(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>')
    w(f'<text x="20" y="24" font-size="15" font-weight="bold">Time ÷ OpenSSL-EVP reference '
      f'(shorter bar = faster)</text>')
    w(f'<text x="20" y="42" fill="#555555">bar: median; whisker: min – max over the repetitions; '
      f'1.00 = as fast as OpenSSL</text>')
    # Grid and axis labels every 0.2.
    steps = int(round(top_value / 0.2))
    axis_y = top + row * len(ratios)
    for i in range(steps + 1):
        v = i * 0.2
        gx = f"{x(v):.1f}"
        w(f'<line x1="{gx}" y1="{top - 6}" x2="{gx}" y2="{axis_y}" stroke="#e5e5e5" stroke-width="1"/>')
        w(f'<text x="{gx}" y="{axis_y + 16}" text-anchor="middle" fill="#555555">{v:.1f}</text>')
    for i, r in enumerate(ratios):
        y = top + row * i
        cy = y + row / 2
        faster = r["median"] <= 1.0
        colour = "#2b7bb9" if faster else "#d9822b"
        w(f'<text x="{left - 8}" y="{cy + 4:.1f}" text-anchor="end" font-family="monospace">'
          f'{escape(r["benchmark"])}</text>')
        w(f'<rect x="{left}" y="{cy - bar / 2:.1f}" width="{x(r["median"]) - left:.1f}" height="{bar}" '
          f'fill="{colour}"><title>{escape(r["benchmark"])}: {fmt(r["median"])} '
          f'[{fmt(r["min"])} – {fmt(r["max"])}]</title></rect>')
        w(f'<line x1="{x(r["min"]):.1f}" y1="{cy:.1f}" x2="{x(r["max"]):.1f}" y2="{cy:.1f}" '
          f'stroke="#222222" stroke-width="1.5"/>')
        for v in (r["min"], r["max"]):
            w(f'<line x1="{x(v):.1f}" y1="{cy - 4:.1f}" x2="{x(v):.1f}" y2="{cy + 4:.1f}" '
              f'stroke="#222222" stroke-width="1.5"/>')
        w(f'<text x="{x(max(r["max"], r["median"])) + 6:.1f}" y="{cy + 4:.1f}">{fmt(r["median"])}</text>')
    one = f"{x(1.0):.1f}"
    w(f'<line x1="{one}" y1="{top - 10}" x2="{one}" y2="{axis_y}" stroke="#b22222" stroke-width="1.5" '
      f'stroke-dasharray="5,3"/>')
    w(f'<text x="{one}" y="{top - 14}" text-anchor="middle" fill="#b22222">OpenSSL</text>')
    w(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" stroke="#555555" stroke-width="1"/>')
    for i, note in enumerate(notes):
        w(f'<text x="20" y="{axis_y + 40 + 15 * i}" fill="#555555" font-size="11">{escape(note)}</text>')
    w('</svg>')
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) >= 3 and argv[1] == "extract":
        source = argv[3] if len(argv) > 3 else f"benchmarks/run ({argv[2]})"
        json.dump(extract(argv[2], source), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if len(argv) == 3 and argv[1] == "svg":
        with open(argv[2], encoding="utf-8") as f:
            doc = json.load(f)
        sys.stdout.buffer.write(svg(doc).encode("utf-8"))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
