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
assumed, in order; or "error" when botocore refuses the configuration.
The Boost.Test case `botocore_chain_cases` of test_credential_chain
computes the same trace from our credential_plan and compares.

Bounded and offline: every socket is 127.0.0.1, botocore's metadata
timeout is 1 s with one attempt, and the whole run has a deadline.
Exits 77 (ctest SKIP_RETURN_CODE) when botocore is not installed, or is too
old to honour AWS_ENDPOINT_URL_STS (the test must never reach the real STS).
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
# Without configured endpoint URLs (botocore < 1.31) AWS_ENDPOINT_URL_STS
# would be ignored and botocore would call the real STS: skip instead.
if "ignore_configured_endpoint_urls" not in configprovider.BOTOCORE_DEFAUT_SESSION_VARIABLES:
    print("botocore %s predates configured endpoint URLs: skipping" % botocore.__version__)
    sys.exit(77)

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
            EVENTS.append(("assume", arn, signer))
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
            out.append("assume:" + ev[1])
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


def cases():
    c = []

    def add(name, profile=None, env=None, explicit=False, creds=CREDENTIALS):
        c.append({"name": name, "profile": profile, "env": dict(env or {}), "explicit_profile": explicit,
                  "credentials": creds})

    add("environment first", None, ENV_KEYS)
    add("environment over a role profile", "role", ENV_KEYS)
    add("explicit profile skips the environment", "static", ENV_KEYS, explicit=True)
    add("config file keys", "static")
    add("credentials file before credential_process", "proc")
    add("credential_process before config file keys", "proc", creds="")
    add("credential_process", "proc_only")
    add("credentials file only", "credonly")
    add("assume role from static keys", "role")
    add("role chain", "chained")
    add("credential_source Environment", "from_env", ENV_KEYS, explicit=True)
    add("credential_source Environment without keys", "from_env")
    add("credential_source Ec2InstanceMetadata", "from_imds", {"IMDS": "1"})
    add("credential_source EcsContainer", "from_ecs", {"CONTAINER": "1"})
    add("credential_source unknown", "bad_source")
    add("source_profile and credential_source", "both")
    add("role_arn without source", "neither")
    add("cycle", "cycle_a")
    add("self reference with keys", "self")
    add("self reference without keys", "self_no_keys")
    add("missing source profile", "to_missing")
    add("source profile without credentials", "to_empty")
    add("source profile with credential_process", "to_proc", creds="")
    add("source profile keys win over its role", "keys_and_role")
    add("web identity from the profile", "web")
    add("web identity source profile", "to_web")
    add("web identity from the environment", "empty", {"AWS_WEB_IDENTITY_TOKEN_FILE": "TOKENFILE",
                                                        "AWS_ROLE_ARN": ROLE + "envweb"})
    add("sso", "sso")
    add("sso source profile", "to_sso")
    add("sso incomplete", "sso_partial")
    add("partial static keys", "partial")
    add("container last", "empty", {"CONTAINER": "1"})
    add("instance metadata last", "empty", {"IMDS": "1"})
    add("container before instance metadata", "empty", {"CONTAINER": "1", "IMDS": "1"})
    add("nothing at all", "empty")
    return c


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
        resolver = botocore.credentials.create_credential_resolver(session, region_name="us-east-1")
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
            out = []
            for case in cases():
                if time.monotonic() > deadline:
                    print("deadline passed", file=sys.stderr)
                    return 1
                trace, why = run_botocore(case, tmp, port, token_file)
                out.append({"name": case["name"], "profile": case["profile"], "explicit_profile": case["explicit_profile"],
                            "env": case["env_used"], "config": cfg, "credentials": case["credentials"],
                            "expect": trace, "botocore_error": why})
            path = os.path.join(tmp, "chain-cases.json")
            with open(path, "w") as f:
                json.dump(out, f, indent=1)
            print("%d cases from botocore %s (%d refused by botocore)" %
                  (len(out), botocore.__version__, sum(1 for c in out if c["expect"] == ["error"])))
            return subprocess.run([binary, "--run_test=botocore_chain_cases", "--log_level=message", "--",
                                   "--chain-cases=" + path], timeout=60).returncode
    finally:
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
