#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""ctest check: resolve_endpoint() agrees with botocore's rules engine.

Usage: python3 tests/endpoint_botocore_oracle.py TEST_ENDPOINT_BINARY TESTDATA_DIR

botocore (an independent implementation of the Smithy rules engine) evaluates
TESTDATA_DIR/endpoints/ruleset.json over partitions.json for every explicit
region, a set of regions that exist in no list, each UseFIPS/UseDualStack
combination and a few custom endpoints. The outcomes are written to a
temporary file in the format of tests.json, and the Boost.Test case
`conformance/botocore_oracle_cases` of test_endpoint checks resolve_endpoint()
against every one of them.

Exits 77 (ctest SKIP_RETURN_CODE) when botocore is not installed.
Only regions that are valid lowercase host labels are used: resolve_endpoint()
rejects the others on purpose, while botocore's EndpointProvider does not
validate the region (botocore's client does, elsewhere).
"""

import json
import os
import subprocess
import sys
import tempfile

try:
    from botocore.endpoint_provider import EndpointProvider
    from botocore.exceptions import EndpointResolutionError
except ImportError:
    print("botocore not installed: skipping")
    sys.exit(77)

NEW_REGIONS = ["us-west-7", "eu-central-9", "cn-north-9", "cn-southwest-12", "us-gov-west-9",
               "us-iso-west-5", "us-isob-west-9", "us-isof-north-3", "eu-isoe-south-2",
               "eusc-de-west-2", "eusc-fr-east-1", "mx-north-4", "il-south-1", "xx-foo-1",
               "mars", "local", "a", "1-2-3", "us-east-1-x", "ap-southeast-10"]
ENDPOINTS = ["https://example.com", "http://127.0.0.1:8080", "https://example.com:443/base/",
             "http://localhost:4566"]


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, testdata = argv[1], argv[2]
    with open(os.path.join(testdata, "endpoints", "ruleset.json")) as f:
        ruleset = json.load(f)
    with open(os.path.join(testdata, "endpoints", "partitions.json")) as f:
        partitions = json.load(f)
    provider = EndpointProvider(ruleset, partitions)

    regions = [r for p in partitions["partitions"] for r in p["regions"]] + NEW_REGIONS
    params_list = []
    for region in [None] + regions:
        for fips in (False, True):
            for dual in (False, True):
                for endpoint in [None] + (ENDPOINTS if region in (None, "us-east-1", "us-west-7") else []):
                    params = {"UseFIPS": fips, "UseDualStack": dual}
                    if region is not None:
                        params["Region"] = region
                    if endpoint is not None:
                        params["Endpoint"] = endpoint
                    params_list.append(params)

    cases = []
    for params in params_list:
        try:
            expect = {"endpoint": {"url": provider.resolve_endpoint(**params).url}}
        except EndpointResolutionError as e:
            expect = {"error": str(e)}
        cases.append({"documentation": "botocore: " + json.dumps(params, sort_keys=True),
                      "params": params, "expect": expect})

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "botocore-cases.json")
        with open(path, "w") as f:
            json.dump({"testCases": cases, "version": "1.0"}, f)
        print(f"{len(cases)} botocore outcomes")
        return subprocess.run([binary, "--run_test=conformance/botocore_oracle_cases",
                               "--log_level=message", "--", "--endpoint-cases=" + path]).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
