#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""ctest check: the IMDSv1 fallback is botocore's.

Usage: python3 tests/imds_botocore_oracle.py TEST_CREDENTIAL_SOURCES_BINARY

botocore's InstanceMetadataFetcher (the EC2 instance metadata credential
source) runs against a fake IMDS on 127.0.0.1 whose token PUT answers each
status of STATUSES (or never answers: "timeout"), with
ec2_metadata_v1_disabled off and on (botocore >= 1.32 only; older ones know
no such setting and run the "off" half). The fake records whether the role
and credentials GETs carried the x-aws-ec2-metadata-token header. Outcome:
"v2" (credentials, GETs with the token), "v1" (credentials, GETs without
it), "none" (no credentials). test_credential_sources'
`botocore_imds_cases` computes the same outcome with
parse_imds_token_response_or_fallback() / imds_token_after_no_reply() and
compares. Exits 77 (ctest SKIP_RETURN_CODE) only when botocore is missing.
"""

import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

try:
    import botocore
    import botocore.utils
except ImportError:
    print("botocore not installed: skipping")
    sys.exit(77)

STATUSES = ["200", "400", "401", "403", "404", "405", "429", "500", "503", "timeout"]
V1_SETTING = hasattr(botocore.utils.IMDSFetcher, "_assert_v1_enabled")
STATE = {"put": "200", "gets": []}
EXPIRES = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3 * 3600))


class Fake(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        if STATE["put"] == "timeout":
            time.sleep(2)  # longer than the fetcher's 1 s timeout
            return
        status = int(STATE["put"])
        self.reply(status, "imds-token" if status == 200 else "")

    def do_GET(self):
        STATE["gets"].append(self.headers.get("x-aws-ec2-metadata-token") is not None)
        if self.path == "/latest/meta-data/iam/security-credentials/":
            return self.reply(200, "fake-role")
        if self.path == "/latest/meta-data/iam/security-credentials/fake-role":
            return self.reply(200, json.dumps({"Code": "Success", "AccessKeyId": "IMDS_KEY", "SecretAccessKey": "s",
                                               "Token": "t", "Expiration": EXPIRES}))
        self.reply(404, "")


def outcome(port, put, v1_disabled):
    STATE["put"], STATE["gets"] = put, []
    config = {"ec2_metadata_v1_disabled": v1_disabled} if V1_SETTING else {}
    fetcher = botocore.utils.InstanceMetadataFetcher(timeout=1, num_attempts=1,
                                                     base_url="http://127.0.0.1:%d/" % port,
                                                     env={}, config=config)
    try:
        creds = fetcher.retrieve_iam_role_credentials()
    except Exception:  # botocore raises for IMDSv1 disabled
        creds = {}
    if not creds.get("access_key"):
        return "none"
    return "v2" if all(STATE["gets"]) else "v1" if not any(STATE["gets"]) else "mixed"


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        lines = []
        for put in STATUSES:
            for v1_disabled in ([False, True] if V1_SETTING else [False]):
                lines.append("%s %d %s" % (put, v1_disabled, outcome(server.server_address[1], put, v1_disabled)))
    finally:
        server.shutdown()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "imds-cases.txt")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        print("%d IMDS token cases from botocore %s%s" % (len(lines), botocore.__version__, "" if V1_SETTING else
              " (it has no ec2_metadata_v1_disabled: the cases with it on are left out)"))
        return subprocess.run([argv[1], "--run_test=botocore_imds_cases", "--log_level=message", "--",
                               "--imds-cases=" + path], timeout=60).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
