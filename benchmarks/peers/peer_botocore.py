#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""benchmarks/peers/peer_botocore.py — botocore's SigV4Auth behind the peers'
line protocol (benchmarks/peers/peer_cpp.cpp describes it).

    python3 peer_botocore.py FIXTURE

One sign = a fresh botocore.awsrequest.AWSRequest from the fixture (headers
copied) and SigV4Auth.add_auth(). botocore keeps no signing-key cache, so
every sign derives the key (compare with our cold sign). add_auth reads the
clock through botocore.auth.get_current_datetime; it is replaced by the
fixture's time so that the Authorization can be checked.
"""
import datetime
import json
import sys
import time

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main():
    if len(sys.argv) != 2:
        print("usage: peer_botocore.py FIXTURE", file=sys.stderr)
        return 2
    with open(sys.argv[1]) as fh:
        f = json.load(fh)
    at = datetime.datetime.fromtimestamp(f["epoch_seconds"], datetime.timezone.utc).replace(tzinfo=None)
    botocore.auth.get_current_datetime = lambda *a, **k: at
    url = f"{f['scheme']}://{f['host']}{f['path']}" + (f"?{f['query']}" if f["query"] else "")
    headers = [(n, v) for n, v in f["headers"]]
    body = f["body"].encode()
    auth = SigV4Auth(Credentials(f["access_key_id"], f["secret_access_key"]), f["service"], f["region"])

    def sign_once():
        req = AWSRequest(method=f["method"], url=url, headers=dict(headers), data=body)
        auth.add_auth(req)
        return req.headers["Authorization"]

    out = sys.stdout
    out.write(f"AUTH {sign_once()}\n")
    out.flush()
    for line in sys.stdin:
        if not line.startswith("time "):
            continue
        n = int(line[5:])
        if n <= 0:
            continue
        sink = 0
        t0 = time.process_time_ns()
        for _ in range(n):
            sink += len(sign_once())
        t1 = time.process_time_ns()
        if sink == 0:
            return 1
        out.write(f"{(t1 - t0) / n:.1f}\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
