#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Writes fuzz/corpus/fuzz_operations/ from the JS-SDK oracle's corpus.

Usage: node tests/conformance/gen-ops-corpus.mjs MODEL > ops-corpus.json
       fuzz/make_corpus_operations.py ops-corpus.json

One seed per operation: its "all" input and its first output (input format
of fuzz_operations.cpp: index 0x1E input-JSON 0x1E status 0x1E options 0x1E
body). Deterministic; removes the old seeds first.
"""
import hashlib
import json
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus", "fuzz_operations")


def main(path):
    corpus = json.load(open(path, encoding="utf-8"))
    ops = sorted({c["op"] for c in corpus["cases"]})
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    inputs = {c["op"]: c["input"] for c in corpus["cases"] if c["kind"] == "request" and c["id"].endswith("/all")}
    outputs = {}
    for c in corpus["cases"]:
        if c["kind"] == "response" and c["op"] not in outputs:
            outputs[c["op"]] = c
    for i, op in enumerate(ops):
        resp = outputs[op]
        data = b"\x1e".join([str(i).encode(), json.dumps(inputs[op], ensure_ascii=False).encode(),
                             str(resp["status"]).encode(), b"0", (resp["body"] or "").encode()])
        if len(data) > 4096:
            continue
        name = "%s-%s" % (op, hashlib.sha1(data).hexdigest()[:10])
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
