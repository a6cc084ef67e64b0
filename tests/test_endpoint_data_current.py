#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""ctest check: the committed detail/endpoint_data.hpp is what the generator writes.

Usage: python3 tests/test_endpoint_data_current.py PROJECT_ROOT PARTITIONS_JSON

Runs tools/gen_endpoint_data.py on PARTITIONS_JSON into a temporary file and
compares it byte for byte with include/chime_voice/detail/endpoint_data.hpp.
Exit status 0 when identical, 1 with a unified diff otherwise. Before that it
checks, on synthetic input, that the generator merges per-region overrides
and rejects regexes outside the subset it can translate.
"""

import difflib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile


def check_generator_rules(generator):
    """The generator merges per-region overrides and refuses regexes outside
    its subset (the current partitions.json exercises neither)."""
    spec = importlib.util.spec_from_file_location("gen_endpoint_data", generator)
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen  # dataclasses look the module up while it loads
    spec.loader.exec_module(gen)
    outputs = {"name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
               "implicitGlobalRegion": "us-east-1", "supportsFIPS": True, "supportsDualStack": True}
    doc = {"version": "1.1", "partitions": [{
        "id": "aws", "outputs": outputs, "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$",
        "regions": {"us-east-1": {"description": "x", "supportsFIPS": False, "dnsSuffix": "o.test"},
                    "eu-west-1": {"description": "y"}}}]}
    text = gen.generate(json.dumps(doc).encode())
    want_override = '{"us-east-1", 0, {"aws", "o.test", "api.aws", "us-east-1", false, true}},'
    want_plain = '{"eu-west-1", 0, {"aws", "amazonaws.com", "api.aws", "us-east-1", true, true}},'
    assert want_override in text, "region override not merged"
    assert want_plain in text, "region without override changed"
    assert text.index('"eu-west-1"') < text.index('"us-east-1", 0'), "regions not sorted"
    for bad in ["^us\\-[a-z]+\\-\\d+$", "us\\-\\w+\\-\\d+$", "^(us|e.)\\-\\w+\\-\\d+$",
                "^us\\-\\w*\\-\\d+$"]:
        doc["partitions"][0]["regionRegex"] = bad
        try:
            gen.generate(json.dumps(doc).encode())
        except gen.GenerationError:
            continue
        raise AssertionError(f"generator accepted unsupported regex {bad!r}")


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, partitions = argv[1], argv[2]
    generator = os.path.join(root, "tools", "gen_endpoint_data.py")
    committed = os.path.join(root, "include", "chime_voice", "detail", "endpoint_data.hpp")
    check_generator_rules(generator)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, "endpoint_data.hpp")
        subprocess.run([sys.executable, generator, partitions, fresh], check=True)
        with open(fresh, "rb") as f:
            want = f.read()
    with open(committed, "rb") as f:
        have = f.read()
    if want == have:
        print("endpoint_data.hpp is current")
        return 0
    diff = difflib.unified_diff(have.decode().splitlines(True), want.decode().splitlines(True),
                                "committed endpoint_data.hpp", "generated endpoint_data.hpp")
    sys.stdout.writelines(diff)
    print("endpoint_data.hpp is stale: rerun tools/gen_endpoint_data.py", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
