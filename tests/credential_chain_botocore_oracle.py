#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""ctest check: plan_credentials() picks what botocore's resolver picks.

Usage: python3 tests/credential_chain_botocore_oracle.py TEST_CREDENTIAL_CHAIN_BINARY

For each case (shared files, environment, optionally an explicit profile),
botocore's default CredentialResolver (botocore.credentials.
create_credential_resolver) loads credentials with every network source
pointed at one fake server on 127.0.0.1 (AWS_ENDPOINT_URL_STS,
AWS_ENDPOINT_URL_SSO, AWS_CONTAINER_CREDENTIALS_FULL_URI,
AWS_EC2_METADATA_SERVICE_ENDPOINT), credential_process pointed at a small
script, HOME at a temporary folder (the SSO token cache). The fake server
records what botocore asked for. The order of those requests becomes a
trace: the base source ("env:KEY", "static:KEY", "process:PROFILE",
"web:ROLE_ARN", "sso:ACCOUNT:ROLE", "container", "imds") and then each role
assumed, in order ("assume:ROLE_ARN", plus "+mfa:SERIAL:CODE" when the
AssumeRole request carried SerialNumber and TokenCode: botocore's MFA
prompter answers MFA_CODE); or "error" when botocore refuses the
configuration. Our side of an MFA step reads SerialNumber and TokenCode out
of the AssumeRole request we build with that code.
The Boost.Test case `botocore_chain_cases` of test_credential_chain
computes the same trace from our credential_plan and compares.

Bounded and offline: every socket is 127.0.0.1, botocore's metadata
timeout is 1 s with one attempt, and the whole run has a deadline. botocore
before 1.31 (Debian 12's 1.29) ignores AWS_ENDPOINT_URL_STS/_SSO: there the
session's create_client is wrapped to give the sts and sso clients the fake
server's URL. In either version every request botocore sends goes through a
guard that refuses any host but 127.0.0.1, so the real STS is never reached.
Exits 77 (ctest SKIP_RETURN_CODE) only when botocore is not installed.
CHAIN_ORACLE_SHOW=1 prints botocore's traces of the MFA cases.
"""

import hashlib
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

try:
    import botocore.credentials
    import botocore.loaders
    import botocore.session
    import botocore.tokens
    from botocore import configprovider
except ImportError:
    print("botocore not installed: skipping")
    sys.exit(77)
import botocore.httpsession

# botocore < 1.31 knows no configured endpoint URL (AWS_ENDPOINT_URL_STS).
CONFIGURED_ENDPOINTS = "ignore_configured_endpoint_urls" in configprovider.BOTOCORE_DEFAUT_SESSION_VARIABLES
_send = botocore.httpsession.URLLib3Session.send


def guarded_send(self, request):
    """Every request botocore sends: to 127.0.0.1 only."""
    host = urllib.parse.urlsplit(request.url).hostname
    if host != "127.0.0.1":
        raise RuntimeError("the oracle refuses to send to %s (only 127.0.0.1)" % host)
    return _send(self, request)


botocore.httpsession.URLLib3Session.send = guarded_send


def route_to_fake(session, port):
    """botocore < 1.31: the sts and sso clients the providers create are
    given the fake server's URL (what AWS_ENDPOINT_URL_STS/_SSO do later)."""
    create = session.create_client

    def create_client(service_name, *args, **kwargs):
        if service_name in ("sts", "sso") and kwargs.get("endpoint_url") is None:
            kwargs["endpoint_url"] = "http://127.0.0.1:%d" % port
        return create(service_name, *args, **kwargs)

    session.create_client = create_client

LOADER = botocore.loaders.create_loader()
EVENTS = []
EXPIRES = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3 * 3600))

STS_REPLY = """<{a}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><{a}Result>
<Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey>
<SessionToken>fake-token</SessionToken><Expiration>{exp}</Expiration></Credentials>
</{a}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></{a}Response>"""


class Fake(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body, ctype="application/json"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        if self.path == "/latest/api/token":
            return self.reply(200, "imds-token", "text/plain")
        self.reply(404, "")

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path == "/federation/credentials":
            q = urllib.parse.parse_qs(u.query)
            EVENTS.append(("sso", q["account_id"][0], q["role_name"][0]))
            body = {"roleCredentials": {"accessKeyId": "SSO_KEY", "secretAccessKey": "s", "sessionToken": "t",
                                        "expiration": int(time.time() + 3 * 3600) * 1000}}
            return self.reply(200, json.dumps(body))
        if u.path == "/container":
            EVENTS.append(("container",))
            return self.reply(200, json.dumps({"AccessKeyId": "CONTAINER_KEY", "SecretAccessKey": "s", "Token": "t",
                                               "Expiration": EXPIRES}))
        if u.path == "/latest/meta-data/iam/security-credentials/":
            return self.reply(200, "fake-role", "text/plain")
        if u.path == "/latest/meta-data/iam/security-credentials/fake-role":
            EVENTS.append(("imds",))
            return self.reply(200, json.dumps({"Code": "Success", "AccessKeyId": "IMDS_KEY", "SecretAccessKey": "s",
                                               "Token": "t", "Expiration": EXPIRES}), "text/plain")
        self.reply(404, "")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(n).decode())
        action = form.get("Action", [""])[0]
        arn = form.get("RoleArn", [""])[0]
        if action == "AssumeRole":
            auth = self.headers.get("Authorization", "")
            signer = auth.split("Credential=", 1)[1].split("/", 1)[0] if "Credential=" in auth else ""
            serial = form.get("SerialNumber", [""])[0]
            code = form.get("TokenCode", [""])[0]
            EVENTS.append(("assume", arn, signer, "+mfa:%s:%s" % (serial, code) if serial or code else ""))
            key = "ROLE_" + arn.rsplit("/", 1)[-1]
        elif action == "AssumeRoleWithWebIdentity":
            EVENTS.append(("web", arn))
            key = "WEB_" + arn.rsplit("/", 1)[-1]
        else:
            return self.reply(400, "<ErrorResponse/>", "text/xml")
        self.reply(200, STS_REPLY.format(a=action, key=key, exp=EXPIRES), "text/xml")


def trace_from(events, final_key):
    """The canonical trace of what botocore did."""
    out = []

    def base_of_key(key):
        if key == "AKIDENV":
            return "env:" + key
        if key.startswith("PROC_"):
            return "process:" + key[5:]
        return "static:" + key

    for ev in events:
        if ev[0] == "web" and not out:
            out.append("web:" + ev[1])
        elif ev[0] == "sso" and not out:
            out.append("sso:%s:%s" % (ev[1], ev[2]))
        elif ev[0] in ("container", "imds") and not out:
            out.append(ev[0])
        elif ev[0] == "assume":
            if not out:
                out.append(base_of_key(ev[2]))
            out.append("assume:" + ev[1] + ev[3])
    if not out:
        out.append(base_of_key(final_key))
    return out


ROLE = "arn:aws:iam::123456789012:role/"
PROC = None  # set in main: "python3 <script>"


def config_text():
    return f"""[default]
region = us-east-1
[profile static]
aws_access_key_id = AKIDCFG
aws_secret_access_key = cfgsecret
[profile proc]
credential_process = {PROC} proc
aws_access_key_id = AKIDCFG2
aws_secret_access_key = cfgsecret2
[profile proc_only]
credential_process = {PROC} proc_only
[profile role]
role_arn = {ROLE}r1
source_profile = static
external_id = ext
duration_seconds = 1800
[profile chained]
role_arn = {ROLE}r2
source_profile = role
[profile from_env]
role_arn = {ROLE}r3
credential_source = Environment
[profile from_imds]
role_arn = {ROLE}r4
credential_source = Ec2InstanceMetadata
[profile from_ecs]
role_arn = {ROLE}r5
credential_source = EcsContainer
[profile bad_source]
role_arn = {ROLE}r6
credential_source = Lambda
[profile both]
role_arn = {ROLE}r7
credential_source = Environment
source_profile = static
[profile neither]
role_arn = {ROLE}r8
[profile cycle_a]
role_arn = {ROLE}a
source_profile = cycle_b
[profile cycle_b]
role_arn = {ROLE}b
source_profile = cycle_a
[profile self]
role_arn = {ROLE}self
source_profile = self
aws_access_key_id = AKIDSELF
aws_secret_access_key = selfsecret
[profile self_no_keys]
role_arn = {ROLE}self2
source_profile = self_no_keys
[profile to_missing]
role_arn = {ROLE}x
source_profile = nowhere
[profile empty]
region = eu-west-1
[profile to_empty]
role_arn = {ROLE}x2
source_profile = empty
[profile to_proc]
role_arn = {ROLE}p
source_profile = proc
[profile web]
role_arn = {ROLE}web
web_identity_token_file = TOKENFILE
[profile to_web]
role_arn = {ROLE}after_web
source_profile = web
[profile sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Admin
[profile sso_partial]
sso_account_id = 1
[profile to_sso]
role_arn = {ROLE}after_sso
source_profile = sso
[profile partial]
aws_access_key_id = AKIDONLY
[profile keys_and_role]
role_arn = {ROLE}kr
source_profile = static
aws_access_key_id = AKIDKR
aws_secret_access_key = krsecret
[profile mfa]
role_arn = {ROLE}mfa
source_profile = static
mfa_serial = arn:aws:iam::123456789012:mfa/alice
[profile to_mfa]
role_arn = {ROLE}after_mfa
source_profile = mfa
[profile mfa_outer]
role_arn = {ROLE}mfa_outer
source_profile = role
mfa_serial = GAHT12345678
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-2
"""


CREDENTIALS = """[proc]
aws_access_key_id = AKIDCREDFILE
aws_secret_access_key = credfilesecret
[credonly]
aws_access_key_id = AKIDCREDONLY
aws_secret_access_key = credonlysecret
"""

ENV_KEYS = {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret"}


# The cases: (name, profile, environment, profile given explicitly, the
# credentials file). The profile is selected by AWS_PROFILE unless it is
# given explicitly (botocore's Session(profile=...), our --profile). In the
# environment, CONTAINER and IMDS stand for pointing that source at the
# fake server; TOKENFILE for the web identity token file.
CONTAINER, IMDS = {"CONTAINER": "1"}, {"IMDS": "1"}
WEB_ENV = {"AWS_WEB_IDENTITY_TOKEN_FILE": "TOKENFILE", "AWS_ROLE_ARN": ROLE + "envweb"}
CASES = [
    ("environment first", None, ENV_KEYS, False, CREDENTIALS),
    ("environment over a role profile", "role", ENV_KEYS, False, CREDENTIALS),
    ("explicit profile skips the environment", "static", ENV_KEYS, True, CREDENTIALS),
    ("config file keys", "static", {}, False, CREDENTIALS),
    ("credentials file before credential_process", "proc", {}, False, CREDENTIALS),
    ("credential_process before config file keys", "proc", {}, False, ""),
    ("credential_process", "proc_only", {}, False, CREDENTIALS),
    ("credentials file only", "credonly", {}, False, CREDENTIALS),
    ("assume role from static keys", "role", {}, False, CREDENTIALS),
    ("role chain", "chained", {}, False, CREDENTIALS),
    ("credential_source Environment", "from_env", ENV_KEYS, True, CREDENTIALS),
    ("credential_source Environment without keys", "from_env", {}, False, CREDENTIALS),
    ("credential_source Ec2InstanceMetadata", "from_imds", IMDS, False, CREDENTIALS),
    ("credential_source EcsContainer", "from_ecs", CONTAINER, False, CREDENTIALS),
    ("credential_source unknown", "bad_source", {}, False, CREDENTIALS),
    ("source_profile and credential_source", "both", {}, False, CREDENTIALS),
    ("role_arn without source", "neither", {}, False, CREDENTIALS),
    ("cycle", "cycle_a", {}, False, CREDENTIALS),
    ("self reference with keys", "self", {}, False, CREDENTIALS),
    ("self reference without keys", "self_no_keys", {}, False, CREDENTIALS),
    ("missing source profile", "to_missing", {}, False, CREDENTIALS),
    ("source profile without credentials", "to_empty", {}, False, CREDENTIALS),
    ("source profile with credential_process", "to_proc", {}, False, ""),
    ("source profile keys win over its role", "keys_and_role", {}, False, CREDENTIALS),
    ("web identity from the profile", "web", {}, False, CREDENTIALS),
    ("web identity source profile", "to_web", {}, False, CREDENTIALS),
    ("web identity from the environment", "empty", WEB_ENV, False, CREDENTIALS),
    ("sso", "sso", {}, False, CREDENTIALS),
    ("sso source profile", "to_sso", {}, False, CREDENTIALS),
    ("sso incomplete", "sso_partial", {}, False, CREDENTIALS),
    ("partial static keys", "partial", {}, False, CREDENTIALS),
    ("container last", "empty", CONTAINER, False, CREDENTIALS),
    ("instance metadata last", "empty", IMDS, False, CREDENTIALS),
    ("container before instance metadata", "empty", {**CONTAINER, **IMDS}, False, CREDENTIALS),
    ("nothing at all", "empty", {}, False, CREDENTIALS),
    ("mfa_serial: SerialNumber and the prompted TokenCode", "mfa", {}, False, CREDENTIALS),
    ("mfa_serial on the source profile's role", "to_mfa", {}, False, CREDENTIALS),
    ("mfa_serial (hardware token) on the outer role of a chain", "mfa_outer", {}, False, CREDENTIALS),
]
# The code the MFA prompter answers (botocore's AssumeRoleProvider asks
# its prompter; our caller passes the code to to_assume_role_params()).
MFA_CODE = "123456"


def cases():
    return [{"name": n, "profile": p, "env": dict(e), "explicit_profile": x, "credentials": c}
            for n, p, e, x, c in CASES]


# Python errors raised inside botocore: defects of that botocore version, not
# refusals of a configuration.
INTERNAL_ERRORS = ("AttributeError", "TypeError", "KeyError", "NameError")


def run_botocore(case, tmp, port, token_file):
    saved = dict(os.environ)
    EVENTS.clear()
    try:
        for k in list(os.environ):
            if k.startswith("AWS_"):
                del os.environ[k]
        os.environ["HOME"] = tmp
        os.environ["AWS_CONFIG_FILE"] = os.path.join(tmp, "config")
        os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(tmp, "credentials-" + str(abs(hash(case["credentials"]))))
        with open(os.environ["AWS_SHARED_CREDENTIALS_FILE"], "w") as f:
            f.write(case["credentials"])
        os.environ["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:%d" % port
        os.environ["AWS_ENDPOINT_URL_SSO"] = "http://127.0.0.1:%d" % port
        os.environ["AWS_METADATA_SERVICE_TIMEOUT"] = "1"
        os.environ["AWS_METADATA_SERVICE_NUM_ATTEMPTS"] = "1"
        env = dict(case["env"])
        if env.pop("CONTAINER", None):
            env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:%d/container" % port
        if env.pop("IMDS", None):
            env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:%d" % port
        else:
            env["AWS_EC2_METADATA_DISABLED"] = "true"
        if env.get("AWS_WEB_IDENTITY_TOKEN_FILE") == "TOKENFILE":
            env["AWS_WEB_IDENTITY_TOKEN_FILE"] = token_file
        if case["profile"] and not case["explicit_profile"]:
            env["AWS_PROFILE"] = case["profile"]
        case["env_used"] = dict(env)
        os.environ.update(env)
        session = botocore.session.Session(profile=case["profile"] if case["explicit_profile"] else None)
        session.register_component("data_loader", LOADER)
        if not CONFIGURED_ENDPOINTS:
            route_to_fake(session, port)
        resolver = botocore.credentials.create_credential_resolver(session, region_name="us-east-1")
        resolver.get_provider("assume-role")._prompter = lambda prompt: MFA_CODE
        creds = resolver.load_credentials()
        if creds is None:
            return ["error"], "no credentials"
        frozen = creds.get_frozen_credentials()
        return trace_from(list(EVENTS), frozen.access_key), None
    except Exception as e:
        return ["error"], "%s: %s" % (type(e).__name__, e)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main(argv):
    global PROC
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = argv[1]
    deadline = time.monotonic() + 120
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            script = os.path.join(tmp, "proc.py")
            with open(script, "w") as f:
                f.write("import json, sys\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'PROC_' + sys.argv[1],"
                        " 'SecretAccessKey': 's', 'SessionToken': 't'}))\n")
            PROC = "%s %s" % (sys.executable, script)
            token_file = os.path.join(tmp, "web-token")
            with open(token_file, "w") as f:
                f.write("fake-web-identity-token\n")
            cfg = config_text().replace("TOKENFILE", token_file)
            with open(os.path.join(tmp, "config"), "w") as f:
                f.write(cfg)
            cache = os.path.join(tmp, ".aws", "sso", "cache")
            os.makedirs(cache)
            # botocore computes its token cache folder from HOME at import time.
            botocore.tokens.SSOTokenProvider._SSO_TOKEN_CACHE_DIR = cache
            botocore.credentials.SSOProvider._SSO_TOKEN_CACHE_DIR = cache
            with open(os.path.join(cache, hashlib.sha1(b"corp").hexdigest() + ".json"), "w") as f:
                json.dump({"startUrl": "https://corp.awsapps.com/start", "region": "us-east-2",
                           "accessToken": "fake-sso-token", "expiresAt": EXPIRES}, f)
            out, defects = [], []
            for case in cases():
                if time.monotonic() > deadline:
                    print("deadline passed", file=sys.stderr)
                    return 1
                trace, why = run_botocore(case, tmp, port, token_file)
                if why and why.split(":", 1)[0] in INTERNAL_ERRORS:
                    # Not a refusal of the configuration: botocore itself
                    # failed (1.29: an SSO profile as source_profile reaches
                    # the SSO provider without its token provider, an
                    # AttributeError). Not compared, and listed.
                    defects.append("%s (%s)" % (case["name"], why))
                    continue
                out.append({"name": case["name"], "profile": case["profile"], "explicit_profile": case["explicit_profile"],
                            "env": case["env_used"], "config": cfg, "credentials": case["credentials"],
                            "expect": trace, "botocore_error": why})
            path = os.path.join(tmp, "chain-cases.json")
            if os.environ.get("CHAIN_ORACLE_SHOW"):
                print("\n".join("%s: %s" % (c["name"], c["expect"]) for c in out if "mfa" in c["name"]))
            with open(path, "w") as f:
                json.dump(out, f, indent=1)
            print("%d cases from botocore %s (%d refused by botocore)" %
                  (len(out), botocore.__version__, sum(1 for c in out if c["expect"] == ["error"])))
            for d in defects:
                print("not compared, botocore %s failed internally: %s" % (botocore.__version__, d))
            return subprocess.run([binary, "--run_test=botocore_chain_cases", "--log_level=message", "--",
                                   "--chain-cases=" + path], timeout=60).returncode
    finally:
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
