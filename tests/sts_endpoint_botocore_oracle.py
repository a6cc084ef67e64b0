#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""ctest check: the STS endpoint of the credential chain's STS calls is the
one botocore's sts client picks.

Usage: python3 tests/sts_endpoint_botocore_oracle.py TEST_STS_BINARY

For a grid of regions (legacy-global ones, others, aws-us-gov, aws-cn,
aws-global) × AWS_STS_REGIONAL_ENDPOINTS legacy/regional × FIPS × dual-stack,
a botocore sts client "sends" GetCallerIdentity to a before-send hook that
records the URL and the signing region of its Authorization header (nothing
leaves the process). test_sts' `botocore_sts_endpoints` case builds the
AssumeRole request for the same options and compares. Runs with any botocore
that has the STS endpoint rule set (1.29 and 1.43 give the same grid); exits
77 (ctest SKIP_RETURN_CODE) only when botocore is not installed.
"""

import os
import subprocess
import sys
import tempfile

try:
    import botocore
    import botocore.config
    import botocore.loaders
    import botocore.session
except ImportError:
    print("botocore not installed: skipping")
    sys.exit(77)

REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "eu-north-1", "sa-east-1", "ap-east-1", "me-south-1",
           "us-gov-west-1", "cn-north-1", "aws-global"]


LOADER = botocore.loaders.create_loader()


class Captured(Exception):
    pass


def stop(request, **kwargs):
    auth = request.headers.get("Authorization")
    auth = auth.decode() if isinstance(auth, bytes) else auth
    raise Captured("%s %s" % (request.url.rstrip("/"), auth.split("Credential=", 1)[1].split("/")[2]))


def grid():
    for k in list(os.environ):
        if k.startswith("AWS_"):
            del os.environ[k]
    os.environ.update({"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
                       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                       "AWS_EC2_METADATA_DISABLED": "true"})
    for region in REGIONS:
        for mode in ("regional", "legacy"):
            for fips in (0, 1):
                for dual in (0, 1):
                    os.environ["AWS_STS_REGIONAL_ENDPOINTS"] = mode
                    cfg = botocore.config.Config(use_fips_endpoint=bool(fips), use_dualstack_endpoint=bool(dual))
                    try:
                        session = botocore.session.Session()
                        session.register_component("data_loader", LOADER)  # the model is read once
                        c = session.create_client("sts", region_name=region, config=cfg)
                        c.meta.events.register("before-send", stop)
                        c.get_caller_identity()
                        got = "error the call was not stopped"
                    except Captured as e:
                        got = str(e)
                    except Exception as e:
                        got = "error " + type(e).__name__
                    yield "%s %s %d %d %s" % (region, mode, fips, dual, got)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    lines = list(grid())
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sts-grid.txt")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        print("%d STS endpoint cases from botocore %s" % (len(lines), botocore.__version__))
        return subprocess.run([argv[1], "--run_test=botocore_sts_endpoints", "--log_level=message", "--",
                               "--sts-grid=" + path], timeout=60).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
