#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""ctest check: resolve_client_settings() agrees with the AWS SDK for
JavaScript v3 (@aws-sdk/client-chime-sdk-voice, pinned in package-lock.json).

Usage: python3 tests/conformance/settings_js_oracle.py TEST_SETTINGS_BINARY [NODE]

The cases are tests/settings_oracle_cases.py's, the same as the botocore
oracle's, with the environment region under AWS_REGION (the only name the
JS SDK reads; our resolver reads it first) and, in the generated sample,
booleans in lower case (the JS SDK skips 'TRUE'; the fixed cases keep it and
count under the difference `boolean-case`). Our resolver runs on exactly
these cases. This is the oracle of the
configured endpoint URLs in CI, where botocore is too old to know them:
AWS_ENDPOINT_URL_CHIME_SDK_VOICE, AWS_ENDPOINT_URL, the profile's services
section and endpoint_url, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS /
ignore_configured_endpoint_urls; and region, FIPS, dual-stack, max attempts
and retry mode. settings-oracle.mjs gives the SDK's outcome of each case,
test_settings' print_resolution mode ours; DIFFERENCES lists where the two
SDKs' documented behaviours differ and what we do there.

Fails (does not skip) when the packages are not installed: run
`npm ci --prefix tests/conformance`.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import settings_oracle_cases as sc  # noqa: E402

BOOLEANS = [("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"), ("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls")]


def raw_values(case, env_name, key):
    """Every value of one setting the case sets, in the environment or a profile."""
    out = [case["env"][env_name]] if env_name in case["env"] else []
    for text in (case["config"], case["credentials"]):
        for line in (text or "").splitlines():
            if "=" in line and line.split("=", 1)[0].strip() == key:
                out.append(line.split("=", 1)[1].strip())
    return out


def bad_value(case):
    """A boolean that is not true/false in any case, or max_attempts that is
    not a number: the JS SDK skips it, we reject it."""
    bools = [v for e, k in BOOLEANS for v in raw_values(case, e, k)]
    attempts = raw_values(case, "AWS_MAX_ATTEMPTS", "max_attempts")
    return (any(v.lower() not in ("true", "false") for v in bools)
            or any(not re.fullmatch(r"[0-9]+", v) for v in attempts))


def boolean_in_other_case(case):
    bools = [v for e, k in BOOLEANS for v in raw_values(case, e, k)]
    return any(v.lower() in ("true", "false") and v not in ("true", "false") for v in bools)


def retry_mode_ok(case, theirs, ours):
    mode = sc.setting(case, "AWS_RETRY_MODE", "retry_mode")
    return (mode == "legacy" and ours.get("retry_mode") == "legacy") or (mode == "fast" and "error" in ours)


DIFFERENCES = [
    sc.KnownDifference(
        "bad-value-skipped",
        "the JS SDK's config chain skips a value it cannot parse (a boolean not 'true'/'false', a max_attempts "
        "that is not a number) and takes the next source; we reject it (a bad value is an error)",
        lambda c, t: bad_value(c), lambda c, t, o: "error" in o),
    sc.KnownDifference(
        "boolean-case",
        "the JS SDK's booleanSelector takes only 'true' and 'false' and skips 'TRUE' or 'True'; we read them "
        "in any case, as botocore does",
        lambda c, t: boolean_in_other_case(c), lambda c, t, o: "error" not in o),
    sc.KnownDifference(
        "max-attempts-zero",
        "the JS SDK takes max_attempts = 0; we reject it, as botocore does (at least 1)",
        lambda c, t: "0" in raw_values(c, "AWS_MAX_ATTEMPTS", "max_attempts"), lambda c, t, o: "error" in o),
    sc.KnownDifference(
        "retry-mode-legacy-or-unknown",
        "the JS SDK has no legacy mode and does not check the name: 'legacy' and 'fast' give its standard "
        "strategy; we resolve legacy and reject 'fast', as botocore does",
        lambda c, t: t.get("retry_mode") == "standard" and sc.setting(c, "AWS_RETRY_MODE", "retry_mode") in
        ("legacy", "fast"), retry_mode_ok),
    sc.KnownDifference(
        "fips-with-configured-endpoint",
        "with a configured endpoint URL and FIPS or dual-stack on, the JS SDK passes both to the rule set, "
        "which refuses them; we send to the URL with FIPS and dual-stack off, as botocore does (checked: ours equals "
        "the JS SDK's outcome with useFipsEndpoint and useDualstackEndpoint false)",
        lambda c, t: "and custom endpoint are not supported" in t.get("error", ""),
        replacement=lambda t: t.get("variants_off")),
    sc.KnownDifference(
        "missing-services-section",
        "the JS SDK throws for a services section the profile names and the file lacks, but inside its config "
        "chain, which takes the error as 'not set' and uses no configured endpoint; we reject it, as botocore does",
        lambda c, t: "services = missing" in (c["config"] or ""), lambda c, t, o: "error" in o),
    sc.KnownDifference(
        "missing-profile",
        "the JS SDK reads a profile neither file has as an empty one; we reject it, as botocore does "
        "(ProfileNotFound)",
        lambda c, t: c["env"].get("AWS_PROFILE") == "nope", lambda c, t, o: "error" in o),
]


def sdk_version():
    with open(os.path.join(HERE, "node_modules", "@aws-sdk", "client-chime-sdk-voice", "package.json")) as f:
        return json.load(f)["version"]


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    binary, node = argv[1], argv[2] if len(argv) == 3 else "node"
    if not os.path.isdir(os.path.join(HERE, "node_modules", "@aws-sdk", "client-chime-sdk-voice")):
        print("settings_js_oracle: FAILED: the AWS SDK for JavaScript is not installed in tests/conformance/"
              "node_modules; run   npm ci --prefix tests/conformance   (node >= 20)", file=sys.stderr)
        return 1
    cases = sc.with_lower_case_booleans(sc.with_region_variable(sc.generate(), "AWS_REGION"))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "js-cases.json")
        with open(path, "w") as f:
            json.dump(cases, f)
        r = subprocess.run([node, "--no-warnings", os.path.join(HERE, "settings-oracle.mjs"), path,
                            os.path.join(tmp, "work")], stdout=subprocess.PIPE, timeout=300)
        if r.returncode != 0:
            print("settings-oracle.mjs exited %d" % r.returncode, file=sys.stderr)
            return 1
        theirs = json.loads(r.stdout)
        ours = sc.run_ours(binary, cases, tmp, "js")
    configured = sum(1 for c in cases if c["configured_endpoints"])
    print("@aws-sdk/client-chime-sdk-voice %s: %d cases (%d with configured endpoints, %d rejected by the SDK)" %
          (sdk_version(), len(cases), configured, sum(1 for t in theirs if "error" in t)))
    return sc.compare("JS SDK " + sdk_version(), cases, theirs, ours, DIFFERENCES)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
