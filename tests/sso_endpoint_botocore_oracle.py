#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""ctest check: the IAM Identity Center hosts (the SSO portal's
GetRoleCredentials, the OIDC service's CreateToken) are the ones botocore's
sso and sso-oidc clients pick.

Usage: python3 tests/sso_endpoint_botocore_oracle.py TEST_CREDENTIAL_SOURCES_BINARY

For regions of every partition × FIPS × dual-stack, botocore's client
"sends" the call to a before-send hook that records the URL (nothing leaves
the process). test_credential_sources' `botocore_sso_endpoints` builds
build_sso_role_credentials_request / build_sso_create_token_request for the
same sso_region and flags and compares the scheme and host (or that both
refuse). We follow the current rule sets and partitions; a case whose answer
the installed botocore's own data predates (1.29: its sso rule sets lack the
aws-us-gov FIPS rule, its partitions give aws-iso no dual-stack) is left
out, and counted. Exits 77 (ctest SKIP_RETURN_CODE) only when botocore is
missing.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

try:
    import botocore
    import botocore.config
    import botocore.loaders
    import botocore.session
    from botocore import UNSIGNED
except ImportError:
    print("botocore not installed: skipping")
    sys.exit(77)

REGIONS = ["us-east-1", "eu-west-1", "ap-east-1", "us-gov-west-1", "cn-north-1", "us-iso-east-1"]
LOADER = botocore.loaders.create_loader()


class Captured(Exception):
    pass


def stop(request, **kwargs):
    u = urllib.parse.urlsplit(request.url)
    raise Captured("%s://%s" % (u.scheme, u.netloc))


def call(client, service):
    if service == "sso":
        client.get_role_credentials(roleName="R", accountId="123456789012", accessToken="t")
    else:
        client.create_token(clientId="c", clientSecret="s", grantType="refresh_token", refreshToken="r")


def grid():
    for k in list(os.environ):
        if k.startswith("AWS_"):
            del os.environ[k]
    os.environ.update({"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                       "AWS_EC2_METADATA_DISABLED": "true"})
    for service in ("sso", "sso-oidc"):
        for region in REGIONS:
            for fips in (0, 1):
                for dual in (0, 1):
                    cfg = botocore.config.Config(signature_version=UNSIGNED, use_fips_endpoint=bool(fips),
                                                 use_dualstack_endpoint=bool(dual))
                    try:
                        session = botocore.session.Session()
                        session.register_component("data_loader", LOADER)
                        client = session.create_client(service, region_name=region, config=cfg)
                        client.meta.events.register("before-send", stop)
                        call(client, service)
                        got = "error the call was not stopped"
                    except Captured as e:
                        got = str(e)
                    except Exception as e:
                        got = "error " + type(e).__name__
                    yield "%s %s %d %d %s" % (service, region, fips, dual, got.split(" ")[0])


def data_predates(service, region, fips, dual):
    """Whether this botocore's data is older than the rule the case needs."""
    rules = json.dumps(LOADER.load_service_model(service, "endpoint-rule-set-1"))
    if fips and not dual and region.startswith("us-gov-") and '"aws-us-gov"' not in rules:
        return True
    if dual:
        for p in LOADER.load_data("partitions")["partitions"]:
            if region in p.get("regions", {}) or re.match(p["regionRegex"], region):
                return not p["outputs"].get("supportsDualStack", False)
    return False


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    lines, older = [], 0
    for line in grid():
        service, region, fips, dual = line.split()[:4]
        if data_predates(service, region, fips == "1", dual == "1"):
            older += 1
        else:
            lines.append(line)
    if older:
        print("%d cases left out: botocore %s's sso/sso-oidc rule sets or partitions predate the rule they need" %
              (older, botocore.__version__))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sso-grid.txt")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        print("%d SSO portal / OIDC endpoint cases from botocore %s" % (len(lines), botocore.__version__))
        return subprocess.run([argv[1], "--run_test=botocore_sso_endpoints", "--log_level=message", "--",
                               "--sso-grid=" + path], timeout=60).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
