#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""End-to-end scenarios: the `chime-voice` command against `chime-voice-local`.

usage: run_e2e.py --cli PATH --server PATH --seed PATH SCENARIO
       run_e2e.py --list

Each scenario starts its own loopback service (fresh inventory, port chosen by
the service and read from a port file), runs the command with an isolated
environment (HOME and the shared files point into a temporary folder), checks
the exit status, the output and the service's per-request log, and stops the
service. Everything is bounded in time: every child process has a timeout and
the service has its own --timeout / --max-requests safety.
"""
import argparse
import datetime
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"
CHILD_TIMEOUT = 40  # seconds for any single command run


class Failure(Exception):
    pass


def check(cond, what, detail=""):
    if not cond:
        raise Failure(what + ("\n" + detail if detail else ""))


class Service:
    """A chime-voice-local process with its log."""

    def __init__(self, ctx, *flags):
        self.ctx = ctx
        self.port_file = os.path.join(ctx.tmp, "port-%d" % ctx.next_id())
        self.log_path = self.port_file + ".log"
        self.log_file = open(self.log_path, "w")
        args = [ctx.server, "--seed", ctx.seed, "--port", "0", "--port-file", self.port_file,
                "--access-key-id", ACCESS_KEY, "--secret-access-key", SECRET_KEY, "--region", REGION,
                "--allow-unsigned-get", "--timeout", "90", "--max-requests", "200"] + list(flags)
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.log_file)
        deadline = time.monotonic() + 10
        while not os.path.exists(self.port_file):
            if self.proc.poll() is not None:
                raise Failure("chime-voice-local exited early:\n" + self.log())
            if time.monotonic() > deadline:
                raise Failure("chime-voice-local did not write its port file in 10 s")
            time.sleep(0.02)
        with open(self.port_file) as f:
            self.port = int(f.read().strip())
        self.url = "http://127.0.0.1:%d" % self.port

    def log(self):
        if not self.log_file.closed:
            self.log_file.flush()
        with open(self.log_path) as f:
            return f.read()

    def requests(self):
        """The per-request log lines, as dicts."""
        out = []
        for line in self.log().splitlines():
            if not line.startswith("chime-voice-local: request="):
                continue
            fields = dict(kv.split("=", 1) for kv in line[len("chime-voice-local: "):].split(" ") if "=" in kv)
            out.append(fields)
        return out

    def batch_statuses(self):
        return [r["status"] for r in self.requests() if r.get("method") == "POST"]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise Failure("chime-voice-local did not stop on SIGTERM")
        self.log_file.close()
        return self.proc.returncode

    def get_number(self, number_id):
        url = self.url + "/phone-numbers/" + urllib.parse.quote(number_id, safe="")
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")


class Context:
    def __init__(self, args, tmp):
        self.cli = args.cli
        self.server = args.server
        self.seed = args.seed
        self.tmp = tmp
        self._n = 0
        self.services = []

    def next_id(self):
        self._n += 1
        return self._n

    def service(self, *flags):
        s = Service(self, *flags)
        self.services.append(s)
        return s

    def env(self, **overrides):
        home = os.path.join(self.tmp, "home")
        os.makedirs(home, exist_ok=True)
        e = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_REGION": REGION,
            "AWS_CONFIG_FILE": os.path.join(self.tmp, "no-config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.tmp, "no-credentials"),
        }
        for k, v in overrides.items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        return e

    def run(self, args, env=None, stdin=None):
        p = subprocess.run([self.cli] + args, env=env or self.env(), input=stdin, capture_output=True,
                           text=True, timeout=CHILD_TIMEOUT)
        # Under ASan/UBSan builds a sanitizer report must fail the scenario even
        # when the exit status happens to be the expected one.
        check("Sanitizer" not in p.stderr and "runtime error:" not in p.stderr,
              "chime-voice reported a sanitizer error", p.stderr)
        return p.returncode, p.stdout, p.stderr

    def delete(self, svc, ids, *extra, env=None):
        return self.run(["batch-delete-phone-number", "--endpoint", svc.url, "--phone-number-ids"] + list(ids) +
                        list(extra), env=env)


def describe(rc, out, err, svc=None):
    s = "exit status %s\n--- stdout\n%s--- stderr\n%s" % (rc, out, err)
    if svc is not None:
        s += "--- service log\n" + svc.log()
    return s


# ------------------------------------------------------------------ scenarios

def scenario_clean_delete(ctx):
    svc = ctx.service()
    ids = ["+12065550100", "+12065550101"]
    rc, out, err = ctx.delete(svc, ids, "--debug")
    check(rc == 0, "a clean deletion exits 0", describe(rc, out, err, svc))
    doc = json.loads(out)
    check(doc["PhoneNumberErrors"] == [], "no per-number errors", out)
    check(doc["ResponseMetadata"]["RetryAttempts"] == 0, "one attempt (ResponseMetadata with --debug)", out)
    check(doc["ResponseMetadata"]["RequestId"] != "", "request id shown", out)
    check(doc["ResponseMetadata"]["HTTPStatusCode"] == 200, "status shown", out)
    check("2 of 2 phone number(s) queued for deletion" in err, "summary on stderr", err)
    for i in ids:
        status, body = svc.get_number(i)
        check(status == 200 and body["PhoneNumber"]["Status"] == "DeleteInProgress",
              "GET shows %s as DeleteInProgress" % i, json.dumps(body))
        created = body["PhoneNumber"]["UpdatedTimestamp"]
        deletion = body["PhoneNumber"]["DeletionTimestamp"]
        fmt = "%Y-%m-%dT%H:%M:%S.000Z"
        delta = datetime.datetime.strptime(deletion, fmt) - datetime.datetime.strptime(created, fmt)
        check(delta == datetime.timedelta(days=7), "deletion is 7 days later", json.dumps(body))
    status, body = svc.get_number("+12065550102")
    check(body["PhoneNumber"]["Status"] == "Unassigned", "other numbers untouched", json.dumps(body))
    check(svc.batch_statuses() == ["200"], "one request reached the service", svc.log())


def scenario_partial_failure(ctx):
    svc = ctx.service()
    ids = ["+12065550100", "+12065550110", "+12065550111", "+19995550199"]
    rc, out, err = ctx.delete(svc, ids)
    check(rc == 1, "some numbers failed: exit 1", describe(rc, out, err, svc))
    errors = {e["PhoneNumberId"]: e for e in json.loads(out)["PhoneNumberErrors"]}
    check(errors.get("+19995550199", {}).get("ErrorCode") == "NotFound", "unknown number is NotFound", out)
    check(errors.get("+12065550110", {}).get("ErrorCode") == "PhoneNumberAssociationsExist",
          "number on a Voice Connector is PhoneNumberAssociationsExist", out)
    check(errors.get("+12065550111", {}).get("ErrorCode") == "PhoneNumberAssociationsExist",
          "number of a user is PhoneNumberAssociationsExist", out)
    check("+12065550100" not in errors, "the free number was deleted", out)
    check("1 of 4 phone number(s) queued for deletion, 3 failed" in err, "summary", err)
    check(svc.get_number("+12065550100")[1]["PhoneNumber"]["Status"] == "DeleteInProgress", "state changed")
    check(svc.get_number("+12065550110")[1]["PhoneNumber"]["Status"] == "Assigned", "associated number kept")

    # The same call with text output: one tab-separated line per failed number, IDs shown.
    rc, out, err = ctx.delete(svc, ["+12065550110", "+19995550199"], "--output", "text")
    check(rc == 1, "text output: exit 1", describe(rc, out, err, svc))
    lines = sorted(out.strip().splitlines())
    check(len(lines) == 2, "two lines", out)
    check(lines[0].startswith("PHONENUMBERERRORS\tNotFound\t") and lines[0].endswith("\t+19995550199"),
          "NotFound line", out)
    check(lines[1].startswith("PHONENUMBERERRORS\tPhoneNumberAssociationsExist\t") and
          lines[1].endswith("\t+12065550110"), "PhoneNumberAssociationsExist line", out)


def scenario_wrong_secret(ctx):
    svc = ctx.service()
    rc, out, err = ctx.delete(svc, ["+12065550100"], env=ctx.env(AWS_SECRET_ACCESS_KEY="not-the-secret"))
    check(rc == 254, "a rejected signature is a service error: exit 254", describe(rc, out, err, svc))
    check("InvalidSignatureException" in err, "the error type is shown", err)
    check("The request signature we calculated does not match the signature you provided" in err,
          "the service's message is shown", err)
    check("HTTP status 403" in err and "request id" in err, "status and request id shown", err)
    check("not-the-secret" not in out + err, "the secret is never printed", err)
    check(svc.batch_statuses() == ["403"], "not retried", svc.log())
    check(svc.get_number("+12065550100")[1]["PhoneNumber"]["Status"] == "Unassigned", "nothing deleted")

    # An unknown access key id: UnrecognizedClientException.
    rc, out, err = ctx.delete(svc, ["+12065550100"], env=ctx.env(AWS_ACCESS_KEY_ID="AKIDUNKNOWN"))
    check(rc == 254 and "UnrecognizedClientException" in err, "unknown key id", describe(rc, out, err, svc))


def scenario_throttle_then_success(ctx):
    svc = ctx.service("--throttle-first", "2")
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--max-attempts", "3", "--debug")
    check(rc == 0, "throttled twice, then success: exit 0", describe(rc, out, err, svc))
    check(json.loads(out)["ResponseMetadata"]["RetryAttempts"] == 2, "three attempts", out)
    check(svc.batch_statuses() == ["429", "429", "200"], "the service saw 429, 429, 200", svc.log())
    check(err.count("retrying (throttling)") == 2, "two throttling retries in the debug log", err)
    check("amz-sdk-request: attempt=3; max=3" in err, "attempt headers sent", err)

    # Every third request throttled: a call sees one 429 then succeeds.
    svc2 = ctx.service("--throttle-every", "3")
    rc, out, err = ctx.delete(svc2, ["+12065550101"], "--debug")
    check(rc == 0 and json.loads(out)["ResponseMetadata"]["RetryAttempts"] == 1, "429 then 200",
          describe(rc, out, err, svc2))


def scenario_unavailable_gives_up(ctx):
    svc = ctx.service("--fail-503", "10")
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--max-attempts", "3")
    check(rc == 254, "503s beyond max attempts: exit 254", describe(rc, out, err, svc))
    check("ServiceUnavailableException" in err, "the error type is shown", err)
    check("gave up after 3 attempts" in err and "max_attempts_reached" in err, "says why it gave up", err)
    check(svc.batch_statuses() == ["503", "503", "503"], "exactly max-attempts requests", svc.log())
    check(out == "", "nothing on stdout", out)

    # AWS_MAX_ATTEMPTS is honoured too.
    svc2 = ctx.service("--fail-503", "10")
    rc, out, err = ctx.delete(svc2, ["+12065550100"], env=ctx.env(AWS_MAX_ATTEMPTS="2"))
    check(rc == 254 and svc2.batch_statuses() == ["503", "503"], "AWS_MAX_ATTEMPTS=2",
          describe(rc, out, err, svc2))


def scenario_clock_skew(ctx):
    for skew in ("900", "-900"):
        svc = ctx.service("--clock-skew", skew)
        rc, out, err = ctx.delete(svc, ["+12065550100"], "--debug")
        check(rc == 0, "server clock %s s off: skew correction makes the retry succeed" % skew,
              describe(rc, out, err, svc))
        check(svc.batch_statuses() == ["403", "200"], "403 then 200", svc.log())
        check(json.loads(out)["ResponseMetadata"]["RetryAttempts"] == 1, "two attempts", out)
        check("server clock differs by" in err, "the correction is reported with --debug", err)
        reqs = svc.requests()
        check(reqs[0]["error"] == "InvalidSignatureException", "first attempt: InvalidSignatureException", svc.log())


def scenario_hostile_date(ctx):
    # Findings: a Date in year 0000 moved the signing clock by -63,963,378,195 s
    # (then "usage error"); one in year 9999 made every retry sign in 9999. A
    # Date more than 24 h from the local clock is now ignored and reported.
    for skew in ("-63900000000", "250000000000"):
        svc = ctx.service("--clock-skew", skew)
        rc, out, err = ctx.delete(svc, ["+12065550100"], "--debug")
        check(rc == 254, "server clock %s s off: a service error (exit 254), not a usage error" % skew,
              describe(rc, out, err, svc))
        check(svc.batch_statuses() == ["403"], "not retried with the hostile time", svc.log())
        check("ignoring the response's Date" in err, "the ignored Date is reported", err)
        check("correcting" not in err, "the clock is not corrected", err)


def scenario_closed_connection(ctx):
    svc = ctx.service("--close-first", "2")
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--debug")
    check(rc == 0, "dropped connections are retried: exit 0", describe(rc, out, err, svc))
    check(svc.batch_statuses() == ["closed", "closed", "200"], "closed, closed, 200", svc.log())
    check("transport failure (connection_reset)" in err, "the transport failure is reported", err)
    check(svc.get_number("+12065550100")[1]["PhoneNumber"]["Status"] == "DeleteInProgress", "deleted")

    svc2 = ctx.service("--close-first", "5")
    rc, out, err = ctx.delete(svc2, ["+12065550100"], "--max-attempts", "2")
    check(rc == 255 and "gave up after 2 attempts" in err, "gives up on a dead connection: exit 255",
          describe(rc, out, err, svc2))


def scenario_shared_files(ctx):
    svc = ctx.service()
    creds = os.path.join(ctx.tmp, "credentials")
    config = os.path.join(ctx.tmp, "config")
    with open(creds, "w") as f:
        f.write("[default]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = wrong\n\n"
                "# the right ones\n[e2e]\naws_access_key_id = %s\naws_secret_access_key = %s\n" %
                (ACCESS_KEY, SECRET_KEY))
    with open(config, "w") as f:
        f.write("[default]\nregion = eu-west-1\n[profile e2e]\nregion = %s ; inline comment\n" % REGION)
    base = dict(AWS_SHARED_CREDENTIALS_FILE=creds, AWS_CONFIG_FILE=config, AWS_ACCESS_KEY_ID=None,
                AWS_SECRET_ACCESS_KEY=None, AWS_REGION=None)
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--profile", "e2e", "--debug", env=ctx.env(**base))
    check(rc == 0, "credentials and region from the shared files (--profile)", describe(rc, out, err, svc))
    check("/%s/chime/aws4_request" % REGION in err, "region from [profile e2e]", err)

    rc, out, err = ctx.delete(svc, ["+12065550101"], env=ctx.env(AWS_PROFILE="e2e", **base))
    check(rc == 0, "AWS_PROFILE selects the profile", describe(rc, out, err, svc))

    # --profile beats credentials in the environment (as in the AWS CLI).
    env = ctx.env(**dict(base, AWS_ACCESS_KEY_ID="AKIDENV", AWS_SECRET_ACCESS_KEY="envsecret"))
    rc, out, err = ctx.delete(svc, ["+12065550102"], "--profile", "e2e", env=env)
    check(rc == 0, "--profile ignores environment credentials", describe(rc, out, err, svc))

    # The default profile has wrong keys: the service says so.
    rc, out, err = ctx.delete(svc, ["+12065550103"], "--region", REGION, env=ctx.env(**base))
    check(rc == 254 and "UnrecognizedClientException" in err, "default profile used", describe(rc, out, err, svc))

    rc, out, err = ctx.delete(svc, ["+12065550103"], "--profile", "missing", env=ctx.env(**base))
    check(rc == 253 and "could not be found" in err, "a missing profile is a configuration error: 253", describe(rc, out, err))

    # Environment credentials, no region anywhere: usage error.
    rc, out, err = ctx.delete(svc, ["+12065550103"], env=ctx.env(AWS_REGION=None))
    check(rc == 253 and "region" in err, "no region: exit 253", describe(rc, out, err))
    rc, out, err = ctx.delete(svc, ["+12065550103"],
                              env=ctx.env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None))
    check(rc == 253 and "Unable to locate credentials" in err, "no credentials: exit 253", describe(rc, out, err))


def scenario_dry_run(ctx):
    svc = ctx.service()
    env = ctx.env(AWS_SESSION_TOKEN="session-token-secret")
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--dry-run", env=env)
    check(rc == 0, "dry run exits 0", describe(rc, out, err, svc))
    # (text mode turns the CRLF line ends into LF)
    check(out.startswith("POST /phone-numbers?operation=batch-delete HTTP/1.1\n"), "request line", out)
    check("Authorization: AWS4-HMAC-SHA256 Credential=%s/" % ACCESS_KEY in out or
          "authorization: AWS4-HMAC-SHA256 Credential=%s/" % ACCESS_KEY in out, "signed", out)
    check(out.endswith('\n\n{"PhoneNumberIds":["+12065550100"]}'), "body shown exactly, no newline added", repr(out))
    check("Signature=<redacted>" in out and not re.search(r"Signature=[0-9a-f]{64}", out),
          "the signature is redacted without --show-signature", out)
    check(SECRET_KEY not in out + err and "session-token-secret" not in out + err, "no secrets printed", out)
    time.sleep(0.2)
    check(svc.requests() == [], "nothing was sent", svc.log())

    # Endpoint selection without --endpoint (nothing is sent with --dry-run).
    for flags, host, region in (([], "voice-chime.us-east-1.amazonaws.com", REGION),
                                (["--fips"], "voice-chime-fips.us-east-1.amazonaws.com", REGION),
                                (["--dual-stack"], "voice-chime.us-east-1.api.aws", REGION),
                                (["--region", "cn-north-1"], "voice-chime.cn-north-1.amazonaws.com.cn", "cn-north-1")):
        rc, out, err = ctx.run(["batch-delete-phone-number", "--phone-number-ids", "+12065550100", "--dry-run"] +
                               flags)
        check(rc == 0 and ("host: " + host) in out.lower(), "dry run %s: host %s" % (flags, host),
              describe(rc, out, err))
        check("/%s/chime/aws4_request" % region in out, "dry run %s: scope region %s" % (flags, region), out)
    rc, out, err = ctx.run(["batch-delete-phone-number", "--phone-number-ids", "+1", "--dry-run",
                            "--endpoint", "ftp://example.com"])
    check(rc == 253 and "endpoint" in err, "a bad --endpoint is a configuration error (253)", describe(rc, out, err))

    # --debug never shows the signature or the secret.
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--debug", env=env)
    check(rc == 0, "debug run", describe(rc, out, err, svc))
    check("Signature=<redacted>" in err, "signature redacted", err)
    check(SECRET_KEY not in out + err and "session-token-secret" not in out + err, "no secrets in debug", err)


def scenario_usage(ctx):
    cases = [
        ([], "no command"),
        (["batch-delete-phone-number"], "no ids"),
        (["batch-delete-phone-number", "--phone-number-ids"], "empty ids"),
        (["batch-delete-phone-number", "--phone-number-ids", "+1", "--output", "xml"], "bad output"),
        (["batch-delete-phone-number", "--phone-number-ids", "+1", "--max-attempts", "0"], "bad attempts"),
        (["batch-delete-phone-number", "--phone-number-ids", "+1", "--bogus"], "unknown option"),
        (["delete-everything"], "unknown command"),
    ]
    for args, what in cases:
        rc, out, err = ctx.run(args)
        check(rc == 252, "usage error (%s): exit 252" % what, describe(rc, out, err))
        check("usage:" in err, "usage shown (%s)" % what, err)
    rc, out, err = ctx.run(["--help"])
    check(rc == 0, "--help exits 0", describe(rc, out, err))
    for word in ("--phone-number-ids", "--region", "--endpoint", "--fips", "--dual-stack", "--profile",
                 "--dry-run", "--output", "--max-attempts", "--debug", "Exit status", "AWS_PROFILE",
                 "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "parse"):
        check(word in out, "--help mentions %s" % word, out)
    rc, out, err = ctx.run(["--version"])
    check(rc == 0 and out.startswith("chime-voice "), "--version", describe(rc, out, err))


def scenario_parse(ctx):
    ok = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-amzn-RequestId: req-123\r\n"
          "Content-Length: 88\r\n\r\n"
          '{"PhoneNumberErrors":[{"PhoneNumberId":"+1206","ErrorCode":"NotFound","ErrorMessage":"x"}]}')
    # Fix the length for whatever the body is.
    head, body = ok.split("\r\n\r\n", 1)
    ok = head.replace("Content-Length: 88", "Content-Length: %d" % len(body)) + "\r\n\r\n" + body
    rc, out, err = ctx.run(["parse"], stdin=ok)
    check(rc == 1, "a 200 with per-number errors: exit 1", describe(rc, out, err))
    check(json.loads(out)["PhoneNumberErrors"][0]["ErrorCode"] == "NotFound", "parsed", out)
    check("req-123" in err, "request id shown", err)

    throttled = ("HTTP/1.1 429 Too Many Requests\nX-Amzn-Errortype: ThrottledClientException\n"
                 "x-amzn-RequestId: req-429\n\n{\"Code\":\"Throttled\",\"Message\":\"Rate exceeded\"}")
    rc, out, err = ctx.run(["parse"], stdin=throttled)
    check(rc == 254, "an error response: exit 254", describe(rc, out, err))
    check("ThrottledClientException" in err and "req-429" in err and "retry class throttling" in err,
          "error described", err)

    rc, out, err = ctx.run(["parse"], stdin="this is not http")
    check(rc == 252, "garbage: exit 252", describe(rc, out, err))


# A small independent SigV4 signer (SigV4 docs, "Create a signed AWS API
# request"), to send the service requests the command would refuse to build.
def sign_request(method, host, path, query, body, now=None):
    now = now or datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    headers = {"host": host, "x-amz-date": amz_date, "content-type": "application/json"}
    signed = ";".join(sorted(headers))
    canonical = "\n".join([method, path, query] + ["%s:%s" % (k, headers[k]) for k in sorted(headers)] +
                          ["", signed, hashlib.sha256(body).hexdigest()])
    scope = "%s/%s/chime/aws4_request" % (day, REGION)
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + SECRET_KEY).encode()
    for part in (day, REGION, "chime", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        ACCESS_KEY, scope, signed, sig)
    return headers


def post(svc, body, headers=None):
    host = "127.0.0.1:%d" % svc.port
    h = headers if headers is not None else sign_request("POST", host, "/phone-numbers",
                                                         "operation=batch-delete", body)
    req = urllib.request.Request(svc.url + "/phone-numbers?operation=batch-delete", data=body, method="POST",
                                 headers=h)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read() or b"{}")


def scenario_service_contract(ctx):
    svc = ctx.service()
    for body, what in ((b'{"PhoneNumberIds":[]}', "empty list"), (b"{}", "missing list")):
        status, headers, doc = post(svc, body)
        check(status == 400, "%s: 400" % what, json.dumps(doc))
        check(headers.get("X-Amzn-Errortype") == "BadRequestException", "%s: error type header" % what,
              json.dumps(headers))
        check(doc.get("Code") == "BadRequest" and doc.get("Message"), "%s: Code and Message" % what, json.dumps(doc))
    status, headers, doc = post(svc, b'{"PhoneNumberIds":["+18005550104"]}')
    check(status == 200 and doc == {"PhoneNumberErrors": []}, "an independent signer is accepted", json.dumps(doc))
    check("Date" in headers and headers["Date"].endswith(" GMT"), "Date header (IMF-fixdate)", json.dumps(headers))
    check(headers.get("x-amzn-RequestId"), "x-amzn-RequestId header", json.dumps(headers))

    # Unsigned and stale requests: the 403s AWS sends.
    status, headers, doc = post(svc, b'{"PhoneNumberIds":["+1"]}', headers={"content-type": "application/json"})
    check(status == 403 and headers.get("X-Amzn-Errortype", "").startswith("MissingAuthenticationTokenException"),
          "unsigned: MissingAuthenticationTokenException", json.dumps(headers))
    old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)
    host = "127.0.0.1:%d" % svc.port
    body = b'{"PhoneNumberIds":["+12065550103"]}'
    status, headers, doc = post(svc, body, sign_request("POST", host, "/phone-numbers", "operation=batch-delete",
                                                        body, now=old))
    check(status == 403 and headers.get("X-Amzn-Errortype", "").startswith("InvalidSignatureException"),
          "stale: InvalidSignatureException", json.dumps(headers))
    check(doc.get("message", "").startswith("Signature expired: ") and "(" in doc["message"] and
          "- 5 min.)" in doc["message"], "stale: 'Signature expired' message", json.dumps(doc))
    status, doc = svc.get_number("+19995550199")
    check(status == 404, "GET of an unknown number: 404", json.dumps(doc))
    check("<redacted>" in svc.log() and "+18005550104" not in svc.log(), "the log never shows a PhoneNumberId",
          svc.log())


def scenario_service_safety(ctx):
    svc = ctx.service("--max-requests", "1")
    rc, out, err = ctx.delete(svc, ["+12065550100"])
    check(rc == 0, "one request served", describe(rc, out, err, svc))
    try:
        svc.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        raise Failure("chime-voice-local did not exit after --max-requests 1")
    check("stopped (max-requests reached)" in svc.log(), "stops after --max-requests", svc.log())

    svc2 = ctx.service("--timeout", "1")
    try:
        svc2.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        raise Failure("chime-voice-local did not exit after --timeout 1")
    check("stopped (timeout" in svc2.log(), "stops after --timeout", svc2.log())

    svc3 = ctx.service()
    check(svc3.stop() == 0 and "stopped (SIGTERM)" in svc3.log(), "stops cleanly on SIGTERM", svc3.log())


def scenario_configured_endpoint(ctx):
    """Issue 11: configured endpoint URLs route to the loopback service, with
    no --endpoint flag; ignore_configured_endpoint_urls switches them off."""
    svc = ctx.service()
    args = ["batch-delete-phone-number", "--phone-number-ids"]
    rc, out, err = ctx.run(args + ["+12065550100"], env=ctx.env(AWS_ENDPOINT_URL_CHIME_SDK_VOICE=svc.url))
    check(rc == 0, "AWS_ENDPOINT_URL_CHIME_SDK_VOICE routes to the loopback service", describe(rc, out, err, svc))
    rc, out, err = ctx.run(args + ["+12065550101"], env=ctx.env(AWS_ENDPOINT_URL=svc.url))
    check(rc == 0, "AWS_ENDPOINT_URL routes to the loopback service", describe(rc, out, err, svc))
    config = os.path.join(ctx.tmp, "config-endpoints")
    with open(config, "w") as f:
        f.write("[default]\nservices = local\nendpoint_url = http://127.0.0.1:9\n"
                "[services local]\nchime_sdk_voice =\n  endpoint_url = %s\n"
                "[profile plain]\nendpoint_url = %s\nmax_attempts = 2\n" % (svc.url, svc.url))
    rc, out, err = ctx.run(args + ["+12065550102"], env=ctx.env(AWS_CONFIG_FILE=config))
    check(rc == 0, "the profile's services section routes to the loopback service", describe(rc, out, err, svc))
    rc, out, err = ctx.run(args + ["+12065550103", "--debug"], env=ctx.env(AWS_CONFIG_FILE=config, AWS_PROFILE="plain"))
    check(rc == 0, "the profile's endpoint_url routes to the loopback service", describe(rc, out, err, svc))
    check("max_attempts 2 (profile" in err, "max_attempts from the profile, with its source", err)
    check(len(svc.requests()) == 4, "four requests reached the service", svc.log())
    # Ignored: the production host again (dry run: nothing is sent).
    rc, out, err = ctx.run(args + ["+12065550104", "--dry-run"],
                           env=ctx.env(AWS_ENDPOINT_URL_CHIME_SDK_VOICE=svc.url, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS="true"))
    check(rc == 0 and "host: voice-chime.us-east-1.amazonaws.com" in out.lower(),
          "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the configured URL", describe(rc, out, err))
    rc, out, err = ctx.run(args + ["+12065550104", "--dry-run"], env=ctx.env(AWS_USE_FIPS_ENDPOINT="true"))
    check(rc == 0 and "host: voice-chime-fips.us-east-1.amazonaws.com" in out.lower(), "AWS_USE_FIPS_ENDPOINT",
          describe(rc, out, err))
    # Bad values are usage errors that name the key and where it was set.
    for var, value in (("AWS_MAX_ATTEMPTS", "abc"), ("AWS_RETRY_MODE", "fast"), ("AWS_ENDPOINT_URL", "not a url"),
                       ("AWS_USE_FIPS_ENDPOINT", "yes")):
        rc, out, err = ctx.run(args + ["+12065550104"], env=ctx.env(**{var: value}))
        check(rc == 253 and var in err, "%s=%s is a configuration error (253) naming it" % (var, value), describe(rc, out, err))
    check(len(svc.requests()) == 4, "nothing else reached the service", svc.log())


class FakeSts:
    """An STS stand-in on 127.0.0.1 that answers AssumeRole with the
    loopback service's own keys (so the assumed-role call verifies)."""

    def __init__(self):
        import http.server
        import threading
        calls = self.calls = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                form = urllib.parse.parse_qs(self.rfile.read(n).decode())
                calls.append((form.get("Action", [""])[0], form.get("RoleArn", [""])[0],
                              self.headers.get("Authorization", "")))
                exp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
                body = ("<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>%s</AccessKeyId>"
                        "<SecretAccessKey>%s</SecretAccessKey><SessionToken>assumed-session-token</SessionToken>"
                        "<Expiration>%s</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
                        % (ACCESS_KEY, SECRET_KEY, exp)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def answer(self, status, body, ctype="application/json"):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_PUT(self):  # IMDSv2 token
                calls.append(("imds-token", self.headers.get("x-aws-ec2-metadata-token-ttl-seconds", ""), ""))
                self.answer(200, "imds-session-token", "text/plain")

            def do_GET(self):
                exp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
                creds = {"AccessKeyId": ACCESS_KEY, "SecretAccessKey": SECRET_KEY, "Token": "container-token",
                         "Expiration": exp}
                if self.path == "/container":
                    calls.append(("container", "", self.headers.get("Authorization", "")))
                    return self.answer(200, json.dumps(creds))
                if self.headers.get("x-aws-ec2-metadata-token") != "imds-session-token":
                    return self.answer(401, "")
                if self.path == "/latest/meta-data/iam/security-credentials/":
                    return self.answer(200, "e2e-role", "text/plain")
                if self.path == "/latest/meta-data/iam/security-credentials/e2e-role":
                    calls.append(("imds", "", ""))
                    return self.answer(200, json.dumps(dict(creds, Code="Success")), "text/plain")
                self.answer(404, "")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def scenario_credential_sources(ctx):
    """Issue 11: credential_process and assume-role (source_profile chain,
    STS on 127.0.0.1) through the library's chain; errors name the profile."""
    svc = ctx.service()
    sts = FakeSts()
    try:
        proc = os.path.join(ctx.tmp, "creds.py")
        with open(proc, "w") as f:
            f.write("import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': %r, 'SecretAccessKey': %r}))\n"
                    % (ACCESS_KEY, SECRET_KEY))
        config = os.path.join(ctx.tmp, "config-sources")
        with open(config, "w") as f:
            f.write("[profile proc]\ncredential_process = %s %s\n"
                    "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = basesecret\n"
                    "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/deleter\nsource_profile = base\n"
                    "role_session_name = e2e\n"
                    "[profile chained]\nrole_arn = arn:aws:iam::123456789012:role/second\nsource_profile = role\n"
                    "[profile broken]\ncredential_process = %s -c 'import sys; sys.exit(3)'\n"
                    "[profile loop]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = loop\n"
                    % (sys.executable, proc, sys.executable))
        base = dict(AWS_CONFIG_FILE=config, AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None)
        rc, out, err = ctx.delete(svc, ["+12065550100"], "--profile", "proc", env=ctx.env(**base))
        check(rc == 0, "credential_process credentials", describe(rc, out, err, svc))
        rc, out, err = ctx.delete(svc, ["+12065550101"], "--debug",
                                  env=ctx.env(AWS_PROFILE="chained", AWS_ENDPOINT_URL_STS=sts.url, **base))
        check(rc == 0, "assume-role chain credentials", describe(rc, out, err, svc))
        check([c[1] for c in sts.calls] == ["arn:aws:iam::123456789012:role/deleter",
                                            "arn:aws:iam::123456789012:role/second"],
              "the roles were assumed innermost first", repr(sts.calls))
        check("Credential=AKIDBASE/" in sts.calls[0][2] and "/sts/aws4_request" in sts.calls[0][2],
              "the first AssumeRole is signed with the source profile's key for sts", repr(sts.calls))
        check("assumed-session-token" not in out + err and SECRET_KEY not in out + err, "no secrets printed", err)
        rc, out, err = ctx.delete(svc, ["+12065550102"], "--profile", "broken", env=ctx.env(**base))
        check(rc == 253 and "credential_process in profile 'broken'" in err, "a failing process names the profile",
              describe(rc, out, err))
        rc, out, err = ctx.delete(svc, ["+12065550102"], "--profile", "loop", env=ctx.env(**base))
        check(rc == 253 and "source_profile cycle" in err, "a self-reference without keys is a cycle",
              describe(rc, out, err))
        check("Unable to locate credentials" not in err, "never 'Unable to locate credentials' for a profile with a source", err)
        check(len(svc.requests()) == 2, "two requests reached the service", svc.log())
        # The container endpoint and IMDSv2, both on the fake server (a fresh inventory).
        svc = ctx.service()
        nothing = dict(base, AWS_PROFILE="nothing-here")
        with open(config, "a") as f:
            f.write("[profile nothing-here]\n")
        rc, out, err = ctx.delete(svc, ["+12065550100"], env=ctx.env(
            AWS_CONTAINER_CREDENTIALS_FULL_URI=sts.url + "/container", AWS_CONTAINER_AUTHORIZATION_TOKEN="ctok",
            **nothing))
        check(rc == 0, "container credentials", describe(rc, out, err, svc))
        check(("container", "", "ctok") in sts.calls, "the container endpoint got the authorization token", repr(sts.calls))
        rc, out, err = ctx.delete(svc, ["+12065550101"], env=ctx.env(AWS_EC2_METADATA_SERVICE_ENDPOINT=sts.url, **nothing))
        check(rc == 0, "instance metadata credentials", describe(rc, out, err, svc))
        check(("imds-token", "21600", "") in sts.calls and ("imds", "", "") in sts.calls, "IMDSv2: token, then credentials",
              repr(sts.calls))
        check("imds-session-token" not in out + err, "the IMDS token is not printed", err)
        rc, out, err = ctx.delete(svc, ["+12065550102"], env=ctx.env(AWS_EC2_METADATA_DISABLED="true", **nothing))
        check(rc == 253 and "Unable to locate credentials" in err, "no source at all", describe(rc, out, err))
        check(len(svc.requests()) == 2, "two requests reached the second service", svc.log())
    finally:
        sts.close()


SCENARIOS = {name[len("scenario_"):]: fn for name, fn in sorted(globals().items()) if name.startswith("scenario_")}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli")
    ap.add_argument("--server")
    ap.add_argument("--seed")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("scenario", nargs="?")
    args = ap.parse_args()
    if args.list:
        print("\n".join(SCENARIOS))
        return 0
    if not (args.cli and args.server and args.seed and args.scenario in SCENARIOS):
        ap.error("need --cli, --server, --seed and one of: " + ", ".join(SCENARIOS))
    tmp = tempfile.mkdtemp(prefix="chime-voice-e2e-")
    ctx = Context(args, tmp)
    try:
        SCENARIOS[args.scenario](ctx)
    except Failure as e:
        print("FAIL %s: %s" % (args.scenario, e), file=sys.stderr)
        return 1
    finally:
        service_problems = []
        for s in ctx.services:
            try:
                rc = s.stop()
                log = s.log()
                if rc != 0 or "Sanitizer" in log or "runtime error:" in log:
                    service_problems.append("chime-voice-local exited with %s:\n%s" % (rc, log))
            except Failure as e:
                service_problems.append(str(e))
        shutil.rmtree(tmp, ignore_errors=True)
    if service_problems:
        print("FAIL %s: %s" % (args.scenario, "\n".join(service_problems)), file=sys.stderr)
        return 1
    print("PASS %s" % args.scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main())
