#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""ctest docs_benchmark_chart: the chart generator of benchmarks/run works.

Usage: python3 tests/hygiene/check_benchmark_chart.py PROJECT_ROOT

1. `ratios_chart.py extract` on the committed Google Benchmark sample
   (tests/hygiene/bench-sample/) finds exactly the benchmarks with a
   ratio_vs_openssl counter, with their median, min and max;
2. `ratios_chart.py svg` draws them as well-formed SVG, one bar per benchmark,
   the one slower than OpenSSL in the other colour;
3. the committed docs/benchmark-ratios.svg is what docs/benchmark-ratios.json
   renders to (tools/render_pictures.py --only chart).
"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

root = sys.argv[1]
chart = os.path.join(root, "benchmarks", "ratios_chart.py")
sample = os.path.join(root, "tests", "hygiene", "bench-sample")
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAILED:", what)


doc = json.loads(subprocess.run([sys.executable, chart, "extract", sample, "sample"],
                                capture_output=True, check=True, text=True).stdout)
got = {r["benchmark"]: (r["median"], r["min"], r["max"]) for r in doc["ratios"]}
check(got == {"sign/2ids/warm": (0.49, 0.48, 0.5), "sign/10ids/cold": (1.25, 1.2, 1.4)},
      f"extract found {got}")
check(doc["source"] == "sample", "extract keeps the source text")

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "ratios.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    svg = subprocess.run([sys.executable, chart, "svg", path], capture_output=True, check=True).stdout
    again = subprocess.run([sys.executable, chart, "svg", path], capture_output=True, check=True).stdout
check(svg == again, "the SVG is a pure function of its input")
tree = ET.fromstring(svg)
ns = "{http://www.w3.org/2000/svg}"
bars = [r for r in tree.iter(ns + "rect") if r.find(ns + "title") is not None]
check(len(bars) == 2, f"{len(bars)} bars drawn, 2 expected")
titles = sorted(b.find(ns + "title").text for b in bars)
check(titles == ["sign/10ids/cold: 1.25 [1.20 – 1.40]", "sign/2ids/warm: 0.49 [0.48 – 0.50]"],
      f"bar titles {titles}")
colours = {b.find(ns + "title").text.split(":")[0]: b.get("fill") for b in bars}
check(colours["sign/2ids/warm"] != colours["sign/10ids/cold"], "slower-than-OpenSSL bar has its own colour")
widths = {b.find(ns + "title").text.split(":")[0]: float(b.get("width")) for b in bars}
check(abs(widths["sign/10ids/cold"] / widths["sign/2ids/warm"] - 1.25 / 0.49) < 0.01, "bar lengths follow the ratios")

r = subprocess.run([sys.executable, os.path.join(root, "tools", "render_pictures.py"), "--only", "chart",
                    os.path.join(root, "docs")], capture_output=True, text=True)
print(r.stdout, end="")
check(r.returncode == 0, "docs/benchmark-ratios.svg is current")

print("benchmark chart:", "OK" if not failures else f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
