#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""The settings oracles' shared part: the generated cases, our resolution of
them, and the comparison with an SDK's.

Used by tests/settings_botocore_oracle.py (botocore) and
tests/conformance/settings_js_oracle.py (the AWS SDK for JavaScript v3).

    python3 tests/settings_oracle_cases.py OUT.json    # writes the cases

A case is {"name", "env", "config", "credentials", "configured_endpoints"}:
the environment, the text of the shared config and credentials files (None:
no such file), and whether the case sets a configured endpoint URL or the
switch that ignores them (AWS_ENDPOINT_URL*, a services section, the
profile's endpoint_url, ignore_configured_endpoint_urls); botocore < 1.31
knows none of those, so its oracle runs only the cases without them.

An outcome, ours or an SDK's, is {"origin": "scheme://host[:port]",
"max_attempts": N, "retry_mode": "standard"} or {"error": "..."}. A field
an SDK leaves out (or sets to None) is not compared.

Each oracle lists the documented differences between its SDK and us as
KnownDifference values: a case whose outcomes differ must match one of them,
and our outcome must then be the one the difference documents; otherwise the
case fails. Nothing is skipped silently: the summary counts each difference.
"""

import json
import os
import random
import subprocess
import sys

# ------------------------------------------------------------ the dimensions
# Each entry: (environment, lines of the profile). The environment region is
# written as AWS_DEFAULT_REGION; an oracle whose SDK reads another name
# (the JS SDK reads AWS_REGION only) renames it with with_region_variable(),
# and our resolver, which reads both, runs on the renamed cases.
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
DUAL = [({}, ""), ({"AWS_USE_DUALSTACK_ENDPOINT": "True"}, ""), ({}, "use_dualstack_endpoint = true\n"),
        ({"AWS_USE_DUALSTACK_ENDPOINT": "false"}, "use_dualstack_endpoint = true\n")]
REGION = [({}, ""), ({"AWS_DEFAULT_REGION": "us-west-2"}, ""), ({}, "region = eu-west-1\n"),
          ({"AWS_DEFAULT_REGION": "cn-north-1"}, "region = eu-west-1\n"), ({}, "region = us-gov-west-1\n"),
          ({"AWS_DEFAULT_REGION": "ca-central-1"}, "")]
ATTEMPTS = [({}, ""), ({"AWS_MAX_ATTEMPTS": "5"}, ""), ({}, "max_attempts = 2\n"),
            ({"AWS_MAX_ATTEMPTS": "7"}, "max_attempts = 2\n"), ({"AWS_MAX_ATTEMPTS": "abc"}, ""),
            ({}, "max_attempts = 0\n")]
RETRY = [({}, ""), ({"AWS_RETRY_MODE": "adaptive"}, ""), ({}, "retry_mode = standard\n"),
         ({"AWS_RETRY_MODE": "legacy"}, "retry_mode = adaptive\n"), ({"AWS_RETRY_MODE": "fast"}, ""),
         ({"AWS_RETRY_MODE": "standard"}, "retry_mode = legacy\n")]
PROFILE = ["default", "dev", "nope"]
SERVICES = ("[services local]\nchime_sdk_voice =\n  endpoint_url = http://services.example:2\n"
            "[services other]\ns3 =\n  endpoint_url = http://s3.example\n")

ENDPOINT_KEYS = ("endpoint_url", "services", "ignore_configured_endpoint_urls")


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
    configured = (any(k.startswith("AWS_ENDPOINT_URL") or k == "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS" for k in env)
                  or any(line.split("=", 1)[0].strip() in ENDPOINT_KEYS for line in body.splitlines()))
    return {"name": name, "env": env, "config": config, "credentials": credentials,
            "configured_endpoints": configured}


FIXED = [
    ("env service beats env global", "default", [ENV_ENDPOINT[3], REGION[1]]),
    ("profile endpoint_url", "default", [({}, PROFILE_ENDPOINT[1]), REGION[1]]),
    ("services section beats endpoint_url", "dev", [({}, PROFILE_ENDPOINT[5]), REGION[2]]),
    ("missing services section", "dev", [({}, PROFILE_ENDPOINT[4]), REGION[2]]),
    ("fips gov", "default", [FIPS[1], REGION[4]]),
    ("dual-stack cn", "default", [DUAL[1], REGION[3]]),
    ("fips and dual-stack", "default", [FIPS[1], DUAL[1], REGION[1]]),
    ("no region", "default", []),
    ("missing profile", "nope", [REGION[1]]),
    # Both environment names of the region: the JS SDK and we read
    # AWS_REGION first; botocore reads only AWS_DEFAULT_REGION.
    ("AWS_REGION and AWS_DEFAULT_REGION", "default",
     [({"AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "us-west-2"}, "")]),
    ("AWS_REGION over the profile", "default", [({"AWS_REGION": "eu-central-1"}, ""), REGION[2]]),
    # Booleans in another case: botocore and we read them, the JS SDK skips them.
    ("upper-case boolean in the profile", "default", [FIPS[2], REGION[1]]),
    ("capitalised boolean in the environment", "default", [DUAL[1], REGION[2]]),
]


def sample(rng, dims, count, seen, prefix, fixed_endpoints=False):
    """`count` distinct draws from the product of `dims`; a value an SDK
    rejects is drawn less often, so most cases exercise the precedence."""
    out = []
    while len(out) < count:
        idx = []
        for n, bad in dims:
            i = rng.randrange(n)
            while i in bad and rng.random() < 0.8:
                i = rng.randrange(n)
            idx.append(i)
        if fixed_endpoints:
            idx[0] = idx[1] = idx[2] = 0
        idx = tuple(idx)
        if idx in seen:
            continue
        seen.add(idx)
        ee, pe, ig, fi, du, re_, at, rt, pr, incred = idx
        parts = [ENV_ENDPOINT[ee], ({}, PROFILE_ENDPOINT[pe]), IGNORE[ig],
                 FIPS[fi], DUAL[du], REGION[re_], ATTEMPTS[at], RETRY[rt]]
        out.append(make_case(prefix + "-".join(map(str, idx)), PROFILE[pr], parts, bool(incred)))
    return out


def generate():
    """The cases, deterministic: the fixed list, a seeded sample of the whole
    product, and a seeded sample with no configured endpoint (what botocore
    before 1.31 can check)."""
    cases = [make_case(name, profile, parts) for name, profile, parts in FIXED]
    rng = random.Random(11)
    dims = [(len(ENV_ENDPOINT), {4}), (len(PROFILE_ENDPOINT), {4}), (len(IGNORE), set()), (len(FIPS), {4}),
            (len(DUAL), set()), (len(REGION), {0}), (len(ATTEMPTS), {4, 5}), (len(RETRY), {4}), (len(PROFILE), {2}),
            (2, set())]
    seen = set()
    cases += sample(rng, dims, 240, seen, "generated ")
    cases += sample(rng, dims, 120, seen, "generated, no endpoint ", fixed_endpoints=True)
    return cases


def with_region_variable(cases, name):
    """The cases with the environment region under `name` instead of
    AWS_DEFAULT_REGION (cases that set both names are left as they are)."""
    out = []
    for c in cases:
        c = dict(c, env=dict(c["env"]))
        if "AWS_DEFAULT_REGION" in c["env"] and name not in c["env"]:
            c["env"][name] = c["env"].pop("AWS_DEFAULT_REGION")
        out.append(c)
    return out


def with_lower_case_booleans(cases):
    """The generated cases with 'TRUE' and 'True' written 'true' (the fixed
    cases keep them): for an SDK that reads booleans case-sensitively, so
    that the sample checks precedence rather than that one difference."""
    out = []
    for c in cases:
        if c["name"].startswith("generated"):
            fix = lambda t: t if t is None else t.replace("= TRUE", "= true").replace("= True", "= true")  # noqa: E731
            c = dict(c, env={k: ("true" if v in ("TRUE", "True") else v) for k, v in c["env"].items()},
                     config=fix(c["config"]), credentials=fix(c["credentials"]))
        out.append(c)
    return out


def run_ours(binary, cases, tmp, tag):
    """Our outcome of each case: test_settings' `print_resolution` mode."""
    src = os.path.join(tmp, tag + "-cases.json")
    dst = os.path.join(tmp, tag + "-ours.json")
    with open(src, "w") as f:
        json.dump(cases, f, indent=1)
    r = subprocess.run([binary, "--run_test=print_resolution", "--log_level=nothing", "--report_level=no", "--",
                        "--settings-cases=" + src, "--settings-out=" + dst], timeout=120)
    if r.returncode != 0:
        raise SystemExit("%s exited %d" % (binary, r.returncode))
    with open(dst) as f:
        return json.load(f)


class KnownDifference:
    """A documented difference: `applies(case, theirs)` says whether it
    explains a case; then either `ours_ok(case, theirs, ours)` checks that
    our outcome is the documented one, or `replacement(theirs)` gives the
    SDK's own outcome without the difference (e.g. the JS SDK's with FIPS
    off), which ours must then match, directly or through the other
    differences."""

    def __init__(self, ident, reason, applies, ours_ok=None, replacement=None):
        self.ident, self.reason, self.applies = ident, reason, applies
        self.ours_ok, self.replacement = ours_ok, replacement


def same(theirs, ours):
    if "error" in theirs or "error" in ours:
        return "error" in theirs and "error" in ours
    return all(ours.get(k) == v for k, v in theirs.items() if v is not None)


def explain(c, t, o, differences):
    """The differences that explain ours against theirs (a list, [] when
    they agree), or None when nothing does."""
    if same(t, o):
        return []
    for d in differences:
        if not d.applies(c, t):
            continue
        if d.replacement is not None:
            t2 = d.replacement(t)
            rest = None if t2 is None else explain(c, t2, o, [x for x in differences if x is not d])
            if rest is not None:
                return [d] + rest
        elif d.ours_ok(c, t, o):
            return [d]
    return None


def compare(sdk, cases, theirs, ours, differences):
    """Prints a summary and the disagreements; returns the exit status."""
    agree, agree_configured, explained, failed = 0, 0, 0, []
    counts = {d.ident: 0 for d in differences}
    for c, t, o in zip(cases, theirs, ours):
        why = explain(c, t, o, differences)
        if why == []:
            agree += 1
            agree_configured += c["configured_endpoints"]
        elif why is None:
            applicable = [d.ident for d in differences if d.applies(c, t)]
            failed.append((c, t, o, "known difference %s, but ours is not the documented outcome" %
                           ", ".join(applicable) if applicable else "no documented difference explains it"))
        else:
            explained += 1
            for d in why:  # a case may need two (FIPS with a configured endpoint, and legacy)
                counts[d.ident] += 1
    for c, t, o, why in failed:
        print("DISAGREE %s: %s\n  %s: %s\n  ours: %s\n  env=%s\n  config=%r\n  credentials=%r" %
              (c["name"], why, sdk, t, o, c["env"], c["config"], c["credentials"]))
    print("%s: %d cases, %d agree (%d of them with configured endpoints), %d explained by documented differences, "
          "%d disagree" % (sdk, len(cases), agree, agree_configured, explained, len(failed)))
    for d in differences:
        print("  %-30s %3d  %s" % (d.ident, counts[d.ident], d.reason))
    return 1 if failed else 0


def values(case):
    """Every value the case sets, in the environment or the files."""
    vals = list(case["env"].values())
    for text in (case["config"], case["credentials"]):
        for line in (text or "").splitlines():
            if "=" in line:
                vals.append(line.split("=", 1)[1].strip())
    return vals


def setting(case, env_name, key):
    """The raw value of a setting as the precedence environment → profile
    picks it (the case's own text, no parsing beyond key = value)."""
    if env_name in case["env"]:
        return case["env"][env_name]
    for text in (case["credentials"], case["config"]):
        for line in (text or "").splitlines():
            if "=" in line and line.split("=", 1)[0].strip() == key:
                return line.split("=", 1)[1].strip()
    return None


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    with open(sys.argv[1], "w") as f:
        json.dump(generate(), f, indent=1)
