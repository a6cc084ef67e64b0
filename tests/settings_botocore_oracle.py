#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""ctest check: resolve_client_settings() agrees with botocore.

Usage: python3 tests/settings_botocore_oracle.py TEST_SETTINGS_BINARY

For a generated set of environment / config file / credentials file
combinations (deterministic: a fixed list plus a seeded sample of the
product of the dimensions below), botocore builds a `chime-sdk-voice`
client from the same inputs and "sends" BatchDeletePhoneNumber: a
before-send hook stops the call and records the URL (nothing leaves the
process). What is recorded per case: the scheme://host[:port] botocore
would have sent to, its retries config (total_max_attempts, mode), or the
exception when botocore rejects the configuration. The Boost.Test case
`botocore_oracle_cases` of test_settings then checks that our
resolve_client_settings() + resolve_endpoint() give the same origin, max
attempts and retry mode, and reject what botocore rejects. Where botocore
reads a boolean that is neither true nor false as false, we reject it (the
library's rule: a bad value is an error); those cases are marked
`botocore_lenient` and must be errors on our side.

Not generated, because the two differ on purpose (docs/configuration.md):
AWS_REGION (botocore reads only AWS_DEFAULT_REGION outside Lambda), both
AWS_PROFILE and AWS_DEFAULT_PROFILE set at once (botocore prefers
AWS_DEFAULT_PROFILE), and an unset retry mode (botocore's default is legacy,
ours standard: retry_mode is compared only when a case sets it).

Exits 77 (ctest SKIP_RETURN_CODE) when botocore is not installed or is too
old to know configured endpoint URLs (botocore < 1.31).
"""

import json
import os
import random
import subprocess
import sys
import tempfile

try:
    import botocore.loaders
    import botocore.session
    from botocore import configprovider
except ImportError:
    print("botocore not installed: skipping")
    sys.exit(77)
if "ignore_configured_endpoint_urls" not in configprovider.BOTOCORE_DEFAUT_SESSION_VARIABLES:
    print("botocore %s predates configured endpoint URLs: skipping" % botocore.__version__)
    sys.exit(77)


LOADER = botocore.loaders.create_loader()


class Captured(Exception):
    pass


def stop(request, **kwargs):
    raise Captured(request.url)


def origin(url):
    scheme, rest = url.split("://", 1)
    return scheme + "://" + rest.split("/", 1)[0].split("?", 1)[0]


def botocore_outcome(tmp, env, config, credentials):
    """What botocore makes of one case (run in this process, environment swapped)."""
    saved = dict(os.environ)
    try:
        for k in list(os.environ):
            if k.startswith("AWS_"):
                del os.environ[k]
        cfg = os.path.join(tmp, "config")
        cred = os.path.join(tmp, "credentials")
        for path, text in ((cfg, config), (cred, credentials)):
            if os.path.exists(path):
                os.remove(path)
            if text is not None:
                with open(path, "w") as f:
                    f.write(text)
        os.environ.update(env)
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
                return {"origin": origin(str(c)),
                        "max_attempts": retries.get("total_max_attempts"),
                        "retry_mode": retries.get("mode") if ("AWS_RETRY_MODE" in env or
                                                              "retry_mode" in (config or "") + (credentials or ""))
                        else None}
            return {"error": "the call was not stopped"}
        except Exception as e:  # botocore rejects the configuration
            return {"error": "%s: %s" % (type(e).__name__, e)}
    finally:
        os.environ.clear()
        os.environ.update(saved)


# ------------------------------------------------------------ the dimensions
ENV_ENDPOINT = [({}, ""), ({"AWS_ENDPOINT_URL_CHIME_SDK_VOICE": "http://127.0.0.1:9"}, ""),
                ({"AWS_ENDPOINT_URL": "https://global.example:8443"}, ""),
                ({"AWS_ENDPOINT_URL_CHIME_SDK_VOICE": "http://127.0.0.1:9", "AWS_ENDPOINT_URL": "http://x.example"}, ""),
                ({"AWS_ENDPOINT_URL": "not a url"}, "")]
PROFILE_ENDPOINT = ["", "endpoint_url = http://profile.example:3\n",
                    "services = local\n", "services = other\n", "services = missing\n",
                    "services = local\nendpoint_url = http://profile.example:3\n"]
IGNORE = [({}, ""), ({"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}, ""),
          ({}, "ignore_configured_endpoint_urls = true\n"),
          ({"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"}, "ignore_configured_endpoint_urls = true\n")]
FIPS = [({}, ""), ({"AWS_USE_FIPS_ENDPOINT": "true"}, ""), ({}, "use_fips_endpoint = TRUE\n"),
        ({"AWS_USE_FIPS_ENDPOINT": "false"}, "use_fips_endpoint = true\n"), ({"AWS_USE_FIPS_ENDPOINT": "yes"}, "")]
DUAL = [({}, ""), ({"AWS_USE_DUALSTACK_ENDPOINT": "True"}, ""), ({}, "use_dualstack_endpoint = true\n")]
REGION = [({}, ""), ({"AWS_DEFAULT_REGION": "us-west-2"}, ""), ({}, "region = eu-west-1\n"),
          ({"AWS_DEFAULT_REGION": "cn-north-1"}, "region = eu-west-1\n"), ({}, "region = us-gov-west-1\n"),
          ({"AWS_DEFAULT_REGION": "ca-central-1"}, "")]
ATTEMPTS = [({}, ""), ({"AWS_MAX_ATTEMPTS": "5"}, ""), ({}, "max_attempts = 2\n"),
            ({"AWS_MAX_ATTEMPTS": "7"}, "max_attempts = 2\n"), ({"AWS_MAX_ATTEMPTS": "abc"}, ""),
            ({}, "max_attempts = 0\n")]
RETRY = [({}, ""), ({"AWS_RETRY_MODE": "adaptive"}, ""), ({}, "retry_mode = standard\n"),
         ({"AWS_RETRY_MODE": "legacy"}, "retry_mode = adaptive\n"), ({"AWS_RETRY_MODE": "fast"}, "")]
PROFILE = ["default", "dev", "nope"]
SERVICES = ("[services local]\nchime_sdk_voice =\n  endpoint_url = http://services.example:2\n"
            "[services other]\ns3 =\n  endpoint_url = http://s3.example\n")


def make_case(name, profile, parts, in_credentials=False):
    env, body = {}, ""
    for e, b in parts:
        env.update(e)
        body += b
    if profile != "default":
        env["AWS_PROFILE"] = profile
    target = "dev" if profile == "nope" else profile
    header = "[default]\n" if target == "default" else "[profile %s]\n" % target
    # Settings other than `services` may live in the credentials file too.
    config, credentials = header + body + SERVICES, None
    if in_credentials and "services" not in body:
        config = header + SERVICES
        credentials = ("[%s]\n" % target) + body
    lenient = any(v == "yes" for v in env.values())
    return {"name": name, "env": env, "config": config, "credentials": credentials, "botocore_lenient": lenient}


def generate():
    cases = []
    fixed = [
        ("env service beats env global", "default", [ENV_ENDPOINT[3], REGION[1]]),
        ("profile endpoint_url", "default", [({}, PROFILE_ENDPOINT[1]), REGION[1]]),
        ("services section beats endpoint_url", "dev", [({}, PROFILE_ENDPOINT[5]), REGION[2]]),
        ("missing services section", "dev", [({}, PROFILE_ENDPOINT[4]), REGION[2]]),
        ("fips gov", "default", [FIPS[1], REGION[4]]),
        ("dual-stack cn", "default", [DUAL[1], REGION[3]]),
        ("fips and dual-stack", "default", [FIPS[1], DUAL[1], REGION[1]]),
        ("no region", "default", []),
        ("missing profile", "nope", [REGION[1]]),
    ]
    for name, profile, parts in fixed:
        cases.append(make_case(name, profile, parts))
    # A seeded sample of the product; a value botocore rejects is drawn
    # less often, so most cases exercise the precedence, not the rejection.
    rng = random.Random(11)
    dims = [(len(ENV_ENDPOINT), {4}), (len(PROFILE_ENDPOINT), {4}), (len(IGNORE), set()), (len(FIPS), {4}),
            (len(DUAL), set()), (len(REGION), {0}), (len(ATTEMPTS), {4, 5}), (len(RETRY), {4}), (len(PROFILE), {2}),
            (2, set())]
    seen = set()
    while len(seen) < 240:
        idx = []
        for n, bad in dims:
            i = rng.randrange(n)
            while i in bad and rng.random() < 0.8:
                i = rng.randrange(n)
            idx.append(i)
        idx = tuple(idx)
        if idx in seen:
            continue
        seen.add(idx)
        ee, pe, ig, fi, du, re_, at, rt, pr, incred = idx
        incred = bool(incred)
        parts = [ENV_ENDPOINT[ee], ({}, PROFILE_ENDPOINT[pe]), IGNORE[ig],
                 FIPS[fi], DUAL[du], REGION[re_], ATTEMPTS[at], RETRY[rt]]
        cases.append(make_case("generated " + "-".join(map(str, idx)), PROFILE[pr], parts, incred))
    return cases


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        cases = generate()
        for c in cases:
            c["expect"] = botocore_outcome(tmp, c["env"], c["config"], c["credentials"])
        path = os.path.join(tmp, "settings-cases.json")
        with open(path, "w") as f:
            json.dump(cases, f, indent=1)
        rejected = sum(1 for c in cases if "error" in c["expect"])
        print("%d cases from botocore %s (%d rejected by botocore)" % (len(cases), botocore.__version__, rejected))
        return subprocess.run([binary, "--run_test=botocore_oracle_cases", "--log_level=message", "--",
                               "--settings-cases=" + path]).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
