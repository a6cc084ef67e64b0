#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""ctest check: resolve_client_settings() agrees with botocore.

Usage: python3 tests/settings_botocore_oracle.py TEST_SETTINGS_BINARY

The cases are tests/settings_oracle_cases.py's (shared with the JS SDK
oracle). For each, botocore builds a `chime-sdk-voice` client from the same
environment and files and "sends" BatchDeletePhoneNumber: a before-send hook
stops the call and records the URL (nothing leaves the process). Recorded:
the scheme://host[:port] botocore would have sent to, its retries config
(total_max_attempts, mode), or the exception when botocore rejects the
configuration. test_settings' `print_resolution` mode gives ours; the two
are compared, with botocore's documented differences listed (DIFFERENCES).

botocore before 1.31 (Debian 12's python3-botocore is 1.29) knows no
configured endpoint URL (AWS_ENDPOINT_URL*, services sections,
ignore_configured_endpoint_urls): with it only the cases that set none of
those run, and the summary says how many were left out and why. Exits 77
(ctest SKIP_RETURN_CODE) only when botocore is not installed.
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import settings_oracle_cases as sc  # noqa: E402

try:
    import botocore
    import botocore.loaders
    import botocore.session
    from botocore import configprovider
except ImportError:
    print("botocore not installed: skipping")
    sys.exit(77)

CONFIGURED_ENDPOINTS = "ignore_configured_endpoint_urls" in configprovider.BOTOCORE_DEFAUT_SESSION_VARIABLES
LOADER = botocore.loaders.create_loader()


class Captured(Exception):
    pass


def stop(request, **kwargs):
    raise Captured(request.url)


def origin(url):
    scheme, rest = url.split("://", 1)
    return scheme + "://" + rest.split("/", 1)[0].split("?", 1)[0]


def sets_retry_mode(case):
    return sc.setting(case, "AWS_RETRY_MODE", "retry_mode") is not None


def botocore_outcome(tmp, case):
    """What botocore makes of one case (run in this process, environment swapped)."""
    saved = dict(os.environ)
    try:
        for k in list(os.environ):
            if k.startswith("AWS_"):
                del os.environ[k]
        cfg = os.path.join(tmp, "config")
        cred = os.path.join(tmp, "credentials")
        for path, text in ((cfg, case["config"]), (cred, case["credentials"])):
            if os.path.exists(path):
                os.remove(path)
            if text is not None:
                with open(path, "w") as f:
                    f.write(text)
        os.environ.update(case["env"])
        os.environ["AWS_CONFIG_FILE"] = cfg
        os.environ["AWS_SHARED_CREDENTIALS_FILE"] = cred
        # Signing needs credentials; the C++ side does not read these.
        os.environ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE"
        os.environ["AWS_SECRET_ACCESS_KEY"] = "secret"
        os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
        try:
            session = botocore.session.Session()
            # One loader for every case: the service model is read once.
            session.register_component("data_loader", LOADER)
            client = session.create_client("chime-sdk-voice")
            client.meta.events.register("before-send", stop)
            try:
                client.batch_delete_phone_number(PhoneNumberIds=["+12065550100"])
            except Captured as c:
                retries = client.meta.config.retries or {}
                # botocore's default mode is legacy, ours standard (a
                # documented difference): compared only when a case sets it.
                return {"origin": origin(str(c)),
                        "max_attempts": retries.get("total_max_attempts"),
                        "retry_mode": retries.get("mode") if sets_retry_mode(case) else None}
            return {"error": "the call was not stopped"}
        except Exception as e:  # botocore rejects the configuration
            return {"error": "%s: %s" % (type(e).__name__, e)}
    finally:
        os.environ.clear()
        os.environ.update(saved)


def bad_boolean(case):
    """A boolean setting that is neither true nor false in any case."""
    names = [("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"), ("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"),
             ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls")]
    return any((v := sc.setting(case, e, k)) is not None and v.lower() not in ("true", "false") for e, k in names)


DIFFERENCES = [
    sc.KnownDifference(
        "bad-boolean-read-as-false",
        "botocore's ensure_boolean reads anything but 'true' as false; we reject it (a bad value is an error)",
        lambda c, t: bad_boolean(c), lambda c, t, o: "error" in o),
    sc.KnownDifference(
        "AWS_REGION-not-read",
        "botocore reads the region from AWS_DEFAULT_REGION only; we read AWS_REGION first, as the JS SDK and the "
        "reference guide do",
        lambda c, t: "AWS_REGION" in c["env"], lambda c, t, o: "error" not in o),
]


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = argv[1]
    cases = sc.generate()
    left_out = 0
    if not CONFIGURED_ENDPOINTS:
        left_out = sum(1 for c in cases if c["configured_endpoints"])
        cases = [c for c in cases if not c["configured_endpoints"]]
    with tempfile.TemporaryDirectory() as tmp:
        theirs = [botocore_outcome(tmp, c) for c in cases]
        ours = sc.run_ours(binary, cases, tmp, "botocore")
    print("botocore %s: %d cases run (%d rejected by botocore)%s" %
          (botocore.__version__, len(cases), sum(1 for t in theirs if "error" in t),
           "" if CONFIGURED_ENDPOINTS else
           "; %d cases left out: they set configured endpoint URLs, which botocore < 1.31 does not know" % left_out))
    return sc.compare("botocore " + botocore.__version__, cases, theirs, ours, DIFFERENCES)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
