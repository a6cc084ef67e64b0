#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""ctest check: the SSO token refresh flow is botocore's SSOTokenProvider's.

Usage: python3 tests/sso_token_botocore_oracle.py TEST_CREDENTIAL_SOURCES_BINARY

For each case (time left on the cached token, which refresh members the
cache holds, whether the client registration expired, what CreateToken
answers), botocore's SSOTokenProvider for an sso-session profile loads the
token at a fixed time, with the cache in memory and the sso-oidc client
pointed at a fake server on 127.0.0.1 (AWS_ENDPOINT_URL_SSO_OIDC; botocore
< 1.31 gets the URL through a wrapped create_client; a guard refuses any
other host). Recorded: the token botocore hands out and its expiry, or
"error"; and the CreateToken request body it sent, if any.
test_credential_sources' `botocore_sso_token_cases` runs the same case
through parse_sso_token_cache / advise_sso_token /
build_sso_create_token_request / parse_sso_create_token_response and
compares all three. Exits 77 (ctest SKIP_RETURN_CODE) only when botocore is
missing.
"""

import datetime
import hashlib
import http.server
import inspect
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.parse

try:
    import botocore
    import botocore.httpsession
    import botocore.session
    import botocore.tokens
    from botocore import configprovider
except ImportError:
    print("botocore not installed: skipping")
    sys.exit(77)

CONFIGURED_ENDPOINTS = "ignore_configured_endpoint_urls" in configprovider.BOTOCORE_DEFAUT_SESSION_VARIABLES
NOW = datetime.datetime(2026, 12, 1, 23, 0, 0, tzinfo=datetime.timezone.utc)
STATE = {"reply": "success", "bodies": []}
REPLIES = {
    "success": (200, {"accessToken": "new-bearer", "expiresIn": 28800, "refreshToken": "refresh-2",
                      "tokenType": "Bearer"}),
    "success-no-refresh-token": (200, {"accessToken": "new-bearer", "expiresIn": 3600, "tokenType": "Bearer"}),
    "invalid-grant": (400, {"error": "invalid_grant", "error_description": "Invalid refresh token provided"}),
}
_send = botocore.httpsession.URLLib3Session.send


def guarded_send(self, request):
    host = urllib.parse.urlsplit(request.url).hostname
    if host != "127.0.0.1":
        raise RuntimeError("the oracle refuses to send to %s (only 127.0.0.1)" % host)
    return _send(self, request)


botocore.httpsession.URLLib3Session.send = guarded_send


class Fake(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        STATE["bodies"].append(self.rfile.read(n).decode())
        status, body = REPLIES[STATE["reply"]]
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if status != 200:
            self.send_header("x-amzn-ErrorType", "InvalidGrantException")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def iso(minutes):
    return (NOW + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def cases():
    out = []
    for left in (60, 16, 14, 5, -5):
        for members in ("all", "no-refresh-token", "none"):
            for registration in ("valid", "expired"):
                for reply in REPLIES:
                    if members != "all" and (registration != "valid" or reply != "success"):
                        continue  # nothing to refresh with: one case is enough
                    token = {"startUrl": "https://corp.awsapps.com/start", "region": "us-west-2",
                             "accessToken": "old-bearer", "expiresAt": iso(left)}
                    if members != "none":
                        token.update({"clientId": "client-1", "clientSecret": "client-secret-1",
                                      "registrationExpiresAt": iso(60 * 24 * 90 if registration == "valid" else -60)})
                        if members == "all":
                            token["refreshToken"] = "refresh-1"
                    out.append({"name": "%d min left, %s, registration %s, %s" % (left, members, registration, reply),
                                "cache": json.dumps(token), "reply": reply})
    return out


def run(case, tmp, port):
    STATE["reply"], STATE["bodies"] = case["reply"], []
    saved = dict(os.environ)
    try:
        for k in list(os.environ):
            if k.startswith("AWS_"):
                del os.environ[k]
        cfg = os.path.join(tmp, "config")
        with open(cfg, "w") as f:
            f.write("[profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n"
                    "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-west-2\n")
        os.environ.update({"AWS_CONFIG_FILE": cfg, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                           "AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:%d" % port})
        session = botocore.session.Session(profile="sso")
        if not CONFIGURED_ENDPOINTS:
            create = session.create_client

            def create_client(name, *args, **kwargs):
                if name == "sso-oidc":
                    kwargs["endpoint_url"] = "http://127.0.0.1:%d" % port
                return create(name, *args, **kwargs)

            session.create_client = create_client
        cache = {hashlib.sha1(b"corp").hexdigest(): json.loads(case["cache"])}
        # botocore 1.29 takes the profile from the session only.
        extra = {"profile_name": "sso"} if "profile_name" in inspect.signature(
            botocore.tokens.SSOTokenProvider.__init__).parameters else {}
        provider = botocore.tokens.SSOTokenProvider(session, cache=cache, time_fetcher=lambda: NOW, **extra)
        try:
            frozen = provider.load_token().get_frozen_token()
            exp = frozen.expiration
            if isinstance(exp, str):
                exp = datetime.datetime.strptime(exp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
            outcome = "%s %d" % (frozen.token, int(exp.timestamp()))
        except Exception as e:
            outcome = "error " + type(e).__name__
        return outcome, (STATE["bodies"][0] if STATE["bodies"] else "")
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = []
            for c in cases():
                outcome, body = run(c, tmp, server.server_address[1])
                out.append(dict(c, now=int(NOW.timestamp()), expect=outcome, create_token_body=body,
                                reply_status=REPLIES[c["reply"]][0], reply_body=json.dumps(REPLIES[c["reply"]][1])))
            path = os.path.join(tmp, "sso-cases.json")
            with open(path, "w") as f:
                json.dump(out, f, indent=1)
            print("%d SSO token cases from botocore %s (%d refreshed, %d errors)" %
                  (len(out), botocore.__version__, sum(1 for c in out if c["expect"].startswith("new-bearer")),
                   sum(1 for c in out if c["expect"].startswith("error"))))
            return subprocess.run([argv[1], "--run_test=botocore_sso_token_cases", "--log_level=message", "--",
                                   "--sso-cases=" + path], timeout=60).returncode
    finally:
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
