#!/usr/bin/env python3
"""ctest check: the committed detail/endpoint_data.hpp is what the generator writes.

Usage: python3 tests/test_endpoint_data_current.py PROJECT_ROOT PARTITIONS_JSON

Runs tools/gen_endpoint_data.py on PARTITIONS_JSON into a temporary file and
compares it byte for byte with include/chime_voice/detail/endpoint_data.hpp.
Exit status 0 when identical, 1 with a unified diff otherwise.
"""

import difflib
import os
import subprocess
import sys
import tempfile


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, partitions = argv[1], argv[2]
    generator = os.path.join(root, "tools", "gen_endpoint_data.py")
    committed = os.path.join(root, "include", "chime_voice", "detail", "endpoint_data.hpp")
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
